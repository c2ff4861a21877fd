import { runGit } from './git.js';
import { snapshotMissingMessage, undoUnavailableMessage } from './messages.js';
import { findRepositoryRoot } from './repository.js';
import type { Snapshot } from './snapshot.js';

/**
 * Checks that the snapshot's repository is still there and still holds the snapshot commit, and
 * throws an Error whose message can be shown as it is when not.
 */
export async function requireSnapshotCommit(snapshot: Snapshot): Promise<void> {
  const repoRoot = await findRepositoryRoot(snapshot.repoRoot);
  if (repoRoot === null) throw new Error(undoUnavailableMessage(snapshot.repoRoot));
  const found = await runGit(['cat-file', '-e', `${snapshot.commit}^{commit}`], {
    cwd: snapshot.repoRoot,
    acceptExitCodes: [1, 128],
  });
  if (found.exitCode !== 0) throw new Error(snapshotMissingMessage(snapshot.commit));
}
