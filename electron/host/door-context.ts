/**
 * Who made a request: which door it came through and which client on that door (a window, a WebSocket
 * connection). Handlers treat every door alike; the context serves messages, logs and the folder picker,
 * which opens over the window that asked.
 */
export interface DoorContext {
  door: 'ipc' | 'websocket' | 'internal';
  /** Unique among the door's clients, for as long as the client is connected. */
  client: string;
}

/** The context of requests the host's owner makes itself (`tandem serve -C DIR` opening its folder). */
export const INTERNAL_CONTEXT: DoorContext = { door: 'internal', client: 'host' };
