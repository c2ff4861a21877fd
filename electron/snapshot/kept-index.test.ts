// Snapshots after the first start from the HEAD index a process keeps (head-index.ts) and look at the tree with
// one `ls-files` instead of a fresh `read-tree` and `add --update`. These tests take several snapshots in a
// row, with every kind of change between them, and check each against what a fresh index of plain git says the
// working tree holds, and that undo to each puts back exactly that.
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, realpathSync, renameSync, rmSync, statSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createSnapshot, diffSinceSnapshot, restoreSnapshot, type Snapshot } from './index.js';
import { latestCaptureScope } from './tree-capture.js';
import { stopTreeWatches, treeWatchStarted } from './tree-watch.js';

const folders: string[] = [];
afterEach(() => {
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
});

function tempFolder(prefix: string): string {
  const folder = realpathSync(mkdtempSync(path.join(tmpdir(), prefix)));
  folders.push(folder);
  return folder;
}

function git(repo: string, args: string[], env: Record<string, string> = {}): string {
  return execFileSync('git', args, { cwd: repo, encoding: 'utf8', env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
}

function write(repo: string, file: string, content: string): void {
  const target = path.join(repo, file);
  mkdirSync(path.dirname(target), { recursive: true });
  writeFileSync(target, content);
}

/** The tree of the working tree as plain git sees it: HEAD, then every change and untracked, unignored file. */
function referenceTree(repo: string): string {
  const scratch = tempFolder('tandem-kept-index-reference-');
  const env = { GIT_INDEX_FILE: path.join(scratch, 'index') };
  git(repo, ['read-tree', 'HEAD'], env);
  git(repo, ['add', '--all'], env);
  return git(repo, ['write-tree'], env).trim();
}

function treeOf(repo: string, snapshot: Snapshot | null): string {
  if (snapshot === null) throw new Error('expected a snapshot');
  return git(repo, ['rev-parse', `${snapshot.commit}^{tree}`]).trim();
}

/** Every file outside .git with its content (a link with its target), ignored ones included. */
function filesOf(repo: string): Record<string, string> {
  const files: Record<string, string> = {};
  const walk = (folder: string, prefix: string): void => {
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      if (prefix === '' && entry.name === '.git') continue;
      const relative = `${prefix}${entry.name}`;
      if (entry.isDirectory()) walk(path.join(folder, entry.name), `${relative}/`);
      else if (entry.isSymbolicLink()) files[relative] = `link to ${readlinkSync(path.join(folder, entry.name))}`;
      else files[relative] = readFileSync(path.join(folder, entry.name), 'utf8');
    }
  };
  walk(repo, '');
  return files;
}

function repository(): string {
  const repo = tempFolder('tandem-kept-index-');
  git(repo, ['init', '-q', '-b', 'main']);
  // No ctime check: a same-size edit with the mtime put back then looks unchanged to git's stat data, and only
  // the racy-entry check (the index file's own mtime) can catch it.
  git(repo, ['config', 'core.trustctime', 'false']);
  write(repo, '.gitignore', '*.log\n');
  for (let i = 0; i < 30; i += 1) write(repo, `src/f${i}.txt`, `file ${i}\n`);
  write(repo, 'docs/guide.md', 'guide\n');
  git(repo, ['add', '--all']);
  git(repo, ['-c', 'user.name=T', '-c', 'user.email=t@example.com', 'commit', '-q', '-m', 'start']);
  return repo;
}

describe('snapshots in a row, each from the kept HEAD index', () => {
  it('hold exactly the working tree after modified, added, deleted, renamed, untracked, ignored and outside changes', async () => {
    const repo = repository();
    const states: Array<{ snapshot: Snapshot; files: Record<string, string> }> = [];
    const take = async () => {
      const snapshot = await createSnapshot(repo);
      expect(treeOf(repo, snapshot)).toBe(referenceTree(repo));
      states.push({ snapshot: snapshot!, files: filesOf(repo) });
    };

    await take();
    // A turn: modify, add, delete, rename, and an ignored file.
    write(repo, 'src/f1.txt', 'changed by turn 1\n');
    write(repo, 'new/added.txt', 'added\n');
    rmSync(path.join(repo, 'src/f2.txt'));
    renameSync(path.join(repo, 'src/f3.txt'), path.join(repo, 'src/f3-renamed.txt'));
    write(repo, 'debug.log', 'ignored\n');
    await take();
    // Between turns, outside Tandem: an edit, a deleted file put back, an untracked file removed, a file becoming a folder.
    write(repo, 'src/f4.txt', 'edited in the editor\n');
    write(repo, 'src/f2.txt', 'file 2\n');
    rmSync(path.join(repo, 'new/added.txt'));
    rmSync(path.join(repo, 'docs/guide.md'));
    write(repo, 'docs/guide.md/part.md', 'now a folder\n');
    await take();
    // A file un-ignored by a change to .gitignore, and an untracked file edited.
    write(repo, '.gitignore', '*.tmp\n');
    write(repo, 'src/f3-renamed.txt', 'renamed and edited\n');
    await take();

    // Undo, newest first, puts each state back exactly (ignored files are left as they are).
    for (const { snapshot, files } of states.reverse()) {
      await restoreSnapshot(snapshot);
      expect(referenceTree(repo)).toBe(treeOf(repo, snapshot));
      const now = filesOf(repo);
      delete now['debug.log'];
      const then = { ...files };
      delete then['debug.log'];
      expect(now).toEqual(then);
    }
  });

  it('see a same-size edit whose mtime was put back (git re-checks racily clean entries)', async () => {
    const repo = repository();
    // An mtime ahead of every index file: git can never trust the stat data of this entry.
    const ahead = new Date(Date.now() + 3_600_000);
    utimesSync(path.join(repo, 'src/f5.txt'), ahead, ahead);
    git(repo, ['update-index', '--refresh']);
    const first = await createSnapshot(repo);
    const second = await createSnapshot(repo);
    expect(treeOf(repo, second)).toBe(treeOf(repo, first));

    const inode = statSync(path.join(repo, 'src/f5.txt')).ino;
    writeFileSync(path.join(repo, 'src/f5.txt'), 'FILE 5\n');
    utimesSync(path.join(repo, 'src/f5.txt'), ahead, ahead);
    // Same inode, size and mtime as the index entry says: only the content differs.
    expect(statSync(path.join(repo, 'src/f5.txt')).ino).toBe(inode);
    const third = await createSnapshot(repo);
    expect(treeOf(repo, third)).toBe(referenceTree(repo));
    expect(treeOf(repo, third)).not.toBe(treeOf(repo, first));
    expect(await diffSinceSnapshot(first!)).toContain('+FILE 5');
  });

  it('follow HEAD and the person\'s index when they move between snapshots', async () => {
    const repo = repository();
    const first = await createSnapshot(repo);
    write(repo, 'src/f6.txt', 'committed change\n');
    write(repo, 'src/f7.txt', 'staged only\n');
    git(repo, ['add', 'src/f6.txt']);
    git(repo, ['-c', 'user.name=T', '-c', 'user.email=t@example.com', 'commit', '-q', '-m', 'second']);
    git(repo, ['add', 'src/f7.txt']);
    rmSync(path.join(repo, 'src/f8.txt'));
    const second = await createSnapshot(repo);
    expect(treeOf(repo, second)).toBe(referenceTree(repo));
    expect(second?.commit).not.toBe(first?.commit);
    await restoreSnapshot(first!);
    expect(readFileSync(path.join(repo, 'src/f6.txt'), 'utf8')).toBe('file 6\n');
    expect(readFileSync(path.join(repo, 'src/f8.txt'), 'utf8')).toBe('file 8\n');
  });
});

describe('snapshots of a watched repository, each from the paths the watcher saw change', () => {
  const previous = process.env.TANDEM_WATCH_FROM_FILES;
  beforeAll(() => {
    process.env.TANDEM_WATCH_FROM_FILES = '0';
  });
  afterAll(() => {
    stopTreeWatches();
    if (previous === undefined) delete process.env.TANDEM_WATCH_FROM_FILES;
    else process.env.TANDEM_WATCH_FROM_FILES = previous;
  });

  /** The patch git itself gives between the snapshot and the tree `add --all` makes now. */
  function referenceDiff(repo: string, snapshot: Snapshot): string {
    const options = ['--patch', '--no-color', '--no-ext-diff', '--no-textconv', '--no-renames', '--src-prefix=a/', '--dst-prefix=b/'];
    return git(repo, ['-c', 'core.quotePath=false', 'diff-tree', '-r', ...options, snapshot.commit, referenceTree(repo), '--']);
  }

  it('hold exactly the working tree through edits in and between turns, folders made, renamed and removed, and links out', async () => {
    const repo = repository();
    const outside = tempFolder('tandem-kept-index-outside-');
    for (let i = 0; i < 5; i += 1) write(outside, `deep${i}/file.txt`, `outside ${i}\n`);
    symlinkSync(outside, path.join(repo, 'link-out'));
    const states: Array<{ snapshot: Snapshot; files: Record<string, string> }> = [];
    const take = async (scope: 'changed paths' | 'whole tree') => {
      const snapshot = await createSnapshot(repo);
      expect(treeOf(repo, snapshot)).toBe(referenceTree(repo));
      expect(latestCaptureScope() === null ? 'whole tree' : 'changed paths').toBe(scope);
      states.push({ snapshot: snapshot!, files: filesOf(repo) });
      return snapshot!;
    };

    await take('whole tree');
    const watch = await treeWatchStarted(repo);
    expect(watch).toBeDefined();
    const ready = await watch!.ready;
    // The folders of the work tree (the top, src, docs), none of those behind the link.
    expect(ready).toMatchObject({ watching: true, folders: 3 });
    // The first capture after the watch is whole is the start the next ones build on.
    await take('whole tree');

    // A turn: modify, add in a new folder, delete, rename, and an ignored file.
    write(repo, 'src/f1.txt', 'changed by turn 1\n');
    write(repo, 'new/deeper/added.txt', 'added\n');
    rmSync(path.join(repo, 'src/f2.txt'));
    renameSync(path.join(repo, 'src/f3.txt'), path.join(repo, 'src/f3-renamed.txt'));
    write(repo, 'debug.log', 'ignored\n');
    let snapshot = await take('changed paths');
    // A change in the folder made in the last turn, and outside the tree behind the link.
    write(repo, 'new/deeper/added.txt', 'edited in a new folder\n');
    write(repo, 'new/deeper/more/again.txt', 'further down\n');
    write(outside, 'deep1/file.txt', 'changed outside\n');
    // A link made in the tree (it goes through update-index rather than hash-object) and a file made executable.
    symlinkSync('f1.txt', path.join(repo, 'src/link-to-f1'));
    chmodSync(path.join(repo, 'src/f10.txt'), 0o755);
    expect(await diffSinceSnapshot(snapshot)).toBe(referenceDiff(repo, snapshot));
    expect(latestCaptureScope()).not.toBeNull();
    snapshot = await take('changed paths');
    // Between turns, in the editor: an edit, a deleted file put back, an untracked file removed, a file becoming a folder.
    write(repo, 'src/f4.txt', 'edited in the editor\n');
    write(repo, 'src/f2.txt', 'file 2\n');
    rmSync(path.join(repo, 'new/deeper/added.txt'));
    rmSync(path.join(repo, 'docs/guide.md'));
    write(repo, 'docs/guide.md/part.md', 'now a folder\n');
    await take('changed paths');
    // A folder renamed, then a whole folder removed, and a change in the renamed one.
    renameSync(path.join(repo, 'new'), path.join(repo, 'moved'));
    await take('changed paths');
    write(repo, 'moved/deeper/more/again.txt', 'edited after the move\n');
    rmSync(path.join(repo, 'docs'), { recursive: true });
    snapshot = await take('changed paths');
    // The person's index moves (a file staged): the tree does not depend on it.
    write(repo, 'src/f9.txt', 'staged\n');
    git(repo, ['add', 'src/f9.txt']);
    expect(await diffSinceSnapshot(snapshot)).toBe(referenceDiff(repo, snapshot));
    await take('changed paths');
    // A .gitignore edit changes what every path means: the whole tree once, then changed paths again.
    write(repo, '.gitignore', '*.tmp\n');
    write(repo, 'src/f3-renamed.txt', 'renamed and edited\n');
    await take('whole tree');
    write(repo, 'notes.tmp', 'ignored now\n');
    write(repo, 'src/f5.txt', 'edited\n');
    await take('changed paths');
    // HEAD moves: the whole tree again.
    git(repo, ['-c', 'user.name=T', '-c', 'user.email=t@example.com', 'commit', '-q', '-m', 'second']);
    write(repo, 'src/f6.txt', 'after the commit\n');
    await take('whole tree');
    write(repo, 'src/f7.txt', 'and once more\n');
    await take('changed paths');

    // Undo leaves ignored files alone, and notes.tmp would be un-ignored by the older .gitignore it puts back.
    rmSync(path.join(repo, 'notes.tmp'));
    for (const { snapshot: each, files } of states.reverse()) {
      await restoreSnapshot(each);
      expect(referenceTree(repo)).toBe(treeOf(repo, each));
      const now = filesOf(repo);
      const then = { ...files };
      for (const ignored of ['debug.log', 'notes.tmp']) {
        delete now[ignored];
        delete then[ignored];
      }
      expect(now).toEqual(then);
    }
    // Undo put older .gitignore files back: the whole tree once, then the watched captures agree with git again.
    await take('whole tree');
    write(repo, 'src/f8.txt', 'after undo\n');
    rmSync(path.join(repo, 'moved'), { recursive: true, force: true });
    await take('changed paths');
  }, 240_000);

  it('look at the whole tree when more paths changed than the watcher keeps, and when it cannot watch every folder', async () => {
    const limits = { changed: process.env.TANDEM_WATCH_MAX_CHANGED_PATHS, folders: process.env.TANDEM_WATCH_MAX_FOLDERS };
    try {
      process.env.TANDEM_WATCH_MAX_CHANGED_PATHS = '5';
      const busy = repository();
      await createSnapshot(busy);
      expect((await (await treeWatchStarted(busy))?.ready)?.watching).toBe(true);
      await createSnapshot(busy);
      write(busy, 'src/f1.txt', 'one change\n');
      expect(treeOf(busy, await createSnapshot(busy))).toBe(referenceTree(busy));
      expect(latestCaptureScope()).toBe(1);
      for (let i = 0; i < 8; i += 1) write(busy, `src/f${i}.txt`, `many changes ${i}\n`);
      expect(treeOf(busy, await createSnapshot(busy))).toBe(referenceTree(busy));
      expect(latestCaptureScope()).toBeNull();
      // The window after is vouched for again.
      write(busy, 'src/f9.txt', 'one again\n');
      expect(treeOf(busy, await createSnapshot(busy))).toBe(referenceTree(busy));
      expect(latestCaptureScope()).toBe(1);

      process.env.TANDEM_WATCH_MAX_FOLDERS = '2';
      const wide = repository();
      await createSnapshot(wide);
      // Three folders: the watch is never whole, so no capture builds on it.
      expect((await (await treeWatchStarted(wide))?.ready)?.watching).toBe(false);
      for (let i = 0; i < 3; i += 1) {
        write(wide, `src/f${i}.txt`, `changed ${i}\n`);
        expect(treeOf(wide, await createSnapshot(wide))).toBe(referenceTree(wide));
        expect(latestCaptureScope()).toBeNull();
      }
    } finally {
      for (const [name, value] of [
        ['TANDEM_WATCH_MAX_CHANGED_PATHS', limits.changed],
        ['TANDEM_WATCH_MAX_FOLDERS', limits.folders],
      ] as const) {
        if (value === undefined) delete process.env[name];
        else process.env[name] = value;
      }
    }
  }, 240_000);
});
