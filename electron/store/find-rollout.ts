import fs from 'node:fs';
import { isValidSessionId } from './rollout-file-name.js';
import { readRolloutHead, walkRolloutFiles } from './scan-rollouts.js';
import { readIndex } from './session-index-file.js';
import { summaryOf } from './list-sessions.js';

/**
 * The rollout file of a session: from the index when it knows the session and the file is still there,
 * else by walking the session folders newest first (the id is in every rollout's file name).
 */
export async function findRolloutById(home: string, sessionId: string): Promise<string | null> {
  if (!isValidSessionId(sessionId)) return null;
  const entry = (await readIndex(home))?.entries.get(sessionId);
  if (entry !== undefined) {
    const file = summaryOf(home, entry).path;
    if (fs.existsSync(file)) return file;
  }
  let found: string | null = null;
  await walkRolloutFiles(home, (file, id) => {
    if (id !== sessionId) return false;
    found = file;
    return true;
  });
  return found;
}

/**
 * The folder a saved session works in, from its first line: the one a resume goes back to, whatever folder the
 * resume was asked from. Null when there is no such session, or its file cannot be read.
 */
export async function savedSessionCwd(home: string, sessionId: string): Promise<string | null> {
  const file = await findRolloutById(home, sessionId);
  if (file === null) return null;
  try {
    return (await readRolloutHead(file))?.meta.cwd ?? null;
  } catch {
    return null;
  }
}
