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

/** Takes the session's lock when a deferred rollout is first written; null to write unlocked. */
export type LockTaker = () => SessionLock | null;

interface Deferred {
  /** The lines recorded so far, the metadata first, as they will be written. */
  lines: string[];
  takeLock: LockTaker;
}

/**
 * Writes one session's rollout. Every line goes out in one write() on an fd held open in append mode, and
 * record() returns only after that write: a line recorded is a line in the kernel's page cache, which the
 * process being killed cannot take back. No fsync: a power cut may lose the last moments of a session,
 * which a desktop app can live with, and an fsync per line would stall every streamed event.
 *
 * A new session's recorder may be deferred (see `deferred`): it then holds its lines in memory, and writes
 * nothing, not even its lock, until the person's first message; a session closed before one leaves nothing.
 */
export class SessionRecorder {
  private fd: number | null;
  private closed = false;
  private deferred: Deferred | null;
  private readonly entry: IndexEntry;
  /** The first request as a title, and the name the person gave (session_title); the entry shows the name first. */
  private requestTitle: string;
  private customTitle: string;
  private lastIndexWrite = 0;
  private indexStale = false;

  private constructor(
    private readonly home: string,
    readonly path: string,
    fd: number | null,
    entry: IndexEntry,
    titles: { request: string; custom: string },
    /** The session's lock (see session-lock.ts), released when the recorder closes. */
    private lock: SessionLock | null,
    deferred: Deferred | null = null,
  ) {
    this.fd = fd;
    this.entry = entry;
    this.requestTitle = titles.request;
    this.customTitle = titles.custom;
    this.entry.title = this.customTitle || this.requestTitle;
    this.deferred = deferred;
  }

  get sessionId(): string {
    return this.entry.id;
  }

  /** Whether the rollout is on disk (a deferred one is not until the person's first message). */
  get saved(): boolean {
    return this.deferred === null;
  }

  /** What the session is listed as: the person's name for it, else its first request; '' before either. */
  get title(): string {
    return this.entry.title;
  }

  /**
   * Starts a new session's rollout under TANDEM_HOME, writes its metadata line and its index entry. `lock`,
   * the session's lock, is released on close (not when create throws: its taker does that).
   */
  static create(home: string, meta: NewSessionMeta, lock: SessionLock | null = null): SessionRecorder {
    const planned = planRollout(home, meta);
    const fd = openNewRollout(home, planned.file);
    try {
      appendSync(fd, planned.metaText);
    } catch (err) {
      fs.closeSync(fd);
      throw err;
    }
    const recorder = new SessionRecorder(home, planned.file, fd, planned.entry, { request: '', custom: '' }, lock);
    recorder.writeIndexEntry();
    return recorder;
  }

  /**
   * A new session's recorder that writes nothing until the first user_message event is recorded: then it
   * takes the session's lock (`takeLock`; it may throw SessionLockedError, which record() passes on), writes
   * the metadata and every line recorded so far, in order, and the index entry. `path` is where the file
   * will be. Closed before that, it leaves no file, no index entry and no lock.
   */
  static deferred(home: string, meta: NewSessionMeta, takeLock: LockTaker = () => null): SessionRecorder {
    const planned = planRollout(home, meta);
    return new SessionRecorder(home, planned.file, null, planned.entry, { request: '', custom: '' }, null, { lines: [planned.metaText], takeLock });
  }

