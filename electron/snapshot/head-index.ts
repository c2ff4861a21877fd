import { rmSync } from 'node:fs';
import { copyFile, mkdtemp, stat, utimes } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

/*
 * The private index a capture starts from is HEAD's tree with the stat data of the person's own index, so git
 * rehashes only files that changed. Making it costs a read of HEAD's whole tree (`read-tree -m`), which in a
 * repository of 200,000 files is most of a snapshot's work; it changes only when HEAD or the person's index
 * does. So each one made is kept, per repository, for the next capture to copy.
 *
 * The kept files live in a folder of this process's own (mkdtemp: mode 0700, under the temporary folder, removed
 * at exit), never in the repository: nothing there can plant or alter one. git never gets write access to it:
 * an index is made in a capture's own folder and copied in here by this process.
 */

interface KeptIndex {
  /** What the index was made from: HEAD and the person's index file as it was then. */
  key: string;
  file: string;
  /** The index file's own mtime, which git's racy-entry check compares entries with. */
  mtime: Date;
}

const kept = new Map<string, KeptIndex>();
let folder: Promise<string> | null = null;
let counter = 0;

function keptFolder(): Promise<string> {
  folder ??= mkdtemp(path.join(tmpdir(), 'tandem-head-index-')).then((created) => {
    process.once('exit', () => rmSync(created, { recursive: true, force: true }));
    return created;
  });
  return folder;
}

/** Identifies HEAD and the person's index file: any commit, add, checkout or refresh changes it. */
export async function headIndexKey(head: string, userIndexPath: string): Promise<string> {
  try {
    const info = await stat(userIndexPath, { bigint: true });
    return `${head} ${info.ino} ${info.size} ${info.mtimeNs} ${info.ctimeNs}`;
  } catch {
    return `${head} no-index`;
  }
}

/**
 * Copies the index kept for `repoRoot` under `key` to `target`, with the kept file's mtime, so that the entries
 * git would re-check there (racily clean ones) are re-checked in the copy too. False when none is kept.
 */
export async function copyKeptHeadIndex(repoRoot: string, key: string, target: string): Promise<boolean> {
  const entry = kept.get(repoRoot);
  if (entry === undefined || entry.key !== key) return false;
  try {
    await copyFile(entry.file, target);
    await utimes(target, entry.mtime, entry.mtime);
    return true;
  } catch {
    kept.delete(repoRoot);
    return false;
  }
}

/** Keeps a copy of the index at `source` (just made from HEAD) as `repoRoot`'s, for `key`. */
export async function keepHeadIndex(repoRoot: string, key: string, source: string): Promise<void> {
  try {
    const into = await keptFolder();
    const { mtime } = await stat(source);
    // A new name each time: a capture may be copying the previous one meanwhile.
    const file = path.join(into, `index-${(counter += 1)}`);
    await copyFile(source, file);
    await utimes(file, mtime, mtime);
    const previous = kept.get(repoRoot);
    kept.set(repoRoot, { key, file, mtime });
    // A capture copying it meanwhile either has it open (the copy completes) or falls back to making its own.
    if (previous) rmSync(previous.file, { force: true });
  } catch {
    kept.delete(repoRoot);
  }
}
