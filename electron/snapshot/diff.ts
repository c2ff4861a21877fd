import type { Snapshot } from './snapshot.js';
import { requireSnapshotCommit } from './snapshot-commit.js';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runGit } from './git.js';
import { captureTree, treeOfSnapshot } from './tree-capture.js';
import { treeWatchOf } from './tree-watch.js';
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

const DIFF_OPTIONS = ['--patch', '--no-color', '--no-ext-diff', '--no-textconv', '--no-renames', '--src-prefix=a/', '--dst-prefix=b/'];

async function diffAgainst(snapshot: Snapshot): Promise<string> {
  if (treeWatchOf(snapshot.repoRoot) !== undefined) {
    // A watched repository: the tree of the working tree costs only the paths that changed; git compares trees.
    const capture = await captureTree(snapshot.repoRoot);
    if (capture.tree === treeOfSnapshot(snapshot.commit)) return '';
    // An index that does not exist: diff-tree would otherwise read the person's, all of it, for nothing.
    const scratch = await mkdtemp(path.join(tmpdir(), 'tandem-diff-'));
    try {
      const diff = await runGit(['-c', 'core.quotePath=false', 'diff-tree', '-r', ...DIFF_OPTIONS, snapshot.commit, capture.tree, '--'], {
        cwd: snapshot.repoRoot,
        env: { GIT_INDEX_FILE: path.join(scratch, 'index') },
        config: capture.config,
      });
      return diff.stdout;
    } finally {
      await rm(scratch, { recursive: true, force: true });
    }
  }
  return withCapturedWorkingTree(snapshot.repoRoot, async (capture) => {
    const diff = await privateIndexGit(['-c', 'core.quotePath=false', 'diff-index', '--cached', ...DIFF_OPTIONS, snapshot.commit, '--'], capture);
    return diff.stdout;
  });
}
