import { describe, expect, it } from 'vitest';
import type { HostEvent } from '../../shared/host/contract.js';
import { EventSequencer } from './eventSequencer.js';

const event = (seq: number | undefined, session = 's1'): HostEvent => ({
  session_id: session,
  event: { id: 'sub', msg: { type: 'agent_message_delta', delta: String(seq) } },
  ...(seq === undefined ? {} : { seq }),
});
const seqs = (events: HostEvent[]) => events.map((e) => e.seq);

describe('EventSequencer', () => {
  it('lets events through once, in order, per session', () => {
    const sequencer = new EventSequencer();
    expect(seqs(sequencer.admit([event(0), event(1), event(1), event(0, 's2')]))).toEqual([0, 1, 0]);
    expect(seqs(sequencer.admit([event(1), event(2)]))).toEqual([2]);
    expect(sequencer.lastSeqOf('s1')).toBe(2);
    expect(sequencer.lastSeqOf('s3')).toBeUndefined();
  });

  it('lets unnumbered events through', () => {
    const sequencer = new EventSequencer();
    expect(sequencer.admit([event(undefined), event(undefined)])).toHaveLength(2);
  });

  it('holds pushed events back while a session catches up, then applies only what the replay lacked', () => {
    const sequencer = new EventSequencer();
    sequencer.admit([event(0), event(1)]);
    sequencer.hold('s1');
    expect(sequencer.admit([event(5), event(6), event(0, 's2')])).toEqual([event(0, 's2')]);
    // The replay of everything after 1 overlaps what was pushed meanwhile.
    expect(seqs(sequencer.admit([event(2), event(3), event(4), event(5)], true))).toEqual([2, 3, 4, 5]);
    expect(seqs(sequencer.release('s1'))).toEqual([6]);
    expect(seqs(sequencer.admit([event(7)]))).toEqual([7]);
  });
});
