import type { HostEvent } from '../../../shared/host/contract.js';

/**
 * The preload's end of the event channel: each message is a batch of events (see event-batch.ts), handed to the
 * page in one call across contextBridge (onEventBatch), or event by event to onEvent's listeners. Checking the
 * events is the page's (renderer/api/ipcDoor.ts); here anything but an array is dropped. No Electron import, so
 * that it is tested under plain Node.
 */
export class EventFanOut {
  private readonly batchListeners = new Set<(events: readonly unknown[]) => void>();
  private readonly eventListeners = new Set<(event: HostEvent) => void>();

  /** One message of the event channel, as it arrived. */
  receive(payload: unknown): void {
    if (!Array.isArray(payload)) {
      console.error('Tandem: ignored an event message that is not a batch of events');
      return;
    }
    for (const listener of this.batchListeners) this.call(listener, payload);
    for (const event of payload) for (const listener of this.eventListeners) this.call(listener, event as HostEvent);
  }

  onEventBatch(listener: (events: readonly unknown[]) => void): () => void {
    this.batchListeners.add(listener);
    return () => void this.batchListeners.delete(listener);
  }

  onEvent(listener: (event: HostEvent) => void): () => void {
    this.eventListeners.add(listener);
    return () => void this.eventListeners.delete(listener);
  }

  private call<T>(listener: (value: T) => void, value: T): void {
    try {
      listener(value);
    } catch (err) {
      console.error('Tandem: an event listener failed', err);
    }
  }
}
