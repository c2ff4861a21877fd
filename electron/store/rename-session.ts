import { findRolloutById } from './find-rollout.js';
import { isValidSessionId } from './rollout-file-name.js';
import { acquireSessionLock, type SessionHolder } from './session-lock.js';
import { SessionRecorder } from './session-recorder.js';

/** A session id that cannot name a file of ours, shown safely (quotes, escapes) in the error. */
export function checkSessionId(sessionId: string): void {
  if (!isValidSessionId(sessionId)) throw new Error(`${JSON.stringify(sessionId)} is not a session id.`);
}

/**
 * Names a saved session that no process has open: takes its lock for the moment of the write (so this is its
 * one writer; SessionLockedError when another process has it open), appends a session_title line and brings
 * the index entry up to date. `title` is already normalized; '' gives the session back its first request as
 * its title. Resolves to the title the session is now listed as.
 */
export async function renameSavedSession(home: string, sessionId: string, title: string, holder: SessionHolder | null = null): Promise<string> {
  checkSessionId(sessionId);
  const file = await findRolloutById(home, sessionId);
  if (file === null) throw new Error(`There is no saved session ${sessionId}.`);
  const lock = acquireSessionLock(home, sessionId, holder);
  let recorder: SessionRecorder;
  try {
    recorder = SessionRecorder.openForAppend(file, lock);
  } catch (err) {
    lock.release();
    throw err;
  }
  try {
    return recorder.rename(title);
  } finally {
    // Writes the index entry and lets go of the lock.
    recorder.close();
  }
}
