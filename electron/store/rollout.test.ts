import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SessionRecorder, listSessions, readRollout, RolloutReadError, type RecordableLine } from './index.js';

let home: string;

beforeEach(() => {
  home = fs.mkdtempSync(path.join(os.tmpdir(), 'tandem-rollout-'));
});
afterEach(() => {
  fs.rmSync(home, { recursive: true, force: true });
});

const meta = {
  cwd: '/work/project',
  model: 'gpt-5-codex',
  approval_policy: 'on-request',
  sandbox_policy: { mode: 'workspace-write', network_access: false },
} as const;

const everyKind: RecordableLine[] = [
  { type: 'turn_context', cwd: '/work/project', model: 'gpt-5-codex', approval_policy: 'never', sandbox_policy: { mode: 'read-only' } },
  { type: 'event', msg: { type: 'user_message', message: 'Add a --verbose flag' } },
  { type: 'response_item', item: { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'Add a --verbose flag' }] } },
  { type: 'snapshot', turn_id: 'turn-1', snapshot: { commit: 'abc123', repo: '/work/project' } },
  {
    type: 'event',
    msg: {
      type: 'exec_command_end',
      call_id: 'c1',
      command: ['bash', '-lc', 'npm test'],
      cwd: '/work/project',
      stdout: 'ok\n',
      stderr: '',
      aggregated_output: 'ok\n',
      exit_code: 0,
      duration_ms: 1200,
      formatted_output: 'ok',
    },
  },
  { type: 'response_item', item: { type: 'function_call_output', call_id: 'c1', output: 'ok ✓ 日本語' } },
  { type: 'compacted', replacement_history: [{ type: 'message', role: 'user', content: [] }] },
  { type: 'rollback', num_turns: 1 },
  { type: 'event', msg: { type: 'task_complete', last_agent_message: null } },
];

