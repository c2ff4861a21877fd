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

async function namesIn(dir: string): Promise<string[]> {
  try {
    return await fs.promises.readdir(dir);
  } catch (err) {
    // A folder removed since its parent was read holds nothing.
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
}

/**
 * The rollout files under TANDEM_HOME/sessions, relative to it and '/'-separated (as the index names them),
 * by name alone: one readdir per folder, the folders read side by side, no file opened or stat'ed.
 */
export async function rolloutFileNames(home: string): Promise<Set<string>> {
  const root = sessionsDir(home);
  const inYear = async (year: string) =>
    (await Promise.all((await childDirs(path.join(root, year), TWO_DIGITS)).map(async (month) => (await childDirs(path.join(root, year, month), TWO_DIGITS)).map((day) => `${year}/${month}/${day}`)))).flat();
  const days = (await Promise.all((await childDirs(root, YEAR)).map(inYear))).flat();
  const files = await Promise.all(
    days.map(async (day) => (await namesIn(path.join(root, ...day.split('/')))).filter((name) => sessionIdFromRolloutFileName(name) !== null).map((name) => `${day}/${name}`)),
  );
  return new Set(files.flat());
}

export interface RolloutHead {
  meta: SessionMetaLine;
  /** What the session is listed as: the name the person gave it, else its first request; empty when neither. */
  title: string;
  /** From the first `user_message` event; empty when the session has none yet. */
  requestTitle: string;
  /**
   * The name from the last session_title line, '' when none. Only known when the whole file was read (see
   * readRolloutHead's `wholeFile`); otherwise ''.
   */
  customTitle: string;
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

/** The recorder writes `type` first, so a title line starts so; nothing else does. */
const TITLE_LINE_START = '{"type":"session_title"';

/** The name a session_title line gives, or null for any other line (or a damaged one). */
export function customTitleIn(line: string): string | null {
  if (!line.startsWith(TITLE_LINE_START)) return null;
  try {
    const value = JSON.parse(line) as { type?: unknown; title?: unknown };
    return value.type === 'session_title' && typeof value.title === 'string' ? value.title : null;
  } catch {
    return null;
  }
}

/**
 * Follows a rollout from its start, a chunk at a time, until it knows the metadata and the title (the
 * first user request comes within the first few lines of any session that has one). With `wholeFile` it
 * reads on to the end for the names the person gave the session, which may come anywhere.
 */
class HeadScanner {
  // A chunk may end inside a multi-byte character; the decoder holds its first bytes for the next one.
  private readonly decoder = new StringDecoder('utf8');
  private pending = '';
  private meta: SessionMetaLine | null = null;
  private requestTitle = '';
  private customTitle = '';

  constructor(private readonly wholeFile: boolean) {}

  /** The head once known; null when the file is not a rollout; undefined to read on. */
  feed(bytes: Buffer): RolloutHead | null | undefined {
    this.pending += this.decoder.write(bytes);
    const lines = this.pending.split('\n');
    this.pending = lines.pop() ?? '';
    for (const line of lines) {
      if (this.meta === null) {
        this.meta = parseMetaLine(line);
        if (this.meta === null) return null;
        continue;
      }
      this.take(line);
      if (!this.wholeFile && this.requestTitle !== '') return this.head(this.meta);
    }
    return undefined;
  }

  /** The head at the end of the file: a session without a request yet has no title. */
  end(): RolloutHead | null {
    const rest = this.pending + this.decoder.end();
    this.pending = '';
    if (this.meta === null) {
      // A file of one line whose newline is missing is still a session's start.
      this.meta = parseMetaLine(rest);
    } else if (rest !== '') {
      this.take(rest);
    }
    return this.meta === null ? null : this.head(this.meta);
  }

  private take(line: string): void {
    if (this.requestTitle === '') {
      const request = userMessageIn(line);
      if (request !== null) this.requestTitle = sessionTitle(request);
    }
    if (this.wholeFile) {
      const named = customTitleIn(line);
      if (named !== null) this.customTitle = named;
    }
  }

  private head(meta: SessionMetaLine): RolloutHead {
    return { meta, title: this.customTitle || this.requestTitle, requestTitle: this.requestTitle, customTitle: this.customTitle };
  }
}

/**
 * A rollout's metadata and title, read from its start only as far as the first user request, or with
 * `wholeFile` to its end (for a name the person gave it: a rebuilt index must keep it). Null when the first
 * line is not session metadata: not a rollout of ours, or one cut before its first line was written.
 */
export async function readRolloutHead(file: string, options: { wholeFile?: boolean } = {}): Promise<RolloutHead | null> {
  const handle = await fs.promises.open(file, 'r');
  try {
    const buffer = Buffer.alloc(CHUNK_BYTES);
    const scanner = new HeadScanner(options.wholeFile === true);
    for (;;) {
      const { bytesRead } = await handle.read(buffer, 0, CHUNK_BYTES, null);
      if (bytesRead === 0) return scanner.end();
      const head = scanner.feed(buffer.subarray(0, bytesRead));
      if (head !== undefined) return head;
    }
  } finally {
    await handle.close();
  }
}

/** readRolloutHead on an open file descriptor, synchronously, from the file's start. */
export function readRolloutHeadSync(fd: number, options: { wholeFile?: boolean } = {}): RolloutHead | null {
  const buffer = Buffer.alloc(CHUNK_BYTES);
  const scanner = new HeadScanner(options.wholeFile === true);
  for (let position = 0; ; ) {
    const bytesRead = fs.readSync(fd, buffer, 0, CHUNK_BYTES, position);
    if (bytesRead === 0) return scanner.end();
    position += bytesRead;
    const head = scanner.feed(buffer.subarray(0, bytesRead));
    if (head !== undefined) return head;
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
