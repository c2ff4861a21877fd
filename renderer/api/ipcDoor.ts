import type { HostEvent, TandemApi } from '../../shared/host/contract.js';
import { hostRequestErrorFrom } from '../../shared/host/host-error.js';
import { checkedEvents } from './checkedEvents.js';

/**
 * The page's side of the Electron door: the preload's API as it is, except that
 * - a refused request, which crosses contextBridge as plain data (an Error would lose its code there), rejects
 *   with a HostRequestError;
 * - events arrive a batch at a time (one turn of the host's event loop, one call across the bridge) and are
 *   checked here, each on its own, as the WebSocket door checks its frames' events: one that does not fit the
 *   protocol is left out alone, and the rest reach the listeners in order.
 */
export function ipcDoorApi(bridged: TandemApi): TandemApi {
  const listeners = new Set<(event: HostEvent) => void>();
  let subscribed = false;
  const subscribe = (): void => {
    if (subscribed) return;
    subscribed = true;
    const deliver = (event: HostEvent): void => {
      for (const listener of listeners) {
        try {
          listener(event);
        } catch (err) {
          console.error('Tandem: an event listener failed', err);
        }
      }
    };
    if (bridged.onEventBatch) bridged.onEventBatch((events) => checkedEvents(events, 'window').forEach(deliver));
    // An API without batches (a stand-in for the preload) hands events over one by one, checked the same way.
    else bridged.onEvent((event) => checkedEvents([event], 'window').forEach(deliver));
  };
  return {
    door: bridged.door,
    request: (name, params) =>
      bridged.request(name, params).catch((reason: unknown) => {
        throw hostRequestErrorFrom(reason);
      }),
    onEvent: (listener) => {
      listeners.add(listener);
      subscribe();
      return () => void listeners.delete(listener);
    },
    pathForFile: (file) => bridged.pathForFile(file),
    ...(bridged.onShowShortcuts ? { onShowShortcuts: (listener: () => void) => bridged.onShowShortcuts!(listener) } : {}),
    ...(bridged.onShowSession ? { onShowSession: (listener: (sessionId: string) => void) => bridged.onShowSession!(listener) } : {}),
  };
}
