import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * The HOME every test runs with: a folder of its own with plain shell start-up files, so tests never
 * depend on (or slow down with) the dotfiles of the machine they run on. Agents resolve the login shell's
 * environment from HOME, and a busy rc file (pyenv, nvm) run by many test processes at once can take
 * seconds. It sits outside /tmp because the workspace sandbox makes /tmp writable, and some tests need a
 * place the sandbox must not reach.
 */
export const TEST_HOME = path.join(os.platform() === 'win32' ? os.tmpdir() : '/var/tmp', `tandem-test-home-${process.getuid?.() ?? 0}`);

export function prepareTestHome(): string {
  mkdirSync(TEST_HOME, { recursive: true });
  const rc = '# Tandem test home: nothing to set up.\n';
  for (const file of ['.profile', '.bashrc', '.bash_profile', '.zshrc', '.zprofile']) writeFileSync(path.join(TEST_HOME, file), rc);
  return TEST_HOME;
}
