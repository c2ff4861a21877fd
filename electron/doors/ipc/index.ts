export { openIpcDoor, type IpcDoor } from './ipc-door.js';
// safe-storage.ts is loaded with the host (it needs the host's secret store), not with the door.
export { isOwnPage, isExternalWebUrl, type PageSource } from './own-page.js';
export { placeWindow, readWindowState, writeWindowState, windowStateFile, MIN_WINDOW_SIZE, type WindowState, type Rect } from './window-state.js';
export { REQUEST_CHANNEL, EVENT_CHANNEL } from './channels.js';
