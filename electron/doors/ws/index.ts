export { startBrowserDoor, type BrowserDoor, type BrowserDoorOptions } from './browser-door.js';
export { MAX_UNSENT_BYTES, openClientSockets, type ClientSockets } from './client-sockets.js';
export { newDoorToken, tokenMatches } from './door-token.js';
export { checkUpgrade, allowedOrigins, SOCKET_PATH, type UpgradeVerdict } from './upgrade-check.js';
export { serveStatic, fileForPath, hardeningHeaders, type StaticSite } from './static-files.js';
export { readFrame, replyFrame, peekFrameId, SOCKET_MAX_PAYLOAD } from './frames.js';
