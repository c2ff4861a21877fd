import { describe, expect, it } from 'vitest';
import { commandEnvironment, sandboxedEnvironment } from './command-env.js';
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

describe('secret-looking variables', () => {
  const login = {
    PATH: '/usr/bin:/bin',
    AWS_SECRET_ACCESS_KEY: 'aws',
    GITHUB_TOKEN: 'gh',
    npm_config__authToken: 'npm',
    PGPASSWORD: 'pg',
    DOCKER_CREDENTIAL_HELPER: 'cred',
    KEYCHAIN_PASSWD: 'kc',
    SSH_AUTH_SOCK: '/tmp/ssh-x/agent.1',
    DBUS_SESSION_BUS_ADDRESS: 'unix:path=/run/user/1000/bus',
    DISPLAY: ':0',
    EDITOR: 'vim',
  };

  it('are dropped for every command, as Codex drops *KEY*, *SECRET* and *TOKEN*, and passwords and credentials too', () => {
    const env = commandEnvironment(login);
    expect(Object.keys(env).sort()).toEqual(['DBUS_SESSION_BUS_ADDRESS', 'DISPLAY', 'EDITOR', 'GIT_PAGER', 'NO_COLOR', 'PAGER', 'PATH', 'SSH_AUTH_SOCK', 'TERM']);
  });

  it('pass through when the person names them', () => {
    const env = commandEnvironment(login, { passthrough: ['GITHUB_TOKEN'] });
    expect(env.GITHUB_TOKEN).toBe('gh');
    expect(env.AWS_SECRET_ACCESS_KEY).toBeUndefined();
  });

  it('and the desktop session sockets stay out of sandboxed commands, which could not reach them anyway', () => {
    const env = sandboxedEnvironment(commandEnvironment(login));
    expect(env.SSH_AUTH_SOCK).toBeUndefined();
    expect(env.DBUS_SESSION_BUS_ADDRESS).toBeUndefined();
    expect(env.DISPLAY).toBeUndefined();
    expect(env.EDITOR).toBe('vim');
  });
});
