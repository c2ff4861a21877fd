/** What undo says in a folder it cannot snapshot. */
export function undoUnavailableMessage(cwd: string): string {
  return `Undo is unavailable: ${cwd} is not a git repository.`;
}

/** What undo says before any turn has been snapshotted. */
export const NOTHING_TO_UNDO_MESSAGE = 'Nothing to undo: no snapshot has been taken in this session yet.';

export function snapshotMissingMessage(commit: string): string {
  return `Undo is unavailable: the snapshot ${commit.slice(0, 12)} is no longer in the repository (git may have pruned it).`;
}

function files(count: number): string {
  return count === 1 ? '1 file' : `${count} files`;
}

/** "Restored 3 files and removed 1 file created since the snapshot." */
export function restoreMessage(restored: number, removed: number): string {
  if (restored === 0 && removed === 0) return 'Nothing to undo: the files already match the snapshot.';
  if (removed === 0) return `Restored ${files(restored)}.`;
  if (restored === 0) return `Removed ${files(removed)} created since the snapshot.`;
  return `Restored ${files(restored)} and removed ${files(removed)} created since the snapshot.`;
}
