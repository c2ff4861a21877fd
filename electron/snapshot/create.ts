import { runGit } from './git.js';
import { findRepositoryRoot } from './repository.js';
import type { Snapshot } from './snapshot.js';
import { captureTree, noteSnapshotTree } from './tree-capture.js';

// A fixed identity, so snapshots work in repositories and on machines with no user.name/user.email.
const SNAPSHOT_IDENTITY = {
  GIT_AUTHOR_NAME: 'Tandem Snapshot',
  GIT_AUTHOR_EMAIL: 'snapshot@tandem.invalid',
  GIT_COMMITTER_NAME: 'Tandem Snapshot',
  GIT_COMMITTER_EMAIL: 'snapshot@tandem.invalid',
};

/**
 * Records the working tree of the repository holding `cwd` (all of it, whatever subfolder `cwd` is)
 * as a commit object that no branch or ref points to. Returns null when `cwd` is not in a git
 * repository. The commit lives as long as git's prune grace period for unreachable objects
 * (gc.pruneExpire, two weeks by default), which is far longer than an undo needs.
 */
export async function createSnapshot(cwd: string): Promise<Snapshot | null> {
  const repoRoot = await findRepositoryRoot(cwd);
  return repoRoot === null ? null : snapshotRepository(repoRoot);
}

/** As createSnapshot, for a `repoRoot` findRepositoryRoot already answered. */
export async function snapshotRepository(repoRoot: string): Promise<Snapshot> {
  const capture = await captureTree(repoRoot);
  const parent = capture.head === null ? [] : ['-p', capture.head];
  // --no-gpg-sign: commit-tree honours commit.gpgSign, and a pinentry prompt must never appear.
  const committed = await runGit(['commit-tree', '--no-gpg-sign', ...parent, '-m', 'Tandem snapshot', capture.tree], {
    cwd: repoRoot,
    env: SNAPSHOT_IDENTITY,
    writes: { folders: [capture.objectsPath] },
  });
  const commit = committed.stdout.trim();
  noteSnapshotTree(commit, capture.tree);
  return {
    repoRoot,
    commit,
    createdAt: new Date().toISOString(),
    untrackedAtSnapshot: capture.untrackedIncluded,
    ignoredSkipped: capture.skipped,
  };
}
