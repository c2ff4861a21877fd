/**
 * Per-turn snapshots of a git working tree, undo, and the diff of a turn (agent-behavior.md section 8;
 * Codex's "ghost commits").
 *
 * Decisions:
 * - A snapshot covers the whole repository holding the session folder, and undo restores the whole
 *   repository, whichever subfolder the session runs in: a turn's commands may touch any of it.
 * - Snapshot commits are kept alive by no ref. A ref (even under refs/tandem/) would show up in
 *   `git log --all`, gitk and every GUI's graph. Unreachable objects survive gc for gc.pruneExpire
 *   (two weeks by default); an older snapshot that git pruned makes undo say so plainly.
 * - Every git process gets a private index (GIT_INDEX_FILE in a temporary folder removed afterwards),
 *   so the user's index, its lock, HEAD, branches and stash are never written.
 * - Untracked files under node_modules, dist, build, .venv and similar folders (snapshot-scope.ts),
 *   untracked nested repositories and untracked files over 10 MiB are neither snapshotted nor
 *   deleted by undo, even when no .gitignore names them. Ignored files are left alone too.
 * - Folders that are not git repositories get no snapshot (createSnapshot returns null); the session
 *   answers undo there with undoUnavailableMessage(cwd).
 * - A repository of 20,000 tracked files or more gets a file watcher (tree-watch.ts), in a worker thread of the
 *   process. A capture then builds on the previous capture's tree and looks at only the paths the watcher saw
 *   change (tree-capture.ts); whenever the watcher cannot vouch for every change since (a burst that may have
 *   overflowed the kernel's queue, a failed watch, a .gitignore edit, HEAD or the config moved), it looks at the
 *   whole tree as before.
 */
export { findRepositoryRoot } from './repository.js';
export { createSnapshot, snapshotRepository } from './create.js';
export { restoreSnapshot, type RestoreResult } from './restore.js';
export { fileUnder, restoreFileFromSnapshot, type FileRestore } from './restore-file.js';
export { diffSinceSnapshot } from './diff.js';
export { Snapshot, parseSnapshot } from './snapshot.js';
export { undoUnavailableMessage, NOTHING_TO_UNDO_MESSAGE } from './messages.js';
export { SKIPPED_DIRECTORY_NAMES, LARGE_UNTRACKED_FILE_BYTES } from './snapshot-scope.js';
export { GitError } from './git.js';
