import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SavedEvent, SessionRecorder, readRollout, readRolloutLazily, type RecordableLine } from './index.js';

let home: string;

beforeEach(() => {
  home = fs.mkdtempSync(path.join(os.tmpdir(), 'tandem-saved-event-'));
});
afterEach(() => {
  fs.rmSync(home, { recursive: true, force: true });
});

const meta = { cwd: '/work/project', model: 'gpt-5-codex', approval_policy: 'on-request', sandbox_policy: { mode: 'workspace-write' } } as const;

function record(lines: RecordableLine[]): string {
  const recorder = SessionRecorder.create(home, meta);
  for (const line of lines) recorder.record(line);
  recorder.close();
  return recorder.path;
}

const answer = { type: 'agent_message', message: 'Done: the "flag" is in {braces}}' } as const;
const request = { type: 'user_message', message: 'Add a flag' } as const;

describe('readRolloutLazily', () => {
  it('leaves the events it is not asked to parse as SavedEvents that parse to what was recorded', async () => {
    const file = record([
      { type: 'event', msg: request },
      { type: 'response_item', item: { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'Add a flag' }] } },
      { type: 'event', msg: answer },
      { type: 'event', msg: { type: 'task_complete', last_agent_message: null } },
    ]);
    const { lines, warnings } = await readRolloutLazily(file, (type) => type === 'user_message');
    expect(warnings).toEqual([]);
    expect(lines.map((line) => line.type)).toEqual(['session_meta', 'event', 'response_item', 'saved_event', 'saved_event']);
    const saved = lines.flatMap((line) => (line.type === 'saved_event' ? [line.event] : []));
    expect(saved.every((event) => event instanceof SavedEvent)).toBe(true);
    expect(saved.map((event) => event.type)).toEqual(['agent_message', 'task_complete']);
    expect(saved[0]!.parse()).toEqual(answer);
    expect(saved[0]!.chars).toBe(JSON.stringify(answer).length);
    // The eager reading of the same file sees the same events.
    const eager = await readRollout(file);
    expect(eager.lines.filter((line) => line.type === 'event').map((line) => (line.type === 'event' ? line.msg : null))).toEqual([request, answer, { type: 'task_complete', last_agent_message: null }]);
  });

  it('still warns of an unknown event and a torn last line, and a damaged event parses to nothing', async () => {
    const file = record([{ type: 'event', msg: answer }]);
    const text = fs.readFileSync(file, 'utf8');
    const damaged = `{"type":"event","timestamp":"2026-11-30T00:00:00.000Z","msg":{"type":"agent_message","message":"cut here}}\n`;
    const unknown = `{"type":"event","timestamp":"2026-11-30T00:00:00.000Z","msg":{"type":"no_such_event"}}\n`;
    const torn = `{"type":"event","timestamp":"2026-11-30T00:00:00.000Z","msg":{"type":"agent_message","message":"half`;
    fs.writeFileSync(file, text + damaged + unknown + torn);
    const { lines, warnings } = await readRolloutLazily(file, () => false);
    const saved = lines.flatMap((line) => (line.type === 'saved_event' ? [line.event] : []));
    expect(saved).toHaveLength(2);
    expect(saved[0]!.parse()).toEqual(answer);
    expect(saved[1]!.parse()).toBeUndefined();
    expect(warnings).toHaveLength(2);
    expect(warnings[0]).toMatch(/unknown event "no_such_event"/);
    expect(warnings[1]).toMatch(/torn last line/);
  });

  it('reads a file that is not ASCII as UTF-8', async () => {
    const file = record([{ type: 'event', msg: { type: 'agent_message', message: 'naïve café → ✓' } }]);
    const { lines } = await readRolloutLazily(file, () => false);
    const saved = lines.flatMap((line) => (line.type === 'saved_event' ? [line.event] : []));
    expect(saved[0]!.parse()).toEqual({ type: 'agent_message', message: 'naïve café → ✓' });
    const eager = await readRollout(file);
    expect(eager.lines[1]).toMatchObject({ msg: { message: 'naïve café → ✓' } });
  });
});
