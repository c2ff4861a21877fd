import fs from 'node:fs';
import path from 'node:path';
import { PRIVATE_DIR_MODE } from '../home/private-home.js';
import { findRolloutById } from './find-rollout.js';
import { checkSessionId } from './rename-session.js';
import { sessionsDir } from './rollout-file-name.js';
import { readRolloutHead, walkRolloutFiles } from './scan-rollouts.js';
import { appendIndexEntry } from './session-index-file.js';
import { rewriteIndex } from './session-index-rewrite.js';
import { acquireSessionLock, type SessionHolder } from './session-lock.js';

/*
 * Deleted sessions go to TANDEM_HOME/trash/, which mirrors the home: a rollout at
 * TANDEM_HOME/sessions/YYYY/MM/DD/rollout-….jsonl goes to TANDEM_HOME/trash/sessions/YYYY/MM/DD/rollout-….jsonl,
 * so its place says where it goes back to, and nothing but the file is needed to restore it. Moves are
 * renames within one home: the file keeps its inode, its times and every byte.
 */

/** The trash folder, laid out like a TANDEM_HOME (its rollouts are under trash/sessions/). */
export function trashHome(home: string): string {
  return path.join(home, 'trash');
}

function relativeToSessions(root: string, file: string): string {
  return path.relative(root, file);
}

/**
 * Moves a saved session's rollout to the trash and takes it out of the index, holding its lock meanwhile
 * (SessionLockedError when another process has it open). False when there is no such saved session.
 */
export async function trashSession(home: string, sessionId: string, holder: SessionHolder | null = null): Promise<boolean> {
  checkSessionId(sessionId);
  const file = await findRolloutById(home, sessionId);
  if (file === null) return false;
  const lock = acquireSessionLock(home, sessionId, holder);
  try {
    const relative = relativeToSessions(sessionsDir(home), file);
    const target = path.join(sessionsDir(trashHome(home)), relative);
    fs.mkdirSync(path.dirname(target), { recursive: true, mode: PRIVATE_DIR_MODE });
    fs.renameSync(file, target);
  } finally {
    lock.release();
  }
  await forgetInIndex(home, sessionId);
  return true;
}

/**
 * Drops a session's entry from the index. When the index cannot be rewritten now (another process is
 * rewriting it, or it is damaged and due a rebuild anyway), the next listing finds an entry whose file is
 * gone and rebuilds it without that session: the answer is the same, only slower once.
 */
async function forgetInIndex(home: string, sessionId: string): Promise<void> {
  await rewriteIndex(home, async (old) => {
    if (old === null || !old.hasHeader || old.corruptLines > 0) return null;
    const entries = new Map(old.entries);
    entries.delete(sessionId);
    return { entries, skipped: old.skipped };
  }).catch(() => null);
}

/**
 * Puts a trashed session back where it was, and in the index. False when the trash holds no such session.
 * Refuses when a session of that id is saved already (it would be two files of one session).
 */
export async function restoreSession(home: string, sessionId: string): Promise<boolean> {
  checkSessionId(sessionId);
  const trashRoot = sessionsDir(trashHome(home));
  let trashed: string | null = null;
  await walkRolloutFiles(trashHome(home), (file, id) => {
    if (id !== sessionId) return false;
    trashed = file;
    return true;
  });
  if (trashed === null) return false;
  const from: string = trashed;
  if ((await findRolloutById(home, sessionId)) !== null) throw new Error(`Session ${sessionId} is saved already; the copy in the trash was left there.`);
  const relative = relativeToSessions(trashRoot, from);
  const target = path.join(sessionsDir(home), relative);
  fs.mkdirSync(path.dirname(target), { recursive: true, mode: PRIVATE_DIR_MODE });
  // A link, not a rename, so that a file that appeared there meanwhile is never overwritten.
  fs.linkSync(from, target);
  fs.rmSync(from);
  const [head, stat] = await Promise.all([readRolloutHead(target, { wholeFile: true }), fs.promises.stat(target)]);
  if (head === null) throw new Error(`${target}: restored, but it is not a Tandem rollout, so it is not listed.`);
  const modified = stat.mtime.toISOString();
  appendIndexEntry(home, {
    id: head.meta.session_id,
    cwd: head.meta.cwd,
    title: head.title,
    created_at: head.meta.created_at,
    updated_at: modified > head.meta.created_at ? modified : head.meta.created_at,
    path: relative.split(path.sep).join('/'),
  });
  return true;
}
