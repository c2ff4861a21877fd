import type { IncomingMessage } from 'node:http';
import type { Socket } from 'node:net';
import { WebSocketServer, WebSocket, type RawData } from 'ws';
import type { HostEvent } from '../../../shared/host/contract.js';
import type { Host } from '../../host/index.js';
import { readFrame, replyFrame, SOCKET_MAX_PAYLOAD } from './frames.js';

/**
 * A client that lets this much of our output pile up unread is cut off (it reconnects and replays what it
 * missed) rather than let the host's memory grow without bound.
 */
export const MAX_UNSENT_BYTES = 64 * 1024 * 1024;
/** Events of one turn of the event loop go in one frame up to about this many characters. */
const EVENT_BATCH_CHARS = 256 * 1024;

/** The browser door's WebSockets: the clients it admitted, their requests to the host, the host's events to them. */
export interface ClientSockets {
  /** Takes over an upgrade the door has already checked (token, origin, host name). */
  admit(req: IncomingMessage, socket: Socket, head: Buffer): void;
  /** Sends what the host said last, says goodbye to every client and cuts those still there a second later. */
  close(): void;
}

function rawToBuffer(data: RawData): Buffer {
  if (Buffer.isBuffer(data)) return data;
  return Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data);
}

/**
 * The socket half of the browser door, loaded once the door is listening (with ws and the protocol's schemas), so
 * that `tandem serve` can print its URL and serve the page before it has them. Each frame a client sends is a
 * request, answered by a reply with its id; every session's events go to every client.
 */
export function openClientSockets(host: Host, warn: (message: string) => void): ClientSockets {
  const server = new WebSocketServer({ noServer: true, maxPayload: SOCKET_MAX_PAYLOAD, perMessageDeflate: false });
  const clients = new Set<WebSocket>();
  let nextClient = 1;

  function send(ws: WebSocket, text: string): void {
    if (ws.readyState !== WebSocket.OPEN) return;
    if (ws.bufferedAmount > MAX_UNSENT_BYTES) {
      ws.close(1013, 'Too far behind; reconnect to catch up.');
      return;
    }
    ws.send(text);
  }

  function accept(ws: WebSocket): void {
    const context = { door: 'websocket' as const, client: `ws-${nextClient++}` };
    clients.add(ws);
    ws.on('close', () => clients.delete(ws));
    ws.on('error', (err) => warn(`Tandem: WebSocket client ${context.client}: ${err.message}`));
    ws.on('message', (data: RawData, isBinary: boolean) => {
      const frame = readFrame(rawToBuffer(data), isBinary);
      if (!frame.ok) {
        send(ws, replyFrame(frame.id, { ok: false, error: frame.error }));
        return;
      }
      void host.handle(frame.name, frame.params, context).then((reply) => {
        // Events said before the reply go before it, as they would unbatched.
        sendEvents();
        send(ws, replyFrame(frame.id, reply));
      });
    });
  }

  // Events are sent once per turn of the event loop: what the host said meanwhile (a stream's deltas, the
  // deltas of several sessions streaming at once) goes in one frame, so that a page parses a frame per turn
  // rather than one per delta, and the socket writes once. Each event is serialised once, as it comes.
  let queued: string[] = [];
  let queuedChars = 0;
  let flushScheduled = false;
  function sendEvents(): void {
    if (queued.length === 0) return;
    const events = queued;
    queued = [];
    queuedChars = 0;
    const text = events.length === 1 ? `{"kind":"event","event":${events[0]}}` : `{"kind":"events","events":[${events.join(',')}]}`;
    for (const ws of clients) send(ws, text);
  }
  const unsubscribe = host.onEvent((event: HostEvent) => {
    if (clients.size === 0) return;
    const json = JSON.stringify(event);
    // A frame stays well under what a page takes (MAX_WS_FRAME_BYTES); a large event goes in a frame of its own.
    if (queuedChars + json.length > EVENT_BATCH_CHARS) sendEvents();
    queued.push(json);
    queuedChars += json.length + 1;
    if (flushScheduled) return;
    flushScheduled = true;
    setImmediate(() => {
      flushScheduled = false;
      sendEvents();
    });
  });

  return {
    admit: (req, socket, head) => {
      // The socket may have gone while this half loaded.
      if (socket.destroyed) return;
      server.handleUpgrade(req, socket, head, (ws) => accept(ws));
    },
    close: () => {
      unsubscribe();
      // What the host said last (the sessions' shutdown_complete) goes out before the goodbye.
      sendEvents();
      for (const ws of clients) ws.close(1001, 'Tandem is shutting down.');
      server.close();
      // WebSockets, no longer the HTTP server's once upgraded, get a second to finish their closing handshake
      // before they are cut.
      setTimeout(() => {
        for (const ws of clients) ws.terminate();
      }, 1_000).unref();
    },
  };
}
