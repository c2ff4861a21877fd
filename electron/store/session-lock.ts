import { spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PRIVATE_DIR_MODE, PRIVATE_FILE_MODE } from '../home/private-home.js';
import { isValidSessionId, sessionsDir } from './rollout-file-name.js';

/*
 * One writer per session file. Two processes appending to one rollout interleave two conversations, and
 * the next resume merges them. So a session is locked while it is open for writing (new or resumed):
 * TANDEM_HOME/sessions/locks/<id>.lock, a small JSON record of who holds it.
 *
 * - Taken atomically: the record is written whole to a file of our own, then link(2)ed to the lock's name,
 *   which fails if the name exists. A reader never sees half a record.
 * - Stale after a crash, with no PID-reuse trap: the record names the pid and that process's start time
 *   (/proc/PID/stat field 22 with the boot id on Linux, `ps -o lstart` elsewhere) and the host name. The
 *   lock is stale when that pid is gone or now belongs to a process that started at another time. A record
 *   from another host (a TANDEM_HOME shared over the network) cannot be checked and is taken as held.
 * - A stale lock is replaced atomically: whoever first creates `<lock>.break-<hash of the stale record>`
 *   checks the lock still holds that record and renames its own over it; anyone else who judged the same
 *   record stale finds the break file taken, or the lock changed, and looks again.
 * - In this process, a lock is held by the object acquireSessionLock returned until its release; a record
 *   naming this process that no such object holds was left by a failed release, and is stale.
 */

/** Which door opened a session: named to the person who finds it locked. */
export type SessionHolder = { kind: 'desktop' } | { kind: 'serve'; port: number | null } | { kind: 'cli'; command: 'exec' | 'proto' };

export interface SessionLockRecord {
  session_id: string;
  pid: number;
  /** When the process started, as this platform tells it; null where it cannot be learnt. */
  started: string | null;
  hostname: string;
  /** Random per lock: tells two locks of one process apart. */
  token: string;
  holder: SessionHolder | null;
  since: string;
}

export interface SessionLock {
  readonly file: string;
  readonly record: SessionLockRecord;
  /** Removes the lock file if it is still ours. Safe to call twice. */
  release(): void;
}

/** Opening a session that another process (or another part of this one) has open for writing. */
export class SessionLockedError extends Error {
  constructor(readonly holder: SessionLockRecord) {
    super(`This session is open in ${describeHolder(holder)}. Close it there, or open it read-only to look.`);
    this.name = 'SessionLockedError';
  }
}

export function describeHolder(record: SessionLockRecord): string {
  const where = record.hostname === os.hostname() ? `pid ${record.pid}` : `pid ${record.pid} on ${record.hostname}`;
  const holder = record.holder;
  if (holder === null) return `another Tandem (${where})`;
  switch (holder.kind) {
    case 'desktop':
      return `the Tandem app (${where})`;
    case 'serve':
      return holder.port === null ? `tandem serve (${where})` : `tandem serve on port ${holder.port} (${where})`;
    case 'cli':
      return `tandem ${holder.command} (${where})`;
  }
}

export function sessionLockPath(home: string, sessionId: string): string {
  return path.join(sessionsDir(home), 'locks', `${sessionId}.lock`);
}

/** Lock files of this process that are held: file name to token. */
const heldHere = new Map<string, string>();
let releaseOnExit = false;

let bootId: string | null | undefined;
function linuxBootId(): string | null {
  if (bootId === undefined) {
    try {
      bootId = fs.readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim();
    } catch {
      bootId = null;
    }
  }
  return bootId;
}

/** When process `pid` started, or null when it cannot be learnt (no such process, or no way to ask). */
export function processStartTime(pid: number): string | null {
  if (process.platform === 'linux') {
    let stat: string;
    try {
      stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    } catch {
      return null;
    }
    // Field 2, the command name, is in parentheses and may hold spaces and parentheses itself; the fields
    // after its last ')' start at field 3, so field 22 (start time, in clock ticks since boot) is the 20th.
    const ticks = stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
    if (ticks === undefined || !/^\d+$/.test(ticks)) return null;
    // Ticks since boot repeat across boots; the boot id tells them apart.
    return `${linuxBootId() ?? 'boot'}:${ticks}`;
  }
  if (process.platform === 'win32') return null;
  const ps = spawnSync('ps', ['-o', 'lstart=', '-p', String(pid)], { encoding: 'utf8', env: { ...process.env, LC_ALL: 'C' } });
  const started = ps.status === 0 ? ps.stdout.trim() : '';
  return started === '' ? null : started;
}

let ownStart: string | null | undefined;
function ownStartTime(): string | null {
  if (ownStart === undefined) ownStart = processStartTime(process.pid);
  return ownStart;
}

function pidIsAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: it exists, but belongs to someone else.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function parseRecord(text: string): SessionLockRecord | null {
  try {
    const value = JSON.parse(text) as Partial<SessionLockRecord>;
    if (typeof value.pid !== 'number' || !Number.isInteger(value.pid) || value.pid <= 0) return null;
    if (typeof value.hostname !== 'string' || typeof value.token !== 'string') return null;
    if (value.started !== null && typeof value.started !== 'string') return null;
    return {
      session_id: typeof value.session_id === 'string' ? value.session_id : '',
      pid: value.pid,
      started: value.started,
      hostname: value.hostname,
      token: value.token,
      holder: typeof value.holder === 'object' && value.holder !== null ? value.holder : null,
      since: typeof value.since === 'string' ? value.since : '',
    };
  } catch {
    return null;
  }
}

/** Whether the process a record names is gone, so its lock can be taken. */
function isStale(file: string, record: SessionLockRecord): boolean {
  if (record.hostname !== os.hostname()) return false;
  if (record.pid === process.pid && record.started === ownStartTime()) return heldHere.get(file) !== record.token;
  if (!pidIsAlive(record.pid)) return true;
  if (record.started === null) return false;
  const started = processStartTime(record.pid);
  // null: it ended between the two checks, or its start cannot be read now though it could be then.
  return started === null ? !pidIsAlive(record.pid) : started !== record.started;
}

function readOrNull(file: string): string | null {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
}

function errnoOf(err: unknown): string | undefined {
  return (err as NodeJS.ErrnoException).code;
}

/**
 * Puts our record (the file `mine`) in place of the stale one whose text is `stale`. True when it did;
 * false when someone else is replacing it or already has, and the caller should look again.
 */
function replaceStale(file: string, stale: string, mine: string): boolean {
  const breaker = `${file}.break-${createHash('sha256').update(stale).digest('hex').slice(0, 16)}`;
  try {
    fs.linkSync(mine, breaker);
  } catch (err) {
    if (errnoOf(err) !== 'EEXIST') throw err;
    // A process that died while replacing left its break file; it would block this record for ever.
    const left = readOrNull(breaker);
    const record = left === null ? null : parseRecord(left);
    if (record === null || isStale(breaker, record)) fs.rmSync(breaker, { force: true });
    return false;
  }
  try {
    if (readOrNull(file) !== stale) return false;
    fs.renameSync(mine, file);
    return true;
  } finally {
    fs.rmSync(breaker, { force: true });
  }
}

/**
 * Takes the lock of a session about to be opened for writing. Throws SessionLockedError, naming the holder,
 * when a live process has it open, this one included.
 */
export function acquireSessionLock(home: string, sessionId: string, holder: SessionHolder | null = null): SessionLock {
  if (!isValidSessionId(sessionId)) throw new Error(`invalid session id for a file name: ${JSON.stringify(sessionId)}`);
  const file = sessionLockPath(home, sessionId);
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: PRIVATE_DIR_MODE });
  const record: SessionLockRecord = {
    session_id: sessionId,
    pid: process.pid,
    started: ownStartTime(),
    hostname: os.hostname(),
    token: randomBytes(12).toString('hex'),
    holder,
    since: new Date().toISOString(),
  };
  const text = `${JSON.stringify(record)}\n`;
  const mine = `${file}.${record.token}.tmp`;
  fs.writeFileSync(mine, text, { flag: 'wx', mode: PRIVATE_FILE_MODE });
  try {
    // Each round either takes the lock, finds it held, or sees it change under us; a few rounds settle it.
    for (let round = 0; round < 8; round += 1) {
      try {
        fs.linkSync(mine, file);
        return held(file, record);
      } catch (err) {
        if (errnoOf(err) !== 'EEXIST') throw err;
      }
      const current = readOrNull(file);
      if (current === null) continue;
      const holderRecord = parseRecord(current);
      if (holderRecord !== null && !isStale(file, holderRecord)) throw new SessionLockedError(holderRecord);
      if (replaceStale(file, current, mine)) return held(file, record);
    }
    throw new Error(`Could not take the lock of session ${sessionId} (${file}): other Tandem processes keep changing it. Try again.`);
  } finally {
    fs.rmSync(mine, { force: true });
  }
}

function held(file: string, record: SessionLockRecord): SessionLock {
  heldHere.set(file, record.token);
  if (!releaseOnExit) {
    releaseOnExit = true;
    // A process that exits (not one that is killed) leaves no lock behind, even with sessions still open.
    process.once('exit', () => {
      for (const [lockFile, token] of heldHere) releaseFile(lockFile, token);
    });
  }
  let released = false;
  return {
    file,
    record,
    release(): void {
      if (released) return;
      released = true;
      releaseFile(file, record.token);
    },
  };
}

function releaseFile(file: string, token: string): void {
  if (heldHere.get(file) === token) heldHere.delete(file);
  try {
    const current = readOrNull(file);
    // Only our own record: after a failed release a later opener may have taken it (see isStale).
    if (current !== null && parseRecord(current)?.token === token) fs.rmSync(file, { force: true });
  } catch {
    // The lock stays; the next opener finds this process gone (or its token not held) and takes it.
  }
}
