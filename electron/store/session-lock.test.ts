import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { bundledChildScript } from './test-support/child-script.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SessionLockedError, acquireSessionLock, processStartTime, sessionLockPath, type SessionLockRecord } from './session-lock.js';

/*
 * The lock between real processes: children that take a session's lock (the store's own code, bundled from
 * this folder), hold it, exit, or are killed with SIGKILL.
 */
const childSource = `
import { acquireSessionLock, SessionLockedError } from './session-lock.js';

const [mode, home, id] = process.argv.slice(2);
try {
  const lock = acquireSessionLock(home, id, { kind: 'cli', command: 'proto' });
  process.stdout.write('took\\n');
  if (mode === 'take-then-exit') process.exit(0);
  if (mode === 'take-then-release') {
    lock.release();
    process.stdout.write('released\\n');
    process.exit(0);
  }
  // take-then-hold: until the parent kills us.
  setInterval(() => {}, 60_000);
} catch (err) {
  process.stdout.write(err instanceof SessionLockedError ? 'locked\\n' : 'failed ' + err.message + '\\n');
  setInterval(() => {}, 60_000);
}
`;

const childProgram = bundledChildScript(childSource, 'lock-child');
const children: ChildProcess[] = [];

let home: string;
beforeEach(() => {
  home = fs.mkdtempSync(path.join(childProgram.workDir(), 'home-'));
});
afterEach(async () => {
  await Promise.all(children.splice(0).map((child) => kill(child)));
});

async function kill(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGKILL');
  await exited;
}

/** A child process running the lock, and the first line it prints: took, locked, or failed. */
function startChild(mode: 'take-then-hold' | 'take-then-exit' | 'take-then-release', id = 's1'): { child: ChildProcess; said: Promise<string>; exited: Promise<number | null> } {
  const child = spawn(process.execPath, [childProgram.script(), mode, home, id], { stdio: ['ignore', 'pipe', 'inherit'] });
  children.push(child);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const said = new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const line = out.split('\n')[0];
      if (out.includes('\n') && line !== undefined) resolve(line);
    });
    void exited.then(() => reject(new Error(`child exited before saying anything: ${out}`)));
  });
  return { child, said, exited };
}

function lockedBy(run: () => unknown): SessionLockRecord {
  try {
    run();
  } catch (err) {
    if (err instanceof SessionLockedError) return err.holder;
    throw err;
  }
  throw new Error('expected the session to be locked');
}

function writeRecord(id: string, record: Partial<SessionLockRecord>): void {
  const file = sessionLockPath(home, id);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, JSON.stringify({ session_id: id, hostname: os.hostname(), token: 'theirs', holder: null, since: '', ...record }));
}

describe('the session lock', () => {
  it('is refused to a second opener in this process until released, naming the holder', () => {
    const lock = acquireSessionLock(home, 's1', { kind: 'serve', port: 51234 });
    expect(JSON.parse(fs.readFileSync(sessionLockPath(home, 's1'), 'utf8'))).toMatchObject({ pid: process.pid, holder: { kind: 'serve', port: 51234 } });
    expect(() => acquireSessionLock(home, 's1')).toThrow(`This session is open in tandem serve on port 51234 (pid ${process.pid}). Close it there, or open it read-only to look.`);
    // Another session is another lock.
    acquireSessionLock(home, 's2').release();
    lock.release();
    expect(fs.existsSync(sessionLockPath(home, 's1'))).toBe(false);
    acquireSessionLock(home, 's1', { kind: 'desktop' }).release();
  });

  it('is refused while another process holds it, and taken once that process is killed with SIGKILL', async () => {
    const holder = startChild('take-then-hold');
    expect(await holder.said).toBe('took');
    const record = lockedBy(() => acquireSessionLock(home, 's1'));
    expect(record).toMatchObject({ pid: holder.child.pid, holder: { kind: 'cli', command: 'proto' }, started: processStartTime(holder.child.pid!) });
    expect(() => acquireSessionLock(home, 's1')).toThrow(`This session is open in tandem proto (pid ${holder.child.pid}).`);

    await kill(holder.child);
    const lock = acquireSessionLock(home, 's1');
    expect(JSON.parse(fs.readFileSync(sessionLockPath(home, 's1'), 'utf8')).pid).toBe(process.pid);
    lock.release();
  });

  it('is left behind by no process that exits or releases it', async () => {
    const exiting = startChild('take-then-exit');
    expect(await exiting.said).toBe('took');
    expect(await exiting.exited).toBe(0);
    expect(fs.existsSync(sessionLockPath(home, 's1'))).toBe(false);

    const releasing = startChild('take-then-release');
    expect(await releasing.said).toBe('took');
    expect(await releasing.exited).toBe(0);
    expect(fs.existsSync(sessionLockPath(home, 's1'))).toBe(false);
  });

  it('is stale when its pid now belongs to a process that started at another time (PID reuse)', async () => {
    const other = spawn('sleep', ['600'], { stdio: 'ignore' });
    children.push(other);
    const pid = other.pid!;
    const started = processStartTime(pid);
    expect(started).not.toBeNull();

    writeRecord('s1', { pid, started });
    expect(lockedBy(() => acquireSessionLock(home, 's1')).pid).toBe(pid);

    writeRecord('s1', { pid, started: `${started}-an-earlier-process` });
    acquireSessionLock(home, 's1').release();
  });

  it('is stale when its pid is gone, or its record unreadable; a record from another machine is taken as held', async () => {
    const gone = spawn('true', [], { stdio: 'ignore' });
    const pid = gone.pid!;
    await new Promise((resolve) => gone.once('exit', resolve));
    writeRecord('s1', { pid, started: 'whenever' });
    acquireSessionLock(home, 's1').release();

    fs.writeFileSync(sessionLockPath(home, 's1'), 'not a lock record');
    acquireSessionLock(home, 's1').release();

    writeRecord('s1', { pid: 1, started: null, hostname: 'elsewhere.example', holder: { kind: 'desktop' } });
    expect(() => acquireSessionLock(home, 's1')).toThrow('This session is open in the Tandem app (pid 1 on elsewhere.example).');
  });

  it('names a record of this process that no lock of it holds stale (a release that failed)', () => {
    writeRecord('s1', { pid: process.pid, started: processStartTime(process.pid) });
    acquireSessionLock(home, 's1').release();
  });

  it('goes to exactly one of many processes that find the same stale lock at once', async () => {
    writeRecord('s1', { pid: 2 ** 22 + 17, started: 'long ago' });
    const racers = Array.from({ length: 8 }, () => startChild('take-then-hold'));
    const said = await Promise.all(racers.map((racer) => racer.said));
    expect(said.filter((word) => word === 'took')).toHaveLength(1);
    expect(said.filter((word) => word === 'locked')).toHaveLength(7);
    const winner = racers[said.indexOf('took')]!;
    expect(JSON.parse(fs.readFileSync(sessionLockPath(home, 's1'), 'utf8')).pid).toBe(winner.child.pid);
    // Nothing left beside the lock: no temporary or break files.
    expect(fs.readdirSync(path.dirname(sessionLockPath(home, 's1')))).toEqual(['s1.lock']);
  });
});
