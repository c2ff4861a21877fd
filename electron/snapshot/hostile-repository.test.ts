import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { execHostStatus } from '../exec/index.js';
import { recordProgramsStarted } from '../exec/test-support/programs-started.js';
import { detectSandbox } from '../sandbox/index.js';
import { createSnapshot, diffSinceSnapshot, findRepositoryRoot, restoreSnapshot } from './index.js';
import { runGit } from './git.js';

/*
 * A repository whose config and attributes name programs (as a downloaded or cloned one may, or as a
 * sandboxed command that ran `git init` and `git config` may leave it). Tandem's own git (snapshot,
 * turn diff, undo) must run none of them. Each program, if run, leaves a mark in a folder outside the
 * sandbox's reach and one in the repository's object store (writable to Tandem's git even inside the
 * sandbox), so a program that ran at all is seen, contained or not.
 */

// What the agent hands its exec host, which starts every git of Tandem's (as it starts commands).
const programs = recordProgramsStarted();

const folders: string[] = [];
afterEach(() => {
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
});

function tempFolder(prefix: string, parent = tmpdir()): string {
  const folder = realpathSync(mkdtempSync(path.join(parent, prefix)));
  folders.push(folder);
  return folder;
}

function git(repo: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd: repo, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

interface Hostile {
  repo: string;
  marks: string;
  /** Every mark left, outside and inside the object store. */
  marksLeft(): string[];
}

/** A program that marks both places, then behaves like a harmless version of what it stands for. */
function program(repo: string, marks: string, name: string, body = ''): string {
  const file = path.join(repo, `${name}.sh`);
  writeFileSync(file, `#!/bin/sh\ntouch '${marks}/${name}' 2>/dev/null\ntouch '${repo}/.git/objects/mark-${name}' 2>/dev/null\n${body}\n`);
  chmodSync(file, 0o755);
  return file;
}

function hostileRepository(): Hostile {
  const repo = tempFolder('tandem-hostile-');
  // Outside /tmp: the sandbox must not let anything write here.
  const marks = tempFolder('tandem-hostile-marks-', '/var/tmp');
  git(repo, 'init', '-q', '-b', 'main');
  git(repo, 'config', 'user.name', 'Mallory');
  git(repo, 'config', 'user.email', 'mallory@example.com');
  writeFileSync(path.join(repo, 'a.txt'), 'one\n');
  writeFileSync(path.join(repo, 'pic.bin'), 'binary\n');
  git(repo, 'add', '-A');
  git(repo, 'commit', '-q', '-m', 'initial');

  const config: Array<[string, string]> = [
    ['core.fsmonitor', program(repo, marks, 'fsmonitor')],
    ['core.pager', program(repo, marks, 'pager', 'cat')],
    ['core.sshCommand', program(repo, marks, 'ssh')],
    ['diff.external', program(repo, marks, 'external-diff')],
    ['diff.evil.textconv', program(repo, marks, 'textconv', 'cat "$1"')],
    ['diff.evil.command', program(repo, marks, 'diff-command')],
    ['filter.evil.clean', program(repo, marks, 'clean', 'cat')],
    ['filter.evil.smudge', program(repo, marks, 'smudge', 'cat')],
    ['filter.evil.required', 'true'],
    ['filter.evil=process.process', program(repo, marks, 'process')],
    ['credential.helper', program(repo, marks, 'credential')],
    ['gpg.program', program(repo, marks, 'gpg')],
    ['commit.gpgSign', 'true'],
    ['core.hooksPath', path.join(repo, 'hooks')],
  ];
  for (const [key, value] of config) git(repo, 'config', key, value);
  // Hooks both where core.hooksPath points and in .git/hooks; post-index-change runs on index writes.
  mkdirSync(path.join(repo, 'hooks'));
  for (const hook of ['post-index-change', 'post-checkout', 'pre-commit', 'post-commit', 'reference-transaction']) {
    for (const folder of [path.join(repo, 'hooks'), path.join(repo, '.git', 'hooks')]) {
      writeFileSync(path.join(folder, hook), `#!/bin/sh\ntouch '${marks}/hook-${hook}'\ntouch '${repo}/.git/objects/mark-hook-${hook}'\n`);
      chmodSync(path.join(folder, hook), 0o755);
    }
  }
  writeFileSync(path.join(repo, '.gitattributes'), '*.txt filter=evil diff=evil\n*.bin diff=evil filter=evil=process\n');
  return {
    repo,
    marks,
    marksLeft: () => [...readdirSync(marks), ...readdirSync(path.join(repo, '.git', 'objects')).filter((name) => name.startsWith('mark-'))],
  };
}

describe("Tandem's own git in a hostile repository", () => {
  it('runs git inside the sandbox here', async () => {
    expect(await detectSandbox()).toMatchObject({ kind: 'bwrap' });
  });

  it('takes a snapshot, diffs and undoes without running any program the repository names', async () => {
    const { repo, marksLeft } = hostileRepository();
    const snapshot = await createSnapshot(repo);
    if (snapshot === null) throw new Error('expected a snapshot');
    writeFileSync(path.join(repo, 'a.txt'), 'two\n');
    writeFileSync(path.join(repo, 'pic.bin'), 'changed\n');
    writeFileSync(path.join(repo, 'new.txt'), 'created\n');
    const diff = await diffSinceSnapshot(snapshot);
    expect(diff).toContain('+two');
    expect(diff).toContain('new.txt');
    const restored = await restoreSnapshot(snapshot);
    expect(restored).toMatchObject({ restored: 2, removed: 1 });
    expect(existsSync(path.join(repo, 'new.txt'))).toBe(false);
    expect(marksLeft()).toEqual([]);
  });

  it('starts its git in the exec host, sandboxed, hardened and with a scrubbed environment, and still runs nothing the repository names', async () => {
    const { repo, marksLeft } = hostileRepository();
    const other = tempFolder('tandem-hostile-other-');
    git(other, 'init', '-q');
    // Inherited from whoever started Tandem: another repository's variables, a credential, a desktop socket.
    const planted = { GIT_DIR: path.join(other, '.git'), GIT_INDEX_FILE: path.join(other, 'index'), TANDEM_TEST_API_KEY: 'sk-planted', SSH_AUTH_SOCK: '/tmp/agent.sock' };
    const saved = Object.fromEntries(Object.keys(planted).map((name) => [name, process.env[name]]));
    Object.assign(process.env, planted);
    programs.length = 0;
    try {
      const snapshot = await createSnapshot(repo);
      expect(snapshot?.repoRoot).toBe(repo);
      writeFileSync(path.join(repo, 'a.txt'), 'two\n');
      expect(await diffSinceSnapshot(snapshot!)).toContain('+two');
    } finally {
      for (const [name, value] of Object.entries(saved)) {
        if (value === undefined) delete process.env[name];
        else process.env[name] = value;
      }
    }
    expect(execHostStatus().state).toBe('running');
    expect(programs.length).toBeGreaterThan(2);
    for (const run of programs) {
      expect(run.argv[0]).toMatch(/bwrap$/);
      const gitArgs = run.argv.slice(run.argv.indexOf('--') + 1);
      expect(gitArgs[0]).toBe('git');
      expect(gitArgs).toContain('core.hooksPath=/dev/null');
      expect(gitArgs).toContain('core.fsmonitor=false');
      expect(run.env).not.toHaveProperty('GIT_DIR');
      expect(run.env).not.toHaveProperty('TANDEM_TEST_API_KEY');
      expect(run.env).not.toHaveProperty('SSH_AUTH_SOCK');
      expect(run.env.GIT_TERMINAL_PROMPT).toBe('0');
      if (run.env.GIT_INDEX_FILE !== undefined) expect(run.env.GIT_INDEX_FILE.startsWith(other)).toBe(false);
    }
    // The drivers the repository's config names are disarmed by name, through the environment.
    expect(programs.some((run) => Object.values(run.env).includes('filter.evil.clean'))).toBe(true);
    expect(readdirSync(path.join(other, '.git', 'objects')).filter((name) => /^[0-9a-f]{2}$/.test(name))).toEqual([]);
    expect(marksLeft()).toEqual([]);
  });

  it('disarms a driver whose name holds "=", which -c would split', async () => {
    const { repo, marksLeft } = hostileRepository();
    writeFileSync(path.join(repo, 'pic.bin'), 'changed\n');
    const snapshot = await createSnapshot(repo);
    expect(snapshot).not.toBeNull();
    expect(marksLeft()).toEqual([]);
  });

  it('keeps the repository to itself when its config moves the work tree elsewhere (core.worktree)', async () => {
    const { repo } = hostileRepository();
    const elsewhere = tempFolder('tandem-hostile-worktree-', '/var/tmp');
    writeFileSync(path.join(elsewhere, 'precious.txt'), 'mine\n');
    git(repo, 'config', 'core.worktree', elsewhere);
    expect(await findRepositoryRoot(repo)).toBeNull();
    expect(await createSnapshot(repo)).toBeNull();
    expect(readdirSync(elsewhere)).toEqual(['precious.txt']);
  });

  it('holds in, inside the sandbox, whatever a git call might still run: no write outside its object store and index', async () => {
    const { repo, marks } = hostileRepository();
    // The one way left to make Tandem's git run a program: an alias is a command git looks up in config.
    // Tandem never runs aliases; this shows the walls that hold should something like it slip through.
    git(repo, 'config', 'alias.escape', `!touch '${marks}/alias' '${repo}/outside-object-store' '${repo}/.git/objects/inside'`);
    await runGit(['escape'], { cwd: repo, acceptExitCodes: [1], writes: { folders: [path.join(repo, '.git', 'objects')] } });
    expect(readdirSync(marks)).toEqual([]);
    expect(existsSync(path.join(repo, 'outside-object-store'))).toBe(false);
    expect(existsSync(path.join(repo, '.git', 'objects', 'inside'))).toBe(true);
  });

  it('takes a sandbox that could not be set up for a failure, not for git answering "nothing" (exit 1)', async () => {
    const { repo } = hostileRepository();
    // A writable folder that does not exist makes bwrap stop before git starts, exiting 1 as git's `config --list`
    // does when it finds nothing: read as an answer, the repository's drivers would seem to be none.
    const missing = path.join(repo, 'no-such-folder');
    const failed = runGit(['config', '--list', '--show-scope', '--name-only', '-z'], { cwd: repo, acceptExitCodes: [1], writes: { folders: [missing] } });
    await expect(failed).rejects.toThrow(/The sandbox for git could not be set up: bwrap: /);
    // The same call with the sandbox set up lists the repository's hostile drivers.
    const listed = await runGit(['config', '--list', '--show-scope', '--name-only', '-z'], { cwd: repo, acceptExitCodes: [1] });
    expect(listed.stdout).toContain('textconv');
  });
});
