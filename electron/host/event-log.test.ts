import { describe, expect, it } from 'vitest';
import type { Event, EventMsg } from '../../shared/protocol/index.js';
import { SessionEventLog } from './event-log.js';

const configured: EventMsg = {
  type: 'session_configured',
  session_id: 's1',
  model: 'm',
  cwd: '/p',
  approval_policy: 'on-request',
  sandbox_policy: { mode: 'workspace-write' },
  rollout_path: null,
};

function ev(id: string, msg: EventMsg): Event {
  return { id, msg };
}

const types = (log: SessionEventLog) => log.since().map((e) => e.event.msg.type);

describe('SessionEventLog', () => {
  it('numbers events from 0 and replays them from any point', () => {
    const log = new SessionEventLog('s1');
    const first = log.append(ev('0', configured));
    const second = log.append(ev('1', { type: 'task_started' }));
    expect(first).toEqual({ session_id: 's1', event: ev('0', configured), seq: 0 });
    expect(second.seq).toBe(1);
    expect(log.since().map((e) => e.seq)).toEqual([0, 1]);
    expect(log.since(0).map((e) => e.seq)).toEqual([1]);
    expect(log.since(1)).toEqual([]);
    expect(log.length).toBe(2);
  });

  it('drops the deltas of a message, reasoning or command once it is complete', () => {
    const log = new SessionEventLog('s1');
    log.append(ev('0', configured));
    log.append(ev('1', { type: 'agent_reasoning_delta', delta: 'think' }));
    log.append(ev('1', { type: 'agent_reasoning', text: 'think' }));
    log.append(ev('1', { type: 'exec_command_begin', call_id: 'c1', command: ['ls'], cwd: '/p' }));
    log.append(ev('1', { type: 'exec_command_output_delta', call_id: 'c1', stream: 'stdout', chunk: 'a\n' }));
    log.append(ev('1', { type: 'agent_message_delta', delta: 'Hel' }));
    log.append(ev('1', { type: 'agent_message_delta', delta: 'lo' }));
    expect(types(log)).toContain('exec_command_output_delta');
    log.append(ev('1', { type: 'agent_message', message: 'Hello' }));
    log.append(ev('1', {
      type: 'exec_command_end', call_id: 'c1', command: ['ls'], cwd: '/p', stdout: 'a\n', stderr: '', aggregated_output: 'a\n', exit_code: 0, duration_ms: 5, formatted_output: 'a\n',
    }));
    expect(types(log)).toEqual(['session_configured', 'agent_reasoning', 'exec_command_begin', 'agent_message', 'exec_command_end']);
    // Seqs stay those the events were first delivered with, so a client can tell what it has seen.
    expect(log.since().map((e) => e.seq)).toEqual([0, 2, 3, 7, 8]);
  });

  it('keeps the deltas of a message cut off by the end of its turn: they are all there is of it', () => {
    const log = new SessionEventLog('s1');
    log.append(ev('1', { type: 'agent_message_delta', delta: 'partial' }));
    log.append(ev('1', { type: 'turn_aborted', reason: 'interrupted' }));
    log.append(ev('2', { type: 'agent_message', message: 'a later answer' }));
    expect(types(log)).toEqual(['agent_message_delta', 'turn_aborted', 'agent_message']);
  });

  it('drops the oldest events past its budget, but never session_configured or the newest event', () => {
    const log = new SessionEventLog('s1', 2_000);
    log.append(ev('0', configured));
    for (let i = 0; i < 50; i++) log.append(ev(String(i), { type: 'background_event', message: `event ${i} `.padEnd(100, '.') }));
    const kept = log.since();
    expect(kept[0]?.event.msg.type).toBe('session_configured');
    expect(kept.at(-1)?.seq).toBe(50);
    expect(kept.length).toBeLessThan(51);
    expect(log.size.chars).toBeLessThanOrEqual(2_000);
    const huge = log.append(ev('x', { type: 'background_event', message: 'y'.repeat(5_000) }));
    expect(log.since().at(-1)).toEqual(huge);
    expect(log.since().map((e) => e.event.msg.type)).toEqual(['session_configured', 'background_event']);
  });

  it('stays correct after sweeping out many dropped deltas', () => {
    const log = new SessionEventLog('s1');
    log.append(ev('0', configured));
    let expected = 1;
    for (let turn = 1; turn <= 300; turn++) {
      for (let i = 0; i < 10; i++) log.append(ev(String(turn), { type: 'agent_message_delta', delta: 'x' }));
      log.append(ev(String(turn), { type: 'agent_message', message: 'x'.repeat(10) }));
      expected++;
    }
    const kept = log.since();
    expect(kept).toHaveLength(expected);
    expect(kept.every((e) => e.event.msg.type !== 'agent_message_delta')).toBe(true);
    expect(log.size.events).toBe(expected);
    const cut = kept[150]!.seq!;
    expect(log.since(cut)).toEqual(kept.slice(151));
    expect(log.since(cut - 1)).toEqual(kept.slice(150));
  });

  it('pages its events in order, bounded by count and size, one at least, skipping dropped ones', () => {
    const log = new SessionEventLog('s1');
    log.append(ev('0', configured));
    for (let i = 0; i < 4; i++) log.append(ev('1', { type: 'agent_message_delta', delta: 'x' }));
    log.append(ev('1', { type: 'agent_message', message: 'x'.repeat(4) }));
    for (let i = 0; i < 5; i++) log.append(ev('1', { type: 'background_event', message: `note ${i}`.padEnd(1_000, '.') }));
    expect(log.page(-1, 3, 100_000)).toEqual({ events: log.since().slice(0, 3), more: true });
    expect(log.page(0, 3, 100_000).events.map((e) => e.seq)).toEqual([5, 6, 7]);
    // About 2,000 characters hold one of these notes and not two; a single larger event still comes.
    expect(log.page(5, 100, 2_000).events.map((e) => e.seq)).toEqual([6]);
    expect(log.page(5, 100, 10).events.map((e) => e.seq)).toEqual([6]);
    expect(log.page(8, 100, 100_000)).toEqual({ events: log.since(8), more: false });
    expect(log.page(10, 100, 100_000)).toEqual({ events: [], more: false });
  });
});
