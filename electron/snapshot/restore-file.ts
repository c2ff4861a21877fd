import { chmod, lstat, mkdir, rm, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { runGit, runGitForBytes, splitNul } from './git.js';
import type { Snapshot } from './snapshot.js';
import { requireSnapshotCommit } from './snapshot-commit.js';

/** What putting one file back did: wrote the snapshot's content, or removed a file the snapshot did not have. */
export type FileRestore = 'restored' | 'removed';

/**
 * The absolute place of a path named relative to `root` (forward slashes, as diffs name them), refusing one
 * that leads outside it: a file to put back comes from a request, and must not reach beyond the project.
 */
export function fileUnder(root: string, relative: string): string {
  const absolute = path.resolve(root, ...relative.split('/'));
  const back = path.relative(root, absolute);
  if (relative === '' || back === '' || back.startsWith('..') || path.isAbsolute(back)) {
    throw new Error(`${relative} is not a file inside ${root}.`);
  }
  return absolute;
}

async function exists(file: string): Promise<boolean> {
  try {
    await lstat(file);
    return true;
  } catch {
    return false;
  }
}

/**
 * Puts one file of the snapshot's repository back as the snapshot holds it (`relative` to its top folder), or
 * removes it when the snapshot had no such file. Only that file is touched: the rest of the working tree,
 * the person's index, HEAD and branches stay as they are. Reading a blob runs none of the repository's
 * drivers. Throws a plain Error when the snapshot cannot be used.
 */
export async function restoreFileFromSnapshot(snapshot: Snapshot, relative: string): Promise<FileRestore> {
  const target = fileUnder(snapshot.repoRoot, relative);
  await requireSnapshotCommit(snapshot);
  // Literal pathspecs: a name with * or : in it means that file, not a pattern.
  const listed = await runGit(['ls-tree', '-z', snapshot.commit, '--', relative], { cwd: snapshot.repoRoot, env: { GIT_LITERAL_PATHSPECS: '1' } });
  const entry = splitNul(listed.stdout)[0];
  if (entry === undefined) {
    if (await exists(target)) await rm(target, { recursive: false, force: true });
    return 'removed';
  }
  // "<mode> <type> <object>\t<path>"
  const match = /^(\d+) (\w+) ([0-9a-f]+)\t/.exec(entry);
  if (!match || match[2] !== 'blob') throw new Error(`${relative} is not a file in the snapshot, so it cannot be put back on its own.`);
  const [, mode, , object] = match as unknown as [string, string, string, string];
  const content = await runGitForBytes(['cat-file', 'blob', object], { cwd: snapshot.repoRoot });
  await mkdir(path.dirname(target), { recursive: true });
  if (await exists(target)) await rm(target, { force: true });
  if (mode === '120000') {
    await symlink(content.toString('utf8'), target);
  } else {
    await writeFile(target, content);
    await chmod(target, mode === '100755' ? 0o755 : 0o644);
  }
  return 'restored';
}
