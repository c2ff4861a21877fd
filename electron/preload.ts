// The bridge between Tandem's page and the host in the main process. It exposes exactly the TandemApi: a
// fixed request call, one event subscription and the path of a dropped file. No channel names, no generic
// send or receive, and the IPC event objects never reach the page.
import { contextBridge, ipcRenderer, webUtils } from 'electron';
import type { HostParams, HostReply, HostRequestName, HostResult, TandemApi } from '../shared/host/contract.js';
import type { HostRefusal } from '../shared/host/host-error.js';
import { EVENT_CHANNEL, REQUEST_CHANNEL, SHOW_SESSION_CHANNEL, SHOW_SHORTCUTS_CHANNEL, type IpcRequest } from './doors/ipc/channels.js';
import { EventFanOut } from './doors/ipc/event-fan-out.js';

// Each message on the event channel is a batch: the events of one turn of the host's event loop.
const events = new EventFanOut();
ipcRenderer.on(EVENT_CHANNEL, (_event, batch: unknown) => events.receive(batch));

const api: TandemApi = {
  door: 'ipc',

  async request<N extends HostRequestName>(name: N, params: HostParams<N>): Promise<HostResult<N>> {
    const request: IpcRequest = { name, params };
    const reply = (await ipcRenderer.invoke(REQUEST_CHANNEL, request)) as HostReply<HostResult<N>>;
    if (!reply.ok) {
      // contextBridge would hand the page an Error's message alone and lose the refusal's code, so it crosses
      // as plain data; the page's side (renderer/api/ipcDoor.ts) makes it an Error again.
      const refusal: HostRefusal = { message: reply.error, code: reply.code ?? null };
      throw refusal;
    }
    return reply.result;
  },

  onEvent(listener) {
    return events.onEvent(listener);
  },

  onEventBatch(listener) {
    return events.onEventBatch(listener);
  },

  onShowSession(listener) {
    const forward = (_event: unknown, sessionId: unknown) => {
      if (typeof sessionId === 'string') listener(sessionId);
    };
    ipcRenderer.on(SHOW_SESSION_CHANNEL, forward);
    return () => {
      ipcRenderer.removeListener(SHOW_SESSION_CHANNEL, forward);
    };
  },

  onShowShortcuts(listener) {
    const forward = () => listener();
    ipcRenderer.on(SHOW_SHORTCUTS_CHANNEL, forward);
    return () => {
      ipcRenderer.removeListener(SHOW_SHORTCUTS_CHANNEL, forward);
    };
  },

  pathForFile(file) {
    try {
      // Electron hands a dropped folder's path out only here, since File.path was removed.
      return webUtils.getPathForFile(file as Parameters<typeof webUtils.getPathForFile>[0]) || null;
    } catch {
      return null;
    }
  },
};

contextBridge.exposeInMainWorld('tandem', api);
