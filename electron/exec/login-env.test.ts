import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { resolveLoginEnvironment } from './login-env.js';
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
