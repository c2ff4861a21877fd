import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, truncateSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  createSnapshot,
  diffSinceSnapshot,
  findRepositoryRoot,
  LARGE_UNTRACKED_FILE_BYTES,
  parseSnapshot,
  restoreSnapshot,
  undoUnavailableMessage,
  type Snapshot,
} from './index.js';

const folders: string[] = [];

function tempFolder(prefix: string): string {
  const folder = mkdtempSync(path.join(tmpdir(), prefix));
  folders.push(folder);
  return folder;
}

afterEach(() => {
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
});

function git(repo: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd: repo, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

function write(repo: string, file: string, content: string | Buffer): void {
  const target = path.join(repo, file);
  mkdirSync(path.dirname(target), { recursive: true });
  writeFileSync(target, content);
}

function read(repo: string, file: string): string {
  return readFileSync(path.join(repo, file), 'utf8');
}

function remove(repo: string, file: string): void {
  rmSync(path.join(repo, file), { recursive: true });
}

/** A fresh repository with a local identity (unless told otherwise) and no commits. */
function emptyRepository(options: { identity?: boolean } = {}): string {
  // realpath: git reports the top folder with symbolic links resolved (macOS /var -> /private/var).
  const repo = realpathSync(tempFolder('tandem-snapshot-test-'));
  git(repo, 'init', '-q', '-b', 'main');
  git(repo, 'config', 'core.autocrlf', 'false');
  git(repo, 'config', 'commit.gpgSign', 'false');
  if (options.identity !== false) {
    git(repo, 'config', 'user.name', 'Test Person');
    git(repo, 'config', 'user.email', 'person@example.com');
  }
  return repo;
}

function commitAll(repo: string, message: string): void {
  git(repo, 'add', '--all');
  git(repo, '-c', 'user.name=Test Person', '-c', 'user.email=person@example.com', 'commit', '-q', '-m', message);
}

/** Every file under `repo` (outside .git) with its content. */
function filesOf(repo: string): Record<string, string> {
  const files: Record<string, string> = {};
  const walk = (folder: string, prefix: string): void => {
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      if (prefix === '' && entry.name === '.git') continue;
      const relative = `${prefix}${entry.name}`;
      if (entry.isDirectory()) walk(path.join(folder, entry.name), `${relative}/`);
      else files[relative] = readFileSync(path.join(folder, entry.name), 'utf8');
    }
  };
  walk(repo, '');
  return files;
}

/** What the user sees of git's state: index, HEAD, refs, stash, status. */
function userGitState(repo: string) {
  return {
    index: git(repo, 'ls-files', '--stage'),
    staged: git(repo, 'diff', '--cached', '--name-status'),
    head: git(repo, 'rev-parse', 'HEAD'),
    refs: git(repo, 'for-each-ref'),
    stash: git(repo, 'stash', 'list'),
    status: git(repo, 'status', '--porcelain'),
  };
}

