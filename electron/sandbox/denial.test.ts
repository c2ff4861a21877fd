import { describe, expect, it } from 'vitest';
import { looksLikeSandboxDenial } from './denial.js';

describe('looksLikeSandboxDenial', () => {
  it.each([
    'bash: line 1: /var/tmp/x: Read-only file system',
    "touch: cannot touch '/Users/me/x': Operation not permitted",
    "Error: EACCES: permission denied, open '/etc/hosts'",
    'curl: (6) Could not resolve host: registry.npmjs.org',
    'npm error request to https://registry.npmjs.org/zod failed, reason: getaddrinfo EAI_AGAIN registry.npmjs.org',
    'ssh: connect to host github.com port 22: Network is unreachable',
  ])('recognises a failure saying %j', (output) => {
    expect(looksLikeSandboxDenial({ exitCode: 1, aggregatedOutput: output })).toBe(true);
  });

  it('ignores successes, even ones that mention a denial', () => {
    expect(looksLikeSandboxDenial({ exitCode: 0, aggregatedOutput: 'grep: x: Permission denied' })).toBe(false);
  });

  it('ignores timeouts', () => {
    expect(looksLikeSandboxDenial({ exitCode: 124, aggregatedOutput: 'command timed out after 10 milliseconds\nPermission denied' })).toBe(false);
  });

  it('ignores ordinary failures', () => {
    expect(looksLikeSandboxDenial({ exitCode: 1, aggregatedOutput: 'FAIL src/sum.test.ts\nexpected 3 to be 4' })).toBe(false);
    expect(looksLikeSandboxDenial({ exitCode: 127, aggregatedOutput: 'bash: foo: command not found' })).toBe(false);
  });
});
