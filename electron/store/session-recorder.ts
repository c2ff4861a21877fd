import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { PRIVATE_DIR_MODE, PRIVATE_FILE_MODE } from '../home/private-home.js';
import { appendSync } from './append-line.js';
import { ROLLOUT_FORMAT_VERSION, type NewSessionMeta, type RecordableLine, type SessionMetaLine } from './rollout-line.js';
import { isValidSessionId, rolloutDayDir, rolloutFileName, sessionsDir } from './rollout-file-name.js';
import { readRolloutHeadSync, type RolloutHead } from './scan-rollouts.js';
import { INDEX_HEADER_LINE, appendIndexEntry, appendIndexLines, type IndexEntry } from './session-index-file.js';
import type { SessionLock } from './session-lock.js';
import { sessionTitle } from './session-title.js';

function endsWithNewline(fd: number): boolean {
  const { size } = fs.fstatSync(fd);
  if (size === 0) return true;
  const last = Buffer.alloc(1);
  fs.readSync(fd, last, 0, 1, size - 1);
  return last[0] === 0x0a;
}

/**
 * How stale a session's `updated_at` in the index may get while it records. The index is for the session
 * list, where seconds do not matter, and each refresh appends a line that compaction later drops.
 */
export const INDEX_REFRESH_MS = 5_000;

/**
 * Writes one session's rollout. Every line goes out in one write() on an fd held open in append mode, and
 * record() returns only after that write: a line recorded is a line in the kernel's page cache, which the
 * process being killed cannot take back. No fsync: a power cut may lose the last moments of a session,
 * which a desktop app can live with, and an fsync per line would stall every streamed event.
 */
export class SessionRecorder {
  private fd: number | null;
  private readonly entry: IndexEntry;
  private lastIndexWrite = 0;
  private indexStale = false;

  private constructor(
    private readonly home: string,
    readonly path: string,
    fd: number,
    entry: IndexEntry,
    /** The session's lock (see session-lock.ts), released when the recorder closes. */
    private readonly lock: SessionLock | null,
  ) {
    this.fd = fd;
    this.entry = entry;
  }

  get sessionId(): string {
    return this.entry.id;
  }

  /**
   * Starts a new session's rollout under TANDEM_HOME, writes its metadata line and its index entry. `lock`,
   * the session's lock, is released on close (not when create throws: its taker does that).
   */
  static create(home: string, meta: NewSessionMeta, lock: SessionLock | null = null): SessionRecorder {
    const sessionId = meta.session_id ?? randomUUID();
    if (!isValidSessionId(sessionId)) throw new Error(`invalid session id for a file name: ${JSON.stringify(sessionId)}`);
    const createdAt = meta.created_at ?? new Date().toISOString();
    const created = new Date(createdAt);
    if (Number.isNaN(created.getTime())) throw new Error(`invalid created_at: ${JSON.stringify(createdAt)}`);

    const root = sessionsDir(home);
    const homeIsNew = !fs.existsSync(root);
    const dayDir = rolloutDayDir(created);
    fs.mkdirSync(path.join(root, dayDir), { recursive: true, mode: PRIVATE_DIR_MODE });
    // A home with no sessions folder had no sessions, so the index this starts is complete.
    if (homeIsNew) appendIndexLines(home, INDEX_HEADER_LINE);

    const relative = path.join(dayDir, rolloutFileName(created, sessionId));
    const file = path.join(root, relative);
    // 'ax': never append to another session's file, should an id ever be reused.
    const fd = fs.openSync(file, 'ax', PRIVATE_FILE_MODE);
    const metaLine: SessionMetaLine = {
      type: 'session_meta',
      timestamp: new Date().toISOString(),
      session_id: sessionId,
      cwd: meta.cwd,
      model: meta.model,
      approval_policy: meta.approval_policy,
      sandbox_policy: meta.sandbox_policy,
      created_at: createdAt,
      ...(meta.instructions === undefined ? {} : { instructions: meta.instructions }),
      version: ROLLOUT_FORMAT_VERSION,
    };
    try {
      appendSync(fd, `${JSON.stringify(metaLine)}\n`);
    } catch (err) {
      fs.closeSync(fd);
      throw err;
    }
    const recorder = new SessionRecorder(home, file, fd, {
      id: sessionId,
      cwd: meta.cwd,
      title: '',
      created_at: createdAt,
      updated_at: metaLine.timestamp,
      path: relative.split(path.sep).join('/'),
    }, lock);
    recorder.writeIndexEntry();
    return recorder;
  }

  /**
   * Reopens a session's rollout to record more (a resumed session). The file must sit where create() puts
   * files, TANDEM_HOME/sessions/YYYY/MM/DD/, so the index can be kept. `lock` as for create().
   */
  static openForAppend(file: string, lock: SessionLock | null = null): SessionRecorder {
    const absolute = path.resolve(file);
    const dayDir = path.dirname(absolute);
    const root = path.dirname(path.dirname(path.dirname(dayDir)));
    if (path.basename(root) !== 'sessions') {
      throw new Error(`${absolute}: not under a TANDEM_HOME/sessions/YYYY/MM/DD folder`);
    }
    const home = path.dirname(root);
    // Read and append through one descriptor (never creating the file): only the head, for the title, and
    // the last byte are read, not the whole file, which a resume has just read once already.
    const fd = fs.openSync(absolute, fs.constants.O_RDWR | fs.constants.O_APPEND);
    let head: RolloutHead | null;
    try {
      head = readRolloutHeadSync(fd);
      if (head === null) throw new Error(`${absolute}: not a Tandem rollout (its first line is not session metadata)`);
      // A crash may have left half a line at the end. Ending it here keeps it one bad line that readers
      // skip, instead of gluing it to the next line we record and losing that one too.
      if (!endsWithNewline(fd)) appendSync(fd, '\n');
    } catch (err) {
      fs.closeSync(fd);
      throw err;
    }
    const { meta, title } = head;
    return new SessionRecorder(home, absolute, fd, {
      id: meta.session_id,
      cwd: meta.cwd,
      title,
      created_at: meta.created_at,
      updated_at: meta.timestamp,
      path: path.relative(root, absolute).split(path.sep).join('/'),
    }, lock);
  }

  /** Appends one line, stamped now. Synchronous: when it returns, the line is in the file. */
  record(line: RecordableLine): void {
    if (this.fd === null) throw new Error(`session ${this.sessionId}: recorder is closed`);
    const timestamp = new Date().toISOString();
    const { type, ...fields } = line;
    // `type` and `timestamp` first, so a person reading the file with `head` sees what each line is.
    appendSync(this.fd, `${JSON.stringify({ type, timestamp, ...fields })}\n`);
    this.entry.updated_at = timestamp;
    this.indexStale = true;
    if (this.entry.title === '' && line.type === 'event' && line.msg.type === 'user_message') {
      this.entry.title = sessionTitle(line.msg.message);
      if (this.entry.title !== '') {
        this.writeIndexEntry();
        return;
      }
    }
    if (Date.now() - this.lastIndexWrite >= INDEX_REFRESH_MS) this.writeIndexEntry();
  }

  /** Brings the index up to date, closes the file and releases the session's lock. Safe to call twice. */
  close(): void {
    if (this.fd === null) return;
    const fd = this.fd;
    this.fd = null;
    try {
      if (this.indexStale) this.writeIndexEntry();
    } finally {
      fs.closeSync(fd);
      this.lock?.release();
    }
  }

  private writeIndexEntry(): void {
    appendIndexEntry(this.home, { ...this.entry });
    this.lastIndexWrite = Date.now();
    this.indexStale = false;
  }
}