describe('createSnapshot and restoreSnapshot', () => {
  it('bring back exactly the snapshot and leave the index, HEAD, refs, stash, ignored files and node_modules alone', async () => {
    const repo = emptyRepository();
    write(repo, '.gitignore', 'ignored.log\nsecrets/\n');
    write(repo, 'a.txt', 'a committed\n');
    write(repo, 'src/b.ts', 'export const b = 1;\n');
    write(repo, 'gone.txt', 'will be deleted\n');
    write(repo, 'keep.txt', 'keep\n');
    commitAll(repo, 'initial');
    // A stash and a branch that must stay as they are.
    write(repo, 'keep.txt', 'stashed change\n');
    git(repo, 'stash', 'push', '-q', '-m', 'work in progress');
    git(repo, 'branch', 'feature');
    // Index differs from both HEAD and the working tree.
    write(repo, 'a.txt', 'a staged\n');
    write(repo, 'staged-new.txt', 'staged new file\n');
    git(repo, 'add', 'a.txt', 'staged-new.txt');
    write(repo, 'a.txt', 'a in the working tree\n');
    // Untracked, ignored and dependency files.
    write(repo, 'notes.txt', 'notes before\n');
    write(repo, 'drafts/idea.md', '# idea\n');
    write(repo, 'ignored.log', 'log before\n');
    write(repo, 'secrets/key', 'k1\n');
    write(repo, 'node_modules/pkg/index.js', 'module.exports = 1;\n');

    const before = filesOf(repo);
    const gitBefore = userGitState(repo);

    const snapshot = await createSnapshot(repo);
    expect(snapshot).not.toBeNull();
    if (snapshot === null) return;
    expect(snapshot.repoRoot).toBe(repo);
    expect(snapshot.commit).toMatch(/^[0-9a-f]{40}$/);
    expect(snapshot.untrackedAtSnapshot.sort()).toEqual(['drafts/idea.md', 'notes.txt', 'staged-new.txt']);
    expect(snapshot.ignoredSkipped).toEqual(['node_modules/']);
    expect(git(repo, 'ls-tree', '-r', '--name-only', snapshot.commit).split('\n').filter(Boolean).sort()).toEqual(
      ['.gitignore', 'a.txt', 'drafts/idea.md', 'gone.txt', 'keep.txt', 'notes.txt', 'src/b.ts', 'staged-new.txt'],
    );
    expect(git(repo, 'show', `${snapshot.commit}:a.txt`)).toBe('a in the working tree\n');
    expect(git(repo, 'rev-parse', `${snapshot.commit}^`).trim()).toBe(gitBefore.head.trim());
    // Reachable from no ref: not in `git log --all`.
    expect(git(repo, 'rev-list', '--all')).not.toContain(snapshot.commit);
    expect(userGitState(repo)).toEqual(gitBefore);

    // The turn: modify, delete and create, tracked and untracked, ignored and dependencies too.
    write(repo, 'a.txt', 'a changed by the agent\n');
    remove(repo, 'src/b.ts');
    remove(repo, 'gone.txt');
    write(repo, 'notes.txt', 'notes after\n');
    remove(repo, 'drafts');
    write(repo, 'new.txt', 'created\n');
    write(repo, 'newdir/deep/y.txt', 'created deep\n');
    write(repo, 'ignored.log', 'log after\n');
    write(repo, 'secrets/new-key', 'k2\n');
    write(repo, 'node_modules/pkg/index.js', 'module.exports = 2;\n');
    write(repo, 'node_modules/pkg/added.js', 'added\n');

    const result = await restoreSnapshot(snapshot);
    expect(result).toEqual({
      restored: 5,
      removed: 2,
      message: 'Restored 5 files and removed 2 files created since the snapshot.',
    });
    expect(filesOf(repo)).toEqual({
      ...before,
      'ignored.log': 'log after\n',
      'secrets/new-key': 'k2\n',
      'node_modules/pkg/index.js': 'module.exports = 2;\n',
      'node_modules/pkg/added.js': 'added\n',
    });
    expect(existsSync(path.join(repo, 'newdir'))).toBe(false);
    expect(userGitState(repo)).toEqual(gitBefore);
    expect(existsSync(path.join(repo, '.git', 'index.lock'))).toBe(false);
  });

  it('say there is nothing to undo when the files already match', async () => {
    const repo = emptyRepository();
    write(repo, 'a.txt', 'a\n');
    commitAll(repo, 'initial');
    const snapshot = await createSnapshot(repo);
    if (snapshot === null) throw new Error('expected a snapshot');
    expect(await restoreSnapshot(snapshot)).toEqual({
      restored: 0,
      removed: 0,
      message: 'Nothing to undo: the files already match the snapshot.',
    });
  });

  it('cover and restore the whole repository when started in a subfolder', async () => {
    const repo = emptyRepository();
    write(repo, 'top.txt', 'top\n');
    write(repo, 'pkg/inner.txt', 'inner\n');
    commitAll(repo, 'initial');
    const subfolder = path.join(repo, 'pkg');
    expect(await findRepositoryRoot(subfolder)).toBe(repo);

    const snapshot = await createSnapshot(subfolder);
    if (snapshot === null) throw new Error('expected a snapshot');
    expect(snapshot.repoRoot).toBe(repo);
    write(repo, 'top.txt', 'changed\n');
    write(repo, 'pkg/inner.txt', 'changed\n');
    write(repo, 'other/created.txt', 'new\n');

    expect((await restoreSnapshot(snapshot)).message).toBe('Restored 2 files and removed 1 file created since the snapshot.');
    expect(filesOf(repo)).toEqual({ 'top.txt': 'top\n', 'pkg/inner.txt': 'inner\n' });
  });

  it('work in a repository with no commits yet, leaving HEAD unborn', async () => {
    const repo = emptyRepository();
    write(repo, 'first.txt', 'first\n');
    write(repo, 'lib/second.txt', 'second\n');

    const snapshot = await createSnapshot(repo);
    if (snapshot === null) throw new Error('expected a snapshot');
    expect(git(repo, 'rev-list', '--parents', '-n', '1', snapshot.commit).trim()).toBe(snapshot.commit);
    expect(snapshot.untrackedAtSnapshot.sort()).toEqual(['first.txt', 'lib/second.txt']);

    write(repo, 'first.txt', 'edited\n');
    remove(repo, 'lib/second.txt');
    write(repo, 'third.txt', 'third\n');
    const diff = await diffSinceSnapshot(snapshot);
    expect(diff).toContain('diff --git a/third.txt b/third.txt');

    expect(await restoreSnapshot(snapshot)).toMatchObject({ restored: 2, removed: 1 });
    expect(filesOf(repo)).toEqual({ 'first.txt': 'first\n', 'lib/second.txt': 'second\n' });
    expect(() => git(repo, 'rev-parse', '--verify', '--quiet', 'HEAD')).toThrow();
    expect(git(repo, 'ls-files')).toBe('');
  });

  it('work with no git identity configured anywhere', async () => {
    const home = tempFolder('tandem-snapshot-home-');
    const emptyConfig = path.join(home, 'gitconfig');
    writeFileSync(emptyConfig, '');
    const saved = { GIT_CONFIG_GLOBAL: process.env.GIT_CONFIG_GLOBAL, GIT_CONFIG_NOSYSTEM: process.env.GIT_CONFIG_NOSYSTEM };
    process.env.GIT_CONFIG_GLOBAL = emptyConfig;
    process.env.GIT_CONFIG_NOSYSTEM = '1';
    try {
      const repo = emptyRepository({ identity: false });
      // Forbid git from making up an identity from the host name.
      git(repo, 'config', 'user.useConfigOnly', 'true');
      write(repo, 'a.txt', 'a\n');
      commitAll(repo, 'initial');
      write(repo, 'a.txt', 'changed\n');
      expect(() => git(repo, 'commit', '-q', '-am', 'needs an identity')).toThrow();

      const snapshot = await createSnapshot(repo);
      if (snapshot === null) throw new Error('expected a snapshot');
      expect(git(repo, 'log', '-1', '--format=%an <%ae>', snapshot.commit).trim()).toBe('Tandem Snapshot <snapshot@tandem.invalid>');
      write(repo, 'a.txt', 'changed again\n');
      expect(await restoreSnapshot(snapshot)).toMatchObject({ restored: 1, removed: 0 });
      expect(read(repo, 'a.txt')).toBe('changed\n');
    } finally {
      for (const [name, value] of Object.entries(saved)) {
        if (value === undefined) delete process.env[name];
        else process.env[name] = value;
      }
    }
  });

  it('skip large untracked files and untracked nested repositories, and never delete them', async () => {
    const repo = emptyRepository();
    write(repo, 'a.txt', 'a\n');
    commitAll(repo, 'initial');
    write(repo, 'big.bin', '');
    truncateSync(path.join(repo, 'big.bin'), LARGE_UNTRACKED_FILE_BYTES + 1);
    const nested = path.join(repo, 'vendor', 'lib');
    mkdirSync(nested, { recursive: true });
    git(nested, 'init', '-q');
    write(repo, 'vendor/lib/code.c', 'int x;\n');
    write(repo, 'dist/bundle.js', 'bundled\n');
    write(repo, 'build', '#!/bin/sh\necho a script named build\n');

    const snapshot = await createSnapshot(repo);
    if (snapshot === null) throw new Error('expected a snapshot');
    expect(snapshot.ignoredSkipped).toEqual(['big.bin', 'dist/', 'vendor/lib/']);
    // A file named like a skipped folder is still snapshotted.
    expect(snapshot.untrackedAtSnapshot).toEqual(['build']);
    expect(() => git(repo, 'cat-file', '-e', `${snapshot.commit}:big.bin`)).toThrow();

    // The turn shrinks the big file below the limit and makes the nested repository plain files.
    writeFileSync(path.join(repo, 'big.bin'), 'small now\n');
    rmSync(path.join(nested, '.git'), { recursive: true });
    write(repo, 'dist/bundle.js', 'rebuilt\n');
    write(repo, 'created.txt', 'new\n');

    expect(await restoreSnapshot(snapshot)).toMatchObject({ restored: 0, removed: 1 });
    expect(read(repo, 'big.bin')).toBe('small now\n');
    expect(read(repo, 'vendor/lib/code.c')).toBe('int x;\n');
    expect(read(repo, 'dist/bundle.js')).toBe('rebuilt\n');
    expect(existsSync(path.join(repo, 'created.txt'))).toBe(false);
  });

  it('keep a file that was ignored at the snapshot even when the turn un-ignored it', async () => {
    const repo = emptyRepository();
    write(repo, '.gitignore', '.env\n*.db\n');
    write(repo, 'sub/.gitignore', 'local.cfg\n');
    write(repo, 'app.js', 'app\n');
    commitAll(repo, 'initial');
    write(repo, '.env', 'API_KEY=secret\n');
    write(repo, 'data.db', 'rows\n');
    write(repo, 'sub/local.cfg', 'cfg\n');

    const snapshot = await createSnapshot(repo);
    if (snapshot === null) throw new Error('expected a snapshot');
    write(repo, '.gitignore', '');
    remove(repo, 'sub/.gitignore');
    write(repo, 'created.txt', 'new\n');

    expect(await restoreSnapshot(snapshot)).toEqual({
      restored: 2,
      removed: 1,
      message: 'Restored 2 files and removed 1 file created since the snapshot.',
    });
    expect(filesOf(repo)).toEqual({
      '.gitignore': '.env\n*.db\n',
      'sub/.gitignore': 'local.cfg\n',
      'app.js': 'app\n',
      '.env': 'API_KEY=secret\n',
      'data.db': 'rows\n',
      'sub/local.cfg': 'cfg\n',
    });
  });

  it('capture an edit that only git\'s racy-clean check can see (same size, same mtime as the index)', async () => {
    const repo = emptyRepository();
    // Only mtime and size then tell git whether a file changed, as on file systems with coarse clocks.
    git(repo, 'config', 'core.trustctime', 'false');
    write(repo, 'a.txt', 'aaaa\n');
    commitAll(repo, 'initial');
    const file = path.join(repo, 'a.txt');
    const past = new Date(Date.now() - 100_000);
    utimesSync(file, past, past);
    git(repo, 'add', 'a.txt');
    // The index now says a.txt was seen at `past`, and the index itself is as old: racily clean.
    utimesSync(path.join(repo, '.git', 'index'), past, past);
    writeFileSync(file, 'bbbb\n');
    utimesSync(file, past, past);

    const snapshot = await createSnapshot(repo);
    if (snapshot === null) throw new Error('expected a snapshot');
    expect(git(repo, 'show', `${snapshot.commit}:a.txt`)).toBe('bbbb\n');
  });

  it('work in the middle of a conflicted merge and leave the conflict in the index', async () => {
    const repo = emptyRepository();
    write(repo, 'f.txt', 'base\n');
    commitAll(repo, 'base');
    git(repo, 'checkout', '-q', '-b', 'other');
    write(repo, 'f.txt', 'theirs\n');
    commitAll(repo, 'theirs');
    git(repo, 'checkout', '-q', 'main');
    write(repo, 'f.txt', 'ours\n');
    commitAll(repo, 'ours');
    expect(() => git(repo, 'merge', '-q', 'other')).toThrow();
    const conflicted = read(repo, 'f.txt');
    const gitBefore = userGitState(repo);
    expect(gitBefore.status).toBe('UU f.txt\n');

    const snapshot = await createSnapshot(repo);
    if (snapshot === null) throw new Error('expected a snapshot');
    write(repo, 'f.txt', 'resolved by the agent\n');
    expect(await diffSinceSnapshot(snapshot)).toContain('-<<<<<<< HEAD\n');
    expect(await restoreSnapshot(snapshot)).toMatchObject({ restored: 1, removed: 0 });
    expect(read(repo, 'f.txt')).toBe(conflicted);
    expect(userGitState(repo)).toEqual(gitBefore);
  });

  it('restore a file that became a folder and a folder that became a file', async () => {
    const repo = emptyRepository();
    write(repo, 'thing', 'a file\n');
    write(repo, 'place/inside.txt', 'inside\n');
    commitAll(repo, 'initial');
    const snapshot = await createSnapshot(repo);
    if (snapshot === null) throw new Error('expected a snapshot');
    remove(repo, 'thing');
    write(repo, 'thing/child.txt', 'child\n');
    remove(repo, 'place');
    write(repo, 'place', 'now a file\n');

    await restoreSnapshot(snapshot);
    expect(filesOf(repo)).toEqual({ thing: 'a file\n', 'place/inside.txt': 'inside\n' });
  });

  it('say plainly when git has pruned the snapshot', async () => {
    const repo = emptyRepository();
    write(repo, 'a.txt', 'a\n');
    commitAll(repo, 'initial');
    write(repo, 'a.txt', 'uncommitted\n');
    const snapshot = await createSnapshot(repo);
    if (snapshot === null) throw new Error('expected a snapshot');
    git(repo, 'gc', '--quiet', '--prune=now');
    await expect(restoreSnapshot(snapshot)).rejects.toThrow(/snapshot [0-9a-f]{12} is no longer in the repository/);
    await expect(diffSinceSnapshot(snapshot)).rejects.toThrow(/no longer in the repository/);
  });
});

