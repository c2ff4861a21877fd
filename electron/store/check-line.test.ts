import { describe, expect, it } from 'vitest';
import { parseRollout, RolloutReadError } from './index.js';

const FILE = '/sessions/rollout.jsonl';
const stamp = '2025-05-01T10:00:00.000Z';
const metaLine = {
  type: 'session_meta',
  timestamp: stamp,
  session_id: 's1',
  cwd: '/work/project',
  model: 'gpt-5-codex',
  approval_policy: 'never',
  sandbox_policy: { mode: 'read-only' },
  created_at: stamp,
  version: 1,
};

function rolloutOf(...lines: unknown[]): string {
  return lines.map((line) => (typeof line === 'string' ? line : JSON.stringify(line))).join('\n') + '\n';
}

describe('checking rollout lines', () => {
  it('keeps items, events and compactions as written, without fields outside the line format', () => {
    const item = { type: 'function_call', name: 'shell_command', arguments: '{}', call_id: 'c1' };
    const msg = { type: 'exec_command_begin', call_id: 'c1', command: ['ls'], cwd: '/work/project' };
    const rollout = parseRollout(
      FILE,
      rolloutOf(
        metaLine,
        { type: 'response_item', timestamp: stamp, item, extra: 1 },
        { type: 'event', timestamp: stamp, msg },
        { type: 'compacted', timestamp: stamp, replacement_history: [item] },
      ),
    );
    expect(rollout.warnings).toEqual([]);
    expect(rollout.lines.slice(1)).toEqual([
      { type: 'response_item', timestamp: stamp, item },
      { type: 'event', timestamp: stamp, msg },
      { type: 'compacted', timestamp: stamp, replacement_history: [item] },
    ]);
  });

  it('skips, naming the line, what the agent could not use: no timestamp, no item, an unknown event, no history', () => {
    const rollout = parseRollout(
      FILE,
      rolloutOf(
        metaLine,
        { type: 'response_item', item: { type: 'message' } },
        { type: 'response_item', timestamp: stamp },
        { type: 'event', timestamp: stamp, msg: { type: 'from_the_future' } },
        { type: 'event', timestamp: stamp, msg: 'agent_message' },
        { type: 'compacted', timestamp: stamp, replacement_history: {} },
        '[1, 2]',
        { type: 'rollback', timestamp: stamp, num_turns: -1 },
        { type: 'event', timestamp: stamp, msg: { type: 'task_complete', last_agent_message: null } },
      ),
    );
    expect(rollout.lines.map((line) => line.type)).toEqual(['session_meta', 'event']);
    expect(rollout.warnings).toEqual([
      `${FILE}:2: skipped a line: timestamp: expected a string`,
      `${FILE}:3: skipped a line: item: missing`,
      `${FILE}:4: skipped a line: msg.type: unknown event "from_the_future"`,
      `${FILE}:5: skipped a line: msg: expected an event`,
      `${FILE}:6: skipped a line: replacement_history: expected an array`,
      `${FILE}:7: skipped a line: not a JSON object`,
      expect.stringMatching(/^\/sessions\/rollout\.jsonl:8: skipped a line: num_turns/),
    ]);
  });

  it('leaves the fields of a known event to whoever sends it on', () => {
    // The agent reads only an event's type; the host checks the fields of the events it replays to a client.
    const msg = { type: 'agent_message', message: 42 };
    const rollout = parseRollout(FILE, rolloutOf(metaLine, { type: 'event', timestamp: stamp, msg }));
    expect(rollout.warnings).toEqual([]);
    expect(rollout.lines[1]).toEqual({ type: 'event', timestamp: stamp, msg });
  });

  it('checks the metadata line in full', () => {
    const { approval_policy: _dropped, ...withoutPolicy } = metaLine;
    expect(() => parseRollout(FILE, rolloutOf(withoutPolicy, { type: 'rollback', timestamp: stamp, num_turns: 1 }))).toThrow(RolloutReadError);
    expect(() => parseRollout(FILE, rolloutOf({ ...metaLine, version: 2 }))).toThrow(/not a Tandem rollout/);
  });
});
