import { lstat } from 'node:fs/promises';
import path from 'node:path';

/**
 * Folders of dependencies, virtual environments, caches and build output. Untracked files under them
 * stay out of snapshots even when no .gitignore names them: they are large, rebuilt by tools, and
 * hashing them at every turn would make turns slow. Undo leaves them alone for the same reason.
 * Files git tracks under such folders are snapshotted like any other tracked file.
 */
export const SKIPPED_DIRECTORY_NAMES: ReadonlySet<string> = new Set([
  'node_modules',
  'dist',
  'build',
  '.venv',
  'venv',
  'target',
  '__pycache__',
  '.next',
  '.cache',
  '.pytest_cache',
  '.mypy_cache',
  '.tox',
  '.gradle',
  '.turbo',
]);

/** Untracked files above this size are left out of snapshots (and so never deleted by undo). */
export const LARGE_UNTRACKED_FILE_BYTES = 10 * 1024 * 1024;

export interface UntrackedSelection {
  /** Untracked files that go into the snapshot, repository-relative with forward slashes. */
  included: string[];
  /**
   * What was left out: skipped folders (with a trailing slash, e.g. `node_modules/`), nested
   * repositories (`vendor/lib/`) and files over the size limit.
   */
  skipped: string[];
}

function skippedFolderOf(relativePath: string): string | null {
  const parts = relativePath.split('/');
  // The last part is the file's own name: a script called `build` is not a build folder.
  for (let i = 0; i < parts.length - 1; i += 1) {
    if (SKIPPED_DIRECTORY_NAMES.has(parts[i] ?? '')) return `${parts.slice(0, i + 1).join('/')}/`;
  }
  return null;
}

const STAT_BATCH = 256;

/**
 * Splits git's list of untracked, not-ignored paths into what a snapshot takes and what it skips.
 * Sizes come from lstat here rather than from a git process per file.
 */
export async function selectUntrackedFiles(repoRoot: string, untracked: readonly string[]): Promise<UntrackedSelection> {
  const skipped = new Set<string>();
  const candidates: string[] = [];
  for (const entry of untracked) {
    // git lists an untracked folder that is itself a repository as `folder/`; its files are its own.
    if (entry.endsWith('/')) {
      skipped.add(entry);
      continue;
    }
    const folder = skippedFolderOf(entry);
    if (folder !== null) skipped.add(folder);
    else candidates.push(entry);
  }

  const included: string[] = [];
  for (let start = 0; start < candidates.length; start += STAT_BATCH) {
    const batch = candidates.slice(start, start + STAT_BATCH);
    const sizes = await Promise.all(
      batch.map(async (entry) => {
        try {
          return (await lstat(path.join(repoRoot, entry))).size;
        } catch {
          return null; // gone since git listed it: nothing to snapshot
        }
      }),
    );
    batch.forEach((entry, i) => {
      const size = sizes[i];
      if (size === null || size === undefined) return;
      if (size > LARGE_UNTRACKED_FILE_BYTES) skipped.add(entry);
      else included.push(entry);
    });
  }

  return { included, skipped: [...skipped].sort() };
}