/** What a folder holds besides the one folder in which a process keeps its HEAD indexes (head-index.ts). */
function leftIn(folder: string): string[] {
  return readdirSync(folder).filter((name) => !name.startsWith('tandem-head-index-'));
}

describe('temporary files', () => {
  it('are gone afterwards, and no index.lock is left, when git succeeds and when it fails', async () => {
    const privateTemp = tempFolder('tandem-snapshot-tmpdir-');
    const savedTmpdir = process.env.TMPDIR;
    const repo = emptyRepository();
    write(repo, 'a.txt', 'a\n');
    commitAll(repo, 'initial');
    const globalConfig = path.join(tempFolder('tandem-snapshot-global-'), 'gitconfig');
    process.env.TMPDIR = privateTemp;
    try {
      const snapshot = await createSnapshot(repo);
      if (snapshot === null) throw new Error('expected a snapshot');
      write(repo, 'a.txt', 'changed\n');
      expect(await diffSinceSnapshot(snapshot)).toContain('+changed\n');
      await restoreSnapshot(snapshot);
      expect(leftIn(privateTemp)).toEqual([]);

      // A clean filter that fails makes `git add` fail half-way through the private index. It is the
      // person's own (global config): one the repository names is never run (see the hostile repository tests).
      writeFileSync(globalConfig, '[filter "broken"]\n\tclean = false\n\trequired = true\n');
      process.env.GIT_CONFIG_GLOBAL = globalConfig;
      write(repo, '.gitattributes', '*.txt filter=broken\n');
      write(repo, 'a.txt', 'changed again\n');
      await expect(createSnapshot(repo)).rejects.toThrow(/git update-index failed/);
      expect(leftIn(privateTemp)).toEqual([]);
      expect(existsSync(path.join(repo, '.git', 'index.lock'))).toBe(false);
    } finally {
      if (savedTmpdir === undefined) delete process.env.TMPDIR;
      else process.env.TMPDIR = savedTmpdir;
      delete process.env.GIT_CONFIG_GLOBAL;
    }
  });
});

