import { describe, expect, it } from 'vitest';
import { apiKeyProblem } from './api-key.js';

describe('apiKeyProblem', () => {
  it('takes keys as providers hand them out', () => {
    expect(apiKeyProblem('sk-proj-abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGH')).toBeNull();
    expect(apiKeyProblem('  sk-test-entered-in-settings\n')).toBeNull();
    expect(apiKeyProblem('0123456789abcdef0123456789abcdef')).toBeNull();
  });

  it('refuses words meant for the agent that landed in the key field', () => {
    expect(apiKeyProblem('and also fix the docs')).toMatch(/spaces/);
    expect(apiKeyProblem('sk-abc\tdef-ghijkl')).toMatch(/spaces/);
    expect(apiKeyProblem('thanks')).toMatch(/only 6 characters/);
    expect(apiKeyProblem('')).toMatch(/empty/);
  });

  it('refuses characters no key has, and a paste far too long', () => {
    expect(apiKeyProblem('sk-clé-0123456789')).toMatch(/characters a key never has/);
    expect(apiKeyProblem('x'.repeat(501))).toMatch(/longer than 500/);
  });
});
