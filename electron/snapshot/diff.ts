import type { Snapshot } from './snapshot.js';
import { requireSnapshotCommit } from './snapshot-commit.js';
import { privateIndexGit, withCapturedWorkingTree } from './working-tree.js';

/**
 * The unified diff, in git's format, from the snapshot to the working tree as it is now: files
 * created since appear as additions, deleted files as deletions, binary files as a "Binary files
 * differ" line. Untracked files outside the snapshot scope (node_modules, large files) are left out,
 * as when the snapshot was taken. Empty when nothing changed.
 */
export async function diffSinceSnapshot(snapshot: Snapshot): Promise<string> {
  try {
    return await diffAgainst(snapshot);
  } catch (err) {
    // Said plainly when the repository or the snapshot is gone; checked only then, as it costs two git runs.
    await requireSnapshotCommit(snapshot);
    throw err;
  }
}

function diffAgainst(snapshot: Snapshot): Promise<string> {
  return withCapturedWorkingTree(snapshot.repoRoot, async (capture) => {
    const diff = await privateIndexGit(
      [
        '-c',
        'core.quotePath=false',
        'diff-index',
        '--cached',
        '--patch',
        '--no-color',
        '--no-ext-diff',
        '--no-textconv',
        '--no-renames',
        '--src-prefix=a/',
        '--dst-prefix=b/',
        snapshot.commit,
        '--',
      ],
      capture,
    );
    return diff.stdout;
  });
}
