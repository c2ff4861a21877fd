/**
 * The IPC door's two channels, shared by the preload and the main process. Requests of every name travel on
 * one channel as {name, params} and are checked against the same table as the WebSocket door's; events come
 * back on the other. The preload exposes neither channel, only the TandemApi built on them.
 */
export const REQUEST_CHANNEL = 'tandem:request';
/** Main to page: an array of HostEvents, what the host said in one turn of its event loop, in order (event-batch.ts). */
export const EVENT_CHANNEL = 'tandem:event';
/** Main to page: the person clicked a notification; show this session (its id is the one argument). */
export const SHOW_SESSION_CHANNEL = 'tandem:show-session';
/** Main to page: Help › Keyboard Shortcuts was chosen; show the list of shortcuts. */
export const SHOW_SHORTCUTS_CHANNEL = 'tandem:show-shortcuts';

/** What the preload sends on REQUEST_CHANNEL. */
export interface IpcRequest {
  name: string;
  params: unknown;
}
