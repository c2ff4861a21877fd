import type { TandemApi } from '../../shared/host/contract.js';
import { doorProbeUrl, doorSocketUrl } from './doorAddress.js';
import { ipcDoorApi } from './ipcDoor.js';
import { browserSocket, httpProbe, WebSocketDoor, type DoorStatusSource } from './websocketDoor.js';

declare global {
  interface Window {
    /** Set by the Electron preload; absent in a plain browser. */
    tandem?: TandemApi;
  }
}

let api: TandemApi | null = null;

/**
 * The one API object of this page: the preload's under Electron, otherwise a WebSocket door to the
 * `tandem serve` that served the page.
 */
export function getApi(): TandemApi {
  if (api) return api;
  if (window.tandem) {
    api = ipcDoorApi(window.tandem);
    return api;
  }
  const door = new WebSocketDoor({
    url: doorSocketUrl(window.location),
    createSocket: browserSocket,
    probe: httpProbe(doorProbeUrl(window.location)),
  });
  door.start();
  api = door;
  return api;
}

/** The door's connection state, for the banner; null under Electron, where IPC does not drop. */
export function doorStatusOf(candidate: TandemApi): DoorStatusSource | null {
  return candidate instanceof WebSocketDoor ? candidate : null;
}
