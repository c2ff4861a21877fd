import type { HostEvent } from '../../../shared/host/contract.js';
import type { EventMsg, EventType } from '../../../shared/protocol/index.js';

/** Collects host events as they arrive and lets a test wait for one. */
export class EventCollector {
  readonly events: HostEvent[] = [];
  private waiters: (() => void)[] = [];

  readonly listener = (event: HostEvent): void => {
    this.events.push(event);
    for (const wake of this.waiters.splice(0)) wake();
  };

  of<T extends EventType>(type: T, sessionId?: string): Extract<EventMsg, { type: T }>[] {
    return this.events
      .filter((e) => sessionId === undefined || e.session_id === sessionId)
      .map((e) => e.event.msg)
      .filter((msg): msg is Extract<EventMsg, { type: T }> => msg.type === type);
  }

  /** Resolves with the first event of this type (in this session) that matches, waiting for it if need be. */
  async waitFor<T extends EventType>(
    type: T,
    sessionId?: string,
    predicate: (msg: Extract<EventMsg, { type: T }>) => boolean = () => true,
    timeoutMs = 20_000,
  ): Promise<Extract<EventMsg, { type: T }>> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.of(type, sessionId).find(predicate);
      if (found) return found;
      const remaining = deadline - Date.now();
      if (remaining <= 0) throw new Error(`timed out waiting for ${type}; saw: ${this.events.map((e) => e.event.msg.type).join(', ')}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, remaining);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }
}
