import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { bundledChildScript } from './test-support/child-script.js';
import { describe, expect, it } from 'vitest';
import { compactSessionIndex, listSessions, readRollout } from './index.js';
import { readIndex } from './session-index-file.js';

/*
 * These tests run the recorder in real child processes: one killed with SIGKILL right after it recorded,
 * two recording at once into one index while this process compacts it. The child is the store itself,
 * bundled from this folder's sources, driven by a few lines of script.
 */
const childSource = `
import { SessionRecorder } from './index.js';

const [mode, home, countText, tag] = process.argv.slice(2);
const count = Number(countText);
const meta = { cwd: '/proj', model: 'm', approval_policy: 'never', sandbox_policy: { mode: 'read-only' } };

if (mode === 'record-then-wait') {
  const recorder = SessionRecorder.create(home, { ...meta, session_id: tag });
  for (let i = 0; i < count; i += 1) {
    recorder.record({ type: 'response_item', item: { type: 'message', n: i, text: 'x'.repeat(200) } });
  }
  process.stdout.write('recorded\\n');
  // Never closes: the parent kills us with SIGKILL, so nothing may depend on close() or exit handlers.
  setInterval(() => {}, 60_000);
} else if (mode === 'many-sessions') {
  for (let i = 0; i < count; i += 1) {
    const recorder = SessionRecorder.create(home, { ...meta, session_id: tag + '-' + i });
    recorder.record({ type: 'event', msg: { type: 'user_message', message: 'request ' + tag + ' ' + i } });
    recorder.close();
  }
  process.stdout.write('done\\n');
}
`;

const childProgram = bundledChildScript(childSource, 'recorder-child');

function startChild(args: string[]): { child: ChildProcess; output: Promise<string>; exit: Promise<number | null> } {
  const child = spawn(process.execPath, [childProgram.script(), ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exit = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const output = exit.then(() => (stderr ? `${stdout}\n[stderr] ${stderr}` : stdout));
  return { child, output, exit };
}

function waitForLine(child: ChildProcess, line: string): Promise<void> {
  return new Promise((resolve, reject) => {
    let seen = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      seen += chunk.toString();
      if (seen.split('\n').includes(line)) resolve();
    });
    child.on('exit', (code) => reject(new Error(`child exited (${code}) before printing ${line}: ${seen}`)));
  });
}

describe('the recorder across processes', () => {
  it('loses nothing it recorded when the process is killed with SIGKILL', async () => {
    const home = path.join(childProgram.workDir(), 'killed');
    const lines = 2_000;
    const { child, exit } = startChild(['record-then-wait', home, String(lines), 'killed-session']);
    await waitForLine(child, 'recorded');
    child.kill('SIGKILL');
    await exit;
    expect(child.signalCode).toBe('SIGKILL');

    const [summary] = await listSessions(home);
    expect(summary?.id).toBe('killed-session');
    const rollout = await readRollout(summary?.path ?? '');
    expect(rollout.warnings).toEqual([]);
    expect(rollout.meta.session_id).toBe('killed-session');
    const numbers = rollout.lines.flatMap((l) => (l.type === 'response_item' ? [(l.item as { n: number }).n] : []));
    expect(numbers).toEqual(Array.from({ length: lines }, (_, i) => i));
  });

  it('keeps a readable, complete index when two processes record at once while a third compacts', async () => {
    const home = path.join(childProgram.workDir(), 'concurrent');
    const perChild = 300;
    const children = ['a', 'b'].map((tag) => startChild(['many-sessions', home, String(perChild), tag]));
    let running = true;
    void Promise.all(children.map((c) => c.exit)).then(() => (running = false));
    let compactions = 0;
    while (running) {
      if (await compactSessionIndex(home).catch(() => false)) compactions += 1;
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
    const outputs = await Promise.all(children.map((c) => c.output));
    for (const output of outputs) expect(output).toBe('done\n');
    console.log(`compacted the index ${compactions} times while two processes recorded`);

    const index = await readIndex(home);
    expect(index?.corruptLines).toBe(0);
    expect(index?.hasHeader).toBe(true);
    const sessions = await listSessions(home);
    expect(sessions).toHaveLength(2 * perChild);
    const titles = new Map(sessions.map((s) => [s.id, s.title]));
    for (const tag of ['a', 'b']) {
      for (let i = 0; i < perChild; i += 1) expect(titles.get(`${tag}-${i}`)).toBe(`request ${tag} ${i}`);
    }
  });
});
