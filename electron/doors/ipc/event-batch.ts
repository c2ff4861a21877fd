import type { HostEvent } from '../../../shared/host/contract.js';

/**
 * Past this many events a batch goes at once: a page then takes the rest of a long burst in the next message
 * rather than one large one. (The browser door bounds its frames by size; an IPC message has no frame limit.)
 */
export const IPC_EVENT_BATCH_MAX = 1_000;

/**
 * The host's events on their way to the windows, sent once per turn of the event loop: what the host said
 * meanwhile (a stream's deltas, the deltas of several sessions at once) crosses as one IPC message, in order,
 * so that the page handles a message per turn rather than one per delta. The browser door does the same with
 * its `{"kind":"events"}` frames. Plain Node: the door (ipc-door.ts) gives it the sending.
 */
export class EventBatch {
  private queued: HostEvent[] = [];
  private scheduled = false;

  constructor(
    private readonly send: (events: HostEvent[]) => void,
    private readonly maxEvents = IPC_EVENT_BATCH_MAX,
  ) {}

  add(event: HostEvent): void {
    this.queued.push(event);
    if (this.queued.length >= this.maxEvents) {
      this.flush();
      return;
    }
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      this.flush();
    });
  }

  /** Sends what is queued now: before a reply (events said first arrive first) and before the door closes. */
  flush(): void {
    if (this.queued.length === 0) return;
    const events = this.queued;
    this.queued = [];
    this.send(events);
  }
}
