import type { HostEvent } from '../../shared/host/contract.js';

/**
 * Puts the events of a session in order when they come two ways: pushed as they happen, and replayed by
 * `session_events` when the page catches up (on attaching to a running session, after a reconnect). Each
 * event carries its session's `seq`; one already applied is dropped. While a session catches up, its pushed
 * events are held back, then let through after the replay, so that none is lost or applied twice.
 */
export class EventSequencer {
  private readonly lastSeq = new Map<string, number>();
  private readonly held = new Map<string, HostEvent[]>();

  /** The events to apply now, in order. `replay`: these are the answer to a catch-up, not pushed ones. */
  admit(events: readonly HostEvent[], replay = false): HostEvent[] {
    const admitted: HostEvent[] = [];
    for (const event of events) {
      const held = this.held.get(event.session_id);
      if (held && !replay) {
        held.push(event);
        continue;
      }
      if (event.seq !== undefined) {
        const last = this.lastSeq.get(event.session_id);
        if (last !== undefined && event.seq <= last) continue;
        this.lastSeq.set(event.session_id, event.seq);
      }
      admitted.push(event);
    }
    return admitted;
  }

  /** The seq to catch up after; undefined when nothing of the session has been applied. */
  lastSeqOf(sessionId: string): number | undefined {
    return this.lastSeq.get(sessionId);
  }

  hold(sessionId: string): void {
    if (!this.held.has(sessionId)) this.held.set(sessionId, []);
  }

  /** Stops holding a session back; what was held is admitted now. */
  release(sessionId: string): HostEvent[] {
    const held = this.held.get(sessionId) ?? [];
    this.held.delete(sessionId);
    return this.admit(held);
  }
}