describe('SessionRecorder and readRollout', () => {
  it('writes every kind of line and reads them back, stamped and in order', async () => {
    const recorder = SessionRecorder.create(home, { ...meta, session_id: 'sess-1', instructions: 'Be brief.' });
    for (const line of everyKind) recorder.record(line);
    recorder.close();

    expect(path.relative(home, recorder.path)).toMatch(
      /^sessions\/\d{4}\/\d{2}\/\d{2}\/rollout-\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}-sess-1\.jsonl$/,
    );
    const rollout = await readRollout(recorder.path);
    expect(rollout.warnings).toEqual([]);
    expect(rollout.meta).toMatchObject({ type: 'session_meta', session_id: 'sess-1', ...meta, instructions: 'Be brief.', version: 1 });
    expect(rollout.lines[0]).toEqual(rollout.meta);
    const recorded = rollout.lines.slice(1);
    expect(recorded.map(({ timestamp: _t, ...rest }) => rest)).toEqual(everyKind);
    for (const line of recorded) expect(Number.isNaN(Date.parse(line.timestamp))).toBe(false);

    // One JSON object per line, `type` first, so the file reads well with head and jq.
    const text = fs.readFileSync(recorder.path, 'utf8');
    expect(text.endsWith('\n')).toBe(true);
    for (const line of text.trimEnd().split('\n')) expect(line.startsWith('{"type":')).toBe(true);
  });

  it('generates a session id when none is given and refuses ids unfit for a file name', () => {
    const recorder = SessionRecorder.create(home, meta);
    recorder.close();
    expect(recorder.sessionId).toMatch(/^[0-9a-f-]{36}$/);
    expect(recorder.path.endsWith(`-${recorder.sessionId}.jsonl`)).toBe(true);
    expect(() => SessionRecorder.create(home, { ...meta, session_id: '../escape' })).toThrow(/invalid session id/);
  });

  it('puts the file in the UTC day of created_at', () => {
    const recorder = SessionRecorder.create(home, { ...meta, session_id: 'dated', created_at: '2024-02-29T23:59:58.000Z' });
    recorder.close();
    expect(path.relative(home, recorder.path)).toBe('sessions/2024/02/29/rollout-2024-02-29T23-59-58-dated.jsonl');
  });

  it('skips a torn last line with a warning and keeps the rest', async () => {
    const recorder = SessionRecorder.create(home, { ...meta, session_id: 'torn' });
    recorder.record({ type: 'event', msg: { type: 'user_message', message: 'hello' } });
    recorder.record({ type: 'event', msg: { type: 'agent_message', message: 'hi' } });
    recorder.close();
    // What a crash in the middle of a write leaves: the start of a line and no newline.
    fs.appendFileSync(recorder.path, '{"type":"event","timestamp":"2025-01-01T00:00:00.000Z","msg":{"type":"agent_mes');

    const rollout = await readRollout(recorder.path);
    expect(rollout.lines.map((l) => l.type)).toEqual(['session_meta', 'event', 'event']);
    expect(rollout.warnings).toHaveLength(1);
    expect(rollout.warnings[0]).toMatch(/:4: skipped a torn last line/);
  });

  it('skips damaged or unknown lines in the middle with a warning', async () => {
    const recorder = SessionRecorder.create(home, { ...meta, session_id: 'damaged' });
    recorder.close();
    fs.appendFileSync(recorder.path, 'not json\n{"type":"from_the_future","timestamp":"x"}\n');
    fs.appendFileSync(recorder.path, `${JSON.stringify({ type: 'rollback', timestamp: 't', num_turns: 2 })}\n`);
    const rollout = await readRollout(recorder.path);
    expect(rollout.lines.map((l) => l.type)).toEqual(['session_meta', 'rollback']);
    expect(rollout.warnings).toHaveLength(2);
    expect(rollout.warnings[0]).toMatch(/:2: skipped a line: malformed JSON/);
    expect(rollout.warnings[1]).toMatch(/:3: skipped a line/);
  });

  it('rejects a file whose first line is not session metadata', async () => {
    const file = path.join(home, 'other.jsonl');
    fs.writeFileSync(file, '{"type":"rollback","timestamp":"t","num_turns":1}\n');
    await expect(readRollout(file)).rejects.toBeInstanceOf(RolloutReadError);
  });

  it('reopens a rollout to append, isolating a torn last line so the next line survives', async () => {
    const first = SessionRecorder.create(home, { ...meta, session_id: 'resumed' });
    first.record({ type: 'event', msg: { type: 'user_message', message: 'first request' } });
    first.close();
    fs.appendFileSync(first.path, '{"type":"event","timest');

    const again = SessionRecorder.openForAppend(first.path);
    expect(again.sessionId).toBe('resumed');
    expect(again.path).toBe(first.path);
    again.record({ type: 'event', msg: { type: 'user_message', message: 'second request' } });
    again.close();

    const rollout = await readRollout(first.path);
    const messages = rollout.lines.flatMap((l) => (l.type === 'event' && l.msg.type === 'user_message' ? [l.msg.message] : []));
    expect(messages).toEqual(['first request', 'second request']);
    expect(rollout.warnings).toHaveLength(1);
    expect(rollout.warnings[0]).toMatch(/:3: skipped a line: malformed JSON/);
  });

  it('reopens with the title of the first request even when it lies past the first chunk read', async () => {
    // Long instructions push the first request past the first 64 KiB; the emoji may straddle a chunk's end.
    const instructions = '🧭'.repeat(40_000);
    const first = SessionRecorder.create(home, { ...meta, session_id: 'far-title', instructions });
    first.record({ type: 'event', msg: { type: 'user_message', message: 'Rename the   config\nloader 🎉' } });
    first.close();

    const again = SessionRecorder.openForAppend(first.path);
    again.record({ type: 'event', msg: { type: 'task_complete', last_agent_message: null } });
    again.close();
    const [summary] = await listSessions(home);
    expect(summary?.title).toBe('Rename the config loader 🎉');
    expect((await readRollout(first.path)).meta.instructions).toBe(instructions);
  });

  it('reopens a file whose only line lost its newline, and refuses a missing file without creating it', async () => {
    const first = SessionRecorder.create(home, { ...meta, session_id: 'bare' });
    first.close();
    fs.truncateSync(first.path, fs.statSync(first.path).size - 1);

    const again = SessionRecorder.openForAppend(first.path);
    again.record({ type: 'rollback', num_turns: 1 });
    again.close();
    const rollout = await readRollout(first.path);
    expect(rollout.warnings).toEqual([]);
    expect(rollout.lines.map((line) => line.type)).toEqual(['session_meta', 'rollback']);

    const missing = path.join(path.dirname(first.path), 'rollout-2025-01-01T00-00-00-missing.jsonl');
    expect(() => SessionRecorder.openForAppend(missing)).toThrow(/ENOENT/);
    expect(fs.existsSync(missing)).toBe(false);
  });

  it('refuses to record after close, and close twice is harmless', () => {
    const recorder = SessionRecorder.create(home, { ...meta, session_id: 'closed' });
    recorder.close();
    recorder.close();
    expect(() => recorder.record({ type: 'rollback', num_turns: 1 })).toThrow(/closed/);
  });

  it('never reuses an existing file for a new session', () => {
    const options = { ...meta, session_id: 'same', created_at: '2025-03-01T10:00:00.000Z' };
    SessionRecorder.create(home, options).close();
    expect(() => SessionRecorder.create(home, options)).toThrow(/EEXIST/);
  });
});
