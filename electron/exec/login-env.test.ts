import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseEnvOutput, resolveLoginEnvironment } from './login-env.js';
import { userShell } from './shell.js';

const scratch = mkdtempSync(path.join(os.tmpdir(), 'tandem-login-env-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function fakeShell(name: string, body: string): string {
  const file = path.join(scratch, name);
  writeFileSync(file, `#!/bin/bash\n${body}\n`);
  chmodSync(file, 0o755);
  return file;
}

describe('resolveLoginEnvironment', () => {
  it("reads the login shell's environment, PATH included", async () => {
    const { env, warning } = await resolveLoginEnvironment('/bin/bash');
    expect(warning).toBeUndefined();
    expect(env.PATH?.split(':')).toContain('/usr/bin');
    expect(env.HOME).toBe(os.homedir());
    // The probe's own traces stay out.
    expect(env.SHLVL).toBeUndefined();
    expect(env.ELECTRON_RUN_AS_NODE).toBeUndefined();
  });

  it('keeps values with newlines and ignores what rc files print', async () => {
    const shell = fakeShell('chatty-shell', 'echo "Welcome back!"; echo "motd" >&2; export MULTI="one\ntwo"; exec /bin/bash "$@"');
    const { env, warning } = await resolveLoginEnvironment(shell);
    expect(warning).toBeUndefined();
    expect(env.MULTI).toBe('one\ntwo');
  });

  it('needs no Node: the shell itself prints the environment, with no ELECTRON_RUN_AS_NODE set for it', async () => {
    // A shell that records what it was asked to run and with which environment, then runs it.
    const log = path.join(scratch, 'probe-log');
    const shell = fakeShell('recording-shell', `printf '%s\\n' "$*" > ${log}; printf 'RUN_AS_NODE=%s\\n' "\${ELECTRON_RUN_AS_NODE-unset}" >> ${log}; exec /bin/bash "$@"`);
    const { env, warning } = await resolveLoginEnvironment(shell);
    expect(warning).toBeUndefined();
    expect(env.PATH).toBeTruthy();
    const recorded = readFileSync(log, 'utf8');
    expect(recorded).toContain('env -0');
    expect(recorded).not.toContain(process.execPath);
    expect(recorded).toContain('RUN_AS_NODE=unset');
  });

  it('reads an env that has no -0 (one entry a line)', async () => {
    // An `env` that refuses -0, as macOS before 13 does: a function the login shell inherits (rc files reset PATH).
    const calls = path.join(scratch, 'old-env-calls');
    const shell = fakeShell(
      'old-env-shell',
      `env() { echo "env $*" >> ${calls}; if [ "$1" = -0 ]; then echo "env: illegal option -- 0" >&2; return 1; fi; command env "$@"; }; export -f env; export OLD_ENV_MARK=seen; export MULTI="one\ntwo"; exec /bin/bash "$@"`,
    );
    const { env, warning } = await resolveLoginEnvironment(shell);
    expect(warning).toBeUndefined();
    expect(readFileSync(calls, 'utf8')).toBe('env -0\nenv \n');
    expect(env.OLD_ENV_MARK).toBe('seen');
    expect(env.MULTI).toBe('one\ntwo');
  });

  it('falls back to its own environment, saying why, when the shell fails', async () => {
    const shell = fakeShell('broken-shell', 'echo "broken-shell: bad option" >&2; exit 2');
    const { env, warning } = await resolveLoginEnvironment(shell);
    expect(env.PATH).toBe(process.env.PATH);
    expect(warning).toContain(`${shell} exited with 2: broken-shell: bad option`);
  });

  it('gives up on a shell whose rc files block', async () => {
    // Left to finish on its own (never killed), so it should not run long after the test.
    const shell = fakeShell('stuck-shell', 'sleep 7');
    const { env, warning } = await resolveLoginEnvironment(shell);
    expect(env.PATH).toBe(process.env.PATH);
    expect(warning).toContain('took longer than 5 s');
  });

  it('falls back when the shell does not exist', async () => {
    const { warning } = await resolveLoginEnvironment(path.join(scratch, 'no-such-shell'));
    expect(warning).toContain('no-such-shell');
  });
});

describe('userShell', () => {
  it('names the shell from $SHELL', () => {
    const shell = userShell();
    expect(shell.path).toBe(process.env.SHELL || '/bin/bash');
    expect(shell.name).toBe(path.basename(shell.path));
  });
});

describe('parseEnvOutput', () => {
  it('splits NUL-separated entries, keeping newlines and = inside values', () => {
    expect(parseEnvOutput('A=1\0MULTI=one\ntwo\0EQ=a=b\0')).toEqual({ A: '1', MULTI: 'one\ntwo', EQ: 'a=b' });
  });

  it('reads one entry a line, a line that names no variable continuing the value before it', () => {
    expect(parseEnvOutput('A=1\nMULTI=one\ntwo\nB=2\n')).toEqual({ A: '1', MULTI: 'one\ntwo', B: '2' });
  });
});
