import { ipcMain, type IpcMainInvokeEvent, type WebContents } from 'electron';
import { z } from 'zod';
import type { HostEvent, HostReply } from '../../../shared/host/contract.js';
import type { Host } from '../../host/index.js';
import { EVENT_CHANNEL, REQUEST_CHANNEL } from './channels.js';
import { isOwnPage, type PageSource } from './own-page.js';

const IpcRequest = z.object({ name: z.string().min(1).max(100), params: z.unknown() });

export interface IpcDoor {
  /** Sends every session's events to this window's page from now on, until the window is gone. */
  attach(contents: WebContents): void;
  close(): void;
}

/**
 * The Electron door: the preload's requests, from Tandem's own page only, go to the host's one table of
 * handlers; the host's events go to the windows attached. Nothing here decides anything the host does not.
 */
export function openIpcDoor(host: Host, source: PageSource): IpcDoor {
  const windows = new Set<WebContents>();

  ipcMain.handle(REQUEST_CHANNEL, async (event: IpcMainInvokeEvent, payload: unknown): Promise<HostReply<unknown>> => {
    const frame = event.senderFrame;
    // Only the window's top frame showing our own page may ask: not a subframe, not a page navigated to.
    if (!frame || frame.parent !== null || !isOwnPage(frame.url, source)) {
      return { ok: false, error: 'Requests are accepted only from the Tandem window.' };
    }
    const request = IpcRequest.safeParse(payload);
    if (!request.success) return { ok: false, error: 'A request must be {name, params}.' };
    return host.handle(request.data.name, request.data.params, { door: 'ipc', client: `window-${event.sender.id}` });
  });

  const unsubscribe = host.onEvent((event: HostEvent) => {
    for (const contents of windows) {
      if (contents.isDestroyed()) continue;
      // A page that is not ours (it should never be there: navigation is blocked) hears nothing.
      if (isOwnPage(contents.getURL(), source)) contents.send(EVENT_CHANNEL, event);
    }
  });

  return {
    attach(contents) {
      windows.add(contents);
      contents.once('destroyed', () => windows.delete(contents));
    },
    close() {
      unsubscribe();
      ipcMain.removeHandler(REQUEST_CHANNEL);
      windows.clear();
    },
  };
}
