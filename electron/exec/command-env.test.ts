import { describe, expect, it } from 'vitest';
import { commandEnvironment } from './command-env.js';
import { runCommand } from './run.js';

describe('commandEnvironment', () => {
  it('keeps the agent secrets out of commands and asks for plain output', async () => {
    const env = commandEnvironment({
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      HOME: '/home/someone',
      OPENAI_API_KEY: 'sk-secret-1',
      ANTHROPIC_API_KEY: 'sk-secret-2',
      TANDEM_HOME: '/home/someone/.tandem',
      TERM: 'xterm-256color',
      PAGER: 'less',
    });
    const result = await runCommand({
      argv: ['env'],
      cwd: '/',
      timeoutMs: 10_000,
      env,
      sandbox: { mode: 'danger-full-access' },
      sandboxKind: 'none',
      workspace: '/',
      writableRoots: [],
    });
    expect(result.stdout).not.toContain('sk-secret');
    expect(result.stdout).not.toContain('TANDEM_');
    const lines = result.stdout.split('\n');
    expect(lines).toEqual(
      expect.arrayContaining(['HOME=/home/someone', 'NO_COLOR=1', 'TERM=dumb', 'PAGER=cat', 'GIT_PAGER=cat']),
    );
  });
});
