import type { TandemApi } from '../../shared/host/contract.js';
import { hostRequestErrorFrom } from '../../shared/host/host-error.js';

/**
 * The page's side of the Electron door: the preload's API as it is, except that a refused request, which
 * crosses contextBridge as plain data (an Error would lose its code there), rejects with a HostRequestError.
 */
export function ipcDoorApi(bridged: TandemApi): TandemApi {
  return {
    door: bridged.door,
    request: (name, params) =>
      bridged.request(name, params).catch((reason: unknown) => {
        throw hostRequestErrorFrom(reason);
      }),
    onEvent: (listener) => bridged.onEvent(listener),
    pathForFile: (file) => bridged.pathForFile(file),
    ...(bridged.onShowShortcuts ? { onShowShortcuts: (listener: () => void) => bridged.onShowShortcuts!(listener) } : {}),
    ...(bridged.onShowSession ? { onShowSession: (listener: (sessionId: string) => void) => bridged.onShowSession!(listener) } : {}),
  };
}
