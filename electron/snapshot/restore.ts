import path from 'node:path';
import { splitNul } from './git.js';
import { ignoredUnderSnapshotRules } from './ignore-at-snapshot.js';
import { restoreMessage } from './messages.js';
import type { Snapshot } from './snapshot.js';
import { requireSnapshotCommit } from './snapshot-commit.js';
import { privateIndexGit, withCapturedWorkingTree } from './working-tree.js';

export interface RestoreResult {
  /** Files written back: changed or deleted since the snapshot. */
  restored: number;
  /** Files created since the snapshot and deleted now. */
  removed: number;
  /** The outcome in plain words, for undo_completed. */
  message: string;
}

interface Changes {
  /** Paths that differ and are in the snapshot: written back. */
  toRestore: string[];
  /** Paths that are not in the snapshot: deleted. */
  created: string[];
}

function parseChanges(nameStatus: string): Changes {
  const fields = splitNul(nameStatus);
  const changes: Changes = { toRestore: [], created: [] };
  // Pairs of status and path. The private index holds "now" and the snapshot is the other side, so
  // A is a file that is here now and not in the snapshot.
  for (let i = 0; i + 1 < fields.length; i += 2) {
    const status = fields[i];
    const file = fields[i + 1] ?? '';
    if (status === 'A') changes.created.push(file);
    else changes.toRestore.push(file);
  }
  return changes;
}

function isUnder(file: string, skipped: string): boolean {
  return skipped.endsWith('/') ? file.startsWith(skipped) : file === skipped;
}

/**
 * Files that look created since the snapshot but were there all along, left out of it: untracked
 * files the snapshot skipped (a large file a turn shrank, a nested repository whose .git went away)
 * and files ignored then that a turn un-ignored.
 */
async function presentAtSnapshot(snapshot: Snapshot, changes: Changes): Promise<Set<string>> {
  const kept = new Set(changes.created.filter((file) => snapshot.ignoredSkipped.some((skipped) => isUnder(file, skipped))));
  const ignoreRulesChanged = [...changes.toRestore, ...changes.created].some((file) => path.posix.basename(file) === '.gitignore');
  if (ignoreRulesChanged) {
    const candidates = changes.created.filter((file) => !kept.has(file));
    for (const file of await ignoredUnderSnapshotRules(snapshot.repoRoot, snapshot.commit, candidates)) kept.add(file);
  }
  return kept;
}

/**
 * Puts the working tree of the snapshot's repository back as it was: changed and deleted files get
 * their snapshot content, files created since are deleted. Ignored files, skipped folders such as
 * node_modules and large untracked files are left alone; the user's index, HEAD, branches and stash
 * are not touched. Throws an Error with a plain message when the snapshot cannot be used.
 */
export async function restoreSnapshot(snapshot: Snapshot): Promise<RestoreResult> {
  await requireSnapshotCommit(snapshot);
  return withCapturedWorkingTree(snapshot.repoRoot, async (capture) => {
    const listed = await privateIndexGit(['diff-index', '--cached', '--name-status', '--no-renames', '-z', snapshot.commit, '--'], capture);
    const changes = parseChanges(listed.stdout);
    const kept = await presentAtSnapshot(snapshot, changes);
    if (kept.size > 0) {
      // Out of the private index, read-tree no longer counts them as its own to delete.
      await privateIndexGit(['update-index', '--force-remove', '-z', '--stdin'], capture, `${[...kept].join('\0')}\0`);
    }
    const restored = changes.toRestore.length;
    const removed = changes.created.length - kept.size;
    if (restored + removed > 0) {
      // Moves the private index from "now" to the snapshot and makes the same moves on disk: writes
      // files that differ, deletes files the snapshot lacks (and folders they leave empty), and skips
      // files that already match, so their timestamps stay as they are.
      await privateIndexGit(['read-tree', '--reset', '-u', snapshot.commit], capture, undefined, true);
    }
    return { restored, removed, message: restoreMessage(restored, removed) };
  });
}
