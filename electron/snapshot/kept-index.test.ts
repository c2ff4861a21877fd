// Snapshots after the first start from the HEAD index a process keeps (head-index.ts) and look at the tree with
// one `ls-files` instead of a fresh `read-tree` and `add --update`. These tests take several snapshots in a
// row, with every kind of change between them, and check each against what a fresh index of plain git says the
// working tree holds, and that undo to each puts back exactly that.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, renameSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createSnapshot, diffSinceSnapshot, restoreSnapshot, type Snapshot } from './index.js';

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

/** Every file outside .git with its content, ignored ones included. */
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
