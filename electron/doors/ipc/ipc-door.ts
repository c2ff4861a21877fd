import { ipcMain, type IpcMainInvokeEvent, type WebContents } from 'electron';
import type { HostEvent, HostReply } from '../../../shared/host/contract.js';
import type { Host } from '../../host/index.js';
import { EVENT_CHANNEL, REQUEST_CHANNEL } from './channels.js';
import { EventBatch } from './event-batch.js';
import { isOwnPage, type PageSource } from './own-page.js';

/** `{name, params}` from the preload; checked by hand, as the door opens before the host (and zod) are loaded. */
function ipcRequestOf(payload: unknown): { name: string; params: unknown } | null {
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) return null;
  const { name, params } = payload as { name?: unknown; params?: unknown };
  if (typeof name !== 'string' || name.length < 1 || name.length > 100) return null;
  return { name, params };
}

export interface IpcDoor {
  /** Sends every session's events to this window's page from now on, until the window is gone. */
  attach(contents: WebContents): void;
  /** Sends the events still queued (the sessions' last ones, at shutdown) now. */
  flush(): void;
  /** Flushes, then sends nothing more. */
  close(): void;
}

/**
 * The Electron door: the preload's requests, from Tandem's own page only, go to the host's one table of
 * handlers; the host's events go to the windows attached. Nothing here decides anything the host does not.
 * The host may still be loading when the window opens: requests wait for it.
 */
export function openIpcDoor(hostOrLoading: Host | Promise<Host>, source: PageSource): IpcDoor {
  const ready = Promise.resolve(hostOrLoading);
  const windows = new Set<WebContents>();
  // One message per turn of the event loop: eight sessions streaming are a few messages a frame, not thousands.
  const batch = new EventBatch((events) => {
    for (const contents of windows) {
      if (contents.isDestroyed()) continue;
      // A page that is not ours (it should never be there: navigation is blocked) hears nothing.
      if (isOwnPage(contents.getURL(), source)) contents.send(EVENT_CHANNEL, events);
    }
  });

  ipcMain.handle(REQUEST_CHANNEL, async (event: IpcMainInvokeEvent, payload: unknown): Promise<HostReply<unknown>> => {
    const frame = event.senderFrame;
    // Only the window's top frame showing our own page may ask: not a subframe, not a page navigated to.
    if (!frame || frame.parent !== null || !isOwnPage(frame.url, source)) {
      return { ok: false, error: 'Requests are accepted only from the Tandem window.' };
    }
    const request = ipcRequestOf(payload);
    if (request === null) return { ok: false, error: 'A request must be {name, params}.' };
    const host = await ready;
    const reply = await host.handle(request.name, request.params, { door: 'ipc', client: `window-${event.sender.id}` });
    // Events said before the reply go before it, as they would unbatched.
    batch.flush();
    return reply;
  });

  let closed = false;
  let unsubscribe = (): void => undefined;
  void ready.then((host) => {
    if (closed) return;
    unsubscribe = host.onEvent((event: HostEvent) => batch.add(event));
  });

  return {
    attach(contents) {
      windows.add(contents);
      contents.once('destroyed', () => windows.delete(contents));
    },
    flush() {
      batch.flush();
    },
    close() {
      closed = true;
      unsubscribe();
      batch.flush();
      ipcMain.removeHandler(REQUEST_CHANNEL);
      windows.clear();
    },
  };
}