describe('diffSinceSnapshot', () => {
  it('shows modified, created and deleted files in git format, binary files noted, node_modules left out', async () => {
    const repo = emptyRepository();
    write(repo, 'a.txt', 'one\ntwo\n');
    write(repo, 'old.txt', 'going away\n');
    commitAll(repo, 'initial');
    write(repo, 'untracked-before.txt', 'here before\n');
    const snapshot = await createSnapshot(repo);
    if (snapshot === null) throw new Error('expected a snapshot');
    expect(await diffSinceSnapshot(snapshot)).toBe('');

    write(repo, 'a.txt', 'one\n2\n');
    remove(repo, 'old.txt');
    remove(repo, 'untracked-before.txt');
    write(repo, 'brand new.txt', 'hello\n');
    write(repo, 'image.bin', Buffer.from([0, 1, 2, 0, 255]));
    write(repo, 'node_modules/dep/index.js', 'dependency\n');

    const diff = await diffSinceSnapshot(snapshot);
    expect(diff).toContain('diff --git a/a.txt b/a.txt\n');
    expect(diff).toContain('-two\n+2\n');
    expect(diff).toContain('diff --git a/brand new.txt b/brand new.txt\nnew file mode 100644\n');
    expect(diff).toContain('+hello\n');
    expect(diff).toContain('diff --git a/old.txt b/old.txt\ndeleted file mode 100644\n');
    expect(diff).toContain('-going away\n');
    expect(diff).toContain('diff --git a/untracked-before.txt b/untracked-before.txt\ndeleted file mode 100644\n');
    expect(diff).toContain('Binary files /dev/null and b/image.bin differ\n');
    expect(diff).not.toContain('node_modules');
    // Reading the diff changes nothing.
    expect(git(repo, 'status', '--porcelain')).toBe(' M a.txt\n D old.txt\n?? "brand new.txt"\n?? image.bin\n?? node_modules/\n');
  });
});

