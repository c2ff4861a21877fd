export { openIpcDoor, type IpcDoor } from './ipc-door.js';
export { safeStorageSecretStore } from './safe-storage.js';
export { isOwnPage, isExternalWebUrl, type PageSource } from './own-page.js';
export { placeWindow, readWindowState, writeWindowState, windowStateFile, MIN_WINDOW_SIZE, type WindowState, type Rect } from './window-state.js';
export { REQUEST_CHANNEL, EVENT_CHANNEL } from './channels.js';
