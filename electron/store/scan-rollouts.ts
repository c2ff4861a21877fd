import fs from 'node:fs';
import path from 'node:path';
import { StringDecoder } from 'node:string_decoder';
import { EventMsg } from '../../shared/protocol/index.js';
import { SessionMetaLine } from './rollout-line.js';
import { sessionIdFromRolloutFileName, sessionsDir } from './rollout-file-name.js';
import { sessionTitle } from './session-title.js';

const YEAR = /^\d{4}$/;
const TWO_DIGITS = /^\d{2}$/;

async function childDirs(dir: string, name: RegExp): Promise<string[]> {
  let entries: fs.Dirent[];
  try {
    entries = await fs.promises.readdir(dir, { withFileTypes: true });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
  return entries
    .filter((e) => e.isDirectory() && name.test(e.name))
    .map((e) => e.name)
    .sort()
    .reverse();
}

/**
 * Every rollout file under TANDEM_HOME/sessions, newest first: the folders are dates and the names start
 * with the time, so sorting names backwards sorts sessions by creation. Stops when `visit` returns true.
 */
export async function walkRolloutFiles(
  home: string,
  visit: (file: string, sessionId: string) => boolean | void,
): Promise<void> {
  const root = sessionsDir(home);
  for (const year of await childDirs(root, YEAR)) {
    for (const month of await childDirs(path.join(root, year), TWO_DIGITS)) {
      for (const day of await childDirs(path.join(root, year, month), TWO_DIGITS)) {
        const dir = path.join(root, year, month, day);
        const names = (await fs.promises.readdir(dir)).sort().reverse();
        for (const name of names) {
          const id = sessionIdFromRolloutFileName(name);
          if (id !== null && visit(path.join(dir, name), id) === true) return;
        }
      }
    }
  }
}

export interface RolloutHead {
  meta: SessionMetaLine;
  /** From the first `user_message` event; empty when the session has none yet. */
  title: string;
}

const CHUNK_BYTES = 64 * 1024;

/** The first user request in a line, if the line is that event. Cheap on every other line. */
export function userMessageIn(line: string): string | null {
  if (!line.includes('"user_message"')) return null;
  try {
    const value = JSON.parse(line) as { type?: unknown; msg?: unknown };
    if (value.type !== 'event') return null;
    const msg = EventMsg.safeParse(value.msg);
    return msg.success && msg.data.type === 'user_message' ? msg.data.message : null;
  } catch {
    return null;
  }
}

/**
 * A rollout's metadata and title, read from its start only as far as the first user request (which comes
 * within the first few lines of any session that has one). Null when the first line is not session
 * metadata: not a rollout of ours, or one cut before its first line was written.
 */
export async function readRolloutHead(file: string): Promise<RolloutHead | null> {
  const handle = await fs.promises.open(file, 'r');
  try {
    const buffer = Buffer.alloc(CHUNK_BYTES);
    // A chunk may end inside a multi-byte character; the decoder holds its first bytes for the next one.
    const decoder = new StringDecoder('utf8');
    let pending = '';
    let meta: SessionMetaLine | null = null;
    for (;;) {
      const { bytesRead } = await handle.read(buffer, 0, CHUNK_BYTES, null);
      if (bytesRead === 0) break;
      pending += decoder.write(buffer.subarray(0, bytesRead));
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) {
        if (meta === null) {
          meta = parseMetaLine(line);
          if (meta === null) return null;
          continue;
        }
        const request = userMessageIn(line);
        if (request !== null) {
          const title = sessionTitle(request);
          if (title) return { meta, title };
        }
      }
    }
    return meta === null ? null : { meta, title: '' };
  } finally {
    await handle.close();
  }
}

export function parseMetaLine(line: string): SessionMetaLine | null {
  try {
    const parsed = SessionMetaLine.safeParse(JSON.parse(line));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}