  /**
   * Reopens a session's rollout to record more (a resumed session). The file must sit where create() puts
   * files, TANDEM_HOME/sessions/YYYY/MM/DD/, so the index can be kept. `lock` as for create(). `customTitle`:
   * the name the person gave the session, when the caller has read the whole file (a resume has); without
   * it the file is read to its end to find one, since the index entries this recorder writes must keep it.
   */
  static openForAppend(file: string, lock: SessionLock | null = null, options: { customTitle?: string } = {}): SessionRecorder {
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
      head = readRolloutHeadSync(fd, { wholeFile: options.customTitle === undefined });
      if (head === null) throw new Error(`${absolute}: not a Tandem rollout (its first line is not session metadata)`);
      // A crash may have left half a line at the end. Ending it here keeps it one bad line that readers
      // skip, instead of gluing it to the next line we record and losing that one too.
      if (!endsWithNewline(fd)) appendSync(fd, '\n');
    } catch (err) {
      fs.closeSync(fd);
      throw err;
    }
    const { meta } = head;
    return new SessionRecorder(
      home,
      absolute,
      fd,
      {
        id: meta.session_id,
        cwd: meta.cwd,
        title: '',
        created_at: meta.created_at,
        updated_at: meta.timestamp,
        path: path.relative(root, absolute).split(path.sep).join('/'),
      },
      { request: head.requestTitle, custom: options.customTitle ?? head.customTitle },
      lock,
    );
  }

  /** Appends one line, stamped now. Synchronous: when it returns, the line is in the file (or, deferred, held). */
  record(line: RecordableLine): void {
    if (this.closed) throw new Error(`session ${this.sessionId}: recorder is closed`);
    const timestamp = new Date().toISOString();
    const { type, ...fields } = line;
    // `type` and `timestamp` first, so a person reading the file with `head` sees what each line is.
    const text = `${JSON.stringify({ type, timestamp, ...fields })}\n`;
    const request = line.type === 'event' && line.msg.type === 'user_message' ? line.msg.message : null;
    const isRequest = request !== null;
    if (this.deferred !== null) {
      this.deferred.lines.push(text);
      if (isRequest) this.writeDeferred();
    } else {
      appendSync(this.fd as number, text);
    }
    this.entry.updated_at = timestamp;
    this.indexStale = true;
    let titleChanged = false;
    if (this.requestTitle === '' && request !== null) {
      this.requestTitle = sessionTitle(request);
      titleChanged = this.requestTitle !== '';
    }
    if (line.type === 'session_title') {
      this.customTitle = line.title;
      titleChanged = true;
    }
    if (titleChanged) this.entry.title = this.customTitle || this.requestTitle;
    if (this.deferred !== null) return;
    if (titleChanged || Date.now() - this.lastIndexWrite >= INDEX_REFRESH_MS) this.writeIndexEntry();
  }

  /**
   * Gives the session the person's name for it (already normalized; '' goes back to the first request), in a
   * session_title line, and in the index at once. Returns the title the session is now listed as.
   */
  rename(title: string): string {
    this.record({ type: 'session_title', title });
    return this.title;
  }

  /**
   * Brings the index up to date, closes the file and releases the session's lock. Safe to call twice. A
   * deferred recorder that never saw a request drops what it held: nothing of the session stays on disk.
   */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.deferred = null;
    const fd = this.fd;
    this.fd = null;
    try {
      if (fd !== null && this.indexStale) this.writeIndexEntry();
    } finally {
      if (fd !== null) fs.closeSync(fd);
      this.lock?.release();
    }
  }

  /** The first request has come: lock, create the file, write everything held, then list the session. */
  private writeDeferred(): void {
    const deferred = this.deferred as Deferred;
    const lock = deferred.takeLock();
    let fd: number;
    try {
      fd = openNewRollout(this.home, this.path);
    } catch (err) {
      lock?.release();
      throw err;
    }
    try {
      appendSync(fd, deferred.lines.join(''));
    } catch (err) {
      fs.closeSync(fd);
      // A file with part of the session would be listed with its lines out of order next time: remove it.
      fs.rmSync(this.path, { force: true });
      lock?.release();
      throw err;
    }
    this.fd = fd;
    this.lock = lock;
    this.deferred = null;
  }

  private writeIndexEntry(): void {
    appendIndexEntry(this.home, { ...this.entry });
    this.lastIndexWrite = Date.now();
    this.indexStale = false;
  }
}

interface PlannedRollout {
  file: string;
  metaText: string;
  entry: IndexEntry;
}

/** Where a new session's rollout goes, its metadata line and its first index entry; nothing is written. */
function planRollout(home: string, meta: NewSessionMeta): PlannedRollout {
  const sessionId = meta.session_id ?? randomUUID();
  if (!isValidSessionId(sessionId)) throw new Error(`invalid session id for a file name: ${JSON.stringify(sessionId)}`);
  const createdAt = meta.created_at ?? new Date().toISOString();
  const created = new Date(createdAt);
  if (Number.isNaN(created.getTime())) throw new Error(`invalid created_at: ${JSON.stringify(createdAt)}`);
  const relative = path.join(rolloutDayDir(created), rolloutFileName(created, sessionId));
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
  return {
    file: path.join(sessionsDir(home), relative),
    metaText: `${JSON.stringify(metaLine)}\n`,
    entry: { id: sessionId, cwd: meta.cwd, title: '', created_at: createdAt, updated_at: metaLine.timestamp, path: relative.split(path.sep).join('/') },
  };
}

/** Creates a new rollout file (and its day folder, and the index's header in a new home), open for append. */
function openNewRollout(home: string, file: string): number {
  const root = sessionsDir(home);
  const homeIsNew = !fs.existsSync(root);
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: PRIVATE_DIR_MODE });
  // A home with no sessions folder had no sessions, so the index this starts is complete.
  if (homeIsNew) appendIndexLines(home, INDEX_HEADER_LINE);
  // 'ax': never append to another session's file, should an id ever be reused.
  return fs.openSync(file, 'ax', PRIVATE_FILE_MODE);
}