describe('folders that are not git repositories', () => {
  it('get no snapshot and a plain undo message', async () => {
    const folder = tempFolder('tandem-not-a-repo-');
    write(folder, 'file.txt', 'x\n');
    // A ceiling stops git from finding a repository that happens to hold the temp folder.
    const savedCeiling = process.env.GIT_CEILING_DIRECTORIES;
    process.env.GIT_CEILING_DIRECTORIES = path.dirname(folder);
    try {
      expect(await findRepositoryRoot(folder)).toBeNull();
      expect(await createSnapshot(folder)).toBeNull();
      expect(await findRepositoryRoot(path.join(folder, 'does-not-exist'))).toBeNull();
    } finally {
      if (savedCeiling === undefined) delete process.env.GIT_CEILING_DIRECTORIES;
      else process.env.GIT_CEILING_DIRECTORIES = savedCeiling;
    }
    expect(undoUnavailableMessage(folder)).toBe(`Undo is unavailable: ${folder} is not a git repository.`);
  });
});

describe('parseSnapshot', () => {
  it('reads back a snapshot stored as JSON and refuses anything else', async () => {
    const repo = emptyRepository();
    write(repo, 'a.txt', 'a\n');
    const snapshot = await createSnapshot(repo);
    if (snapshot === null) throw new Error('expected a snapshot');
    const stored: unknown = JSON.parse(JSON.stringify(snapshot));
    expect(parseSnapshot(stored)).toEqual<Snapshot>(snapshot);
    expect(parseSnapshot({ ...snapshot, commit: 'HEAD' })).toBeNull();
    expect(parseSnapshot('not a snapshot')).toBeNull();
  });
});
