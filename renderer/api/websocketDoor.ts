import {
  hostRequests,
  type HostEvent,
  type HostParams,
  type HostRequestName,
  type HostResult,
  type TandemApi,
} from '../../shared/host/contract.js';
import { HostRequestError } from '../../shared/host/host-error.js';
import { WsServerFrame, type WsClientFrame } from '../../shared/host/wire.js';
import { describeIssues, parseJsonWith } from '../../shared/protocol/index.js';
import { checkedEvents } from './checkedEvents.js';

/** What the door needs of a WebSocket, so that tests can hand in another implementation than the browser's. */
export interface SocketLike {
  send(data: string): void;
  close(code?: number, reason?: string): void;
}

export interface SocketHandlers {
  open(): void;
  message(data: unknown): void;
  /** Also called when a connection could not be made at all (then with 1006, as browsers do). */
  close(code: number): void;
}

export type SocketFactory = (url: string, on: SocketHandlers) => SocketLike;

/** The browser's own WebSocket. */
export const browserSocket: SocketFactory = (url, on) => {
  const socket = new WebSocket(url);
  socket.onopen = () => on.open();
  socket.onmessage = (event) => on.message(event.data);
  socket.onclose = (event) => on.close(event.code);
  return socket;
};

export type DoorStatus =
  | { state: 'connecting'; attempt: number }
  | { state: 'open' }
  /** Closed; the next try is at `retryAt` (ms since the epoch). */
  | { state: 'waiting'; attempt: number; retryAt: number }
  /** The host turned the page's token away: trying again cannot help. */
  | { state: 'refused' };

export interface DoorStatusSource {
  readonly status: DoorStatus;
  onStatus(listener: (status: DoorStatus) => void): () => void;
  /** Tries to connect now instead of waiting for the next try. */
  retryNow(): void;
}

/** What the host says of the page's token when asked over plain HTTP (see doorProbe). */
export type ProbeVerdict = 'admitted' | 'refused' | 'unreachable';

export interface WebSocketDoorOptions {
  url: string;
  createSocket: SocketFactory;
  /**
   * Asks whether the token would be admitted. A browser's WebSocket reports a refused upgrade as a plain
   * 1006, the same as a host that is down; this tells the two apart.
   */
  probe?: () => Promise<ProbeVerdict>;
  /** Delay before try `attempt` (1, 2, ...) after a close. */
  backoffMs?: (attempt: number) => number;
}

/**
 * MAX_WS_FRAME_BYTES bounds what the host accepts from a page. Frames from the host are larger: a resumed
 * session's session_configured carries the whole conversation (a 10,000-cell one is several MB). This is
 * only a guard against a runaway frame.
 */
export const MAX_HOST_FRAME_CHARS = 256 * 1024 * 1024;

/** Close codes with which the host says the token is wrong (policy violation, or 4401/4403 like HTTP's). */
const REFUSED_CODES = new Set([1008, 4401, 4403]);

export class DoorClosedError extends Error {
  constructor() {
    super('The connection to Tandem is closed.');
    this.name = 'DoorClosedError';
  }
}

export { HostRequestError };

interface PendingRequest {
  name: HostRequestName;
  resolve: (result: unknown) => void;
  reject: (error: Error) => void;
}

/**
 * The host answers a plain GET of the socket's URL with 426 when the token would be admitted and 401 or 403
 * when not.
 */
export function httpProbe(url: string): () => Promise<ProbeVerdict> {
  return async () => {
    try {
      const response = await fetch(url, { cache: 'no-store' });
      return response.status === 401 || response.status === 403 ? 'refused' : 'admitted';
    } catch {
      return 'unreachable';
    }
  };
}

/** Starts at half a second and settles at 15 s, so a restarted `tandem serve` is found again soon. */
export function defaultBackoffMs(attempt: number): number {
  return Math.min(15_000, 500 * 2 ** Math.max(0, attempt - 1));
}

/**
 * The TandemApi of a browser page: the same requests and events as the Electron preload, carried by the
 * WebSocket of `tandem serve`. Everything that arrives is checked against the shared schemas before use.
 */
export class WebSocketDoor implements TandemApi, DoorStatusSource {
  readonly door = 'websocket' as const;
  private socket: SocketLike | null = null;
  private currentStatus: DoorStatus = { state: 'connecting', attempt: 1 };
  private readonly statusListeners = new Set<(status: DoorStatus) => void>();
  private readonly eventListeners = new Set<(event: HostEvent) => void>();
  /** Sent and not yet answered. */
  private readonly inFlight = new Map<number, PendingRequest>();
  /** Made while the first connection was being set up; sent once it opens. */
  private readonly outbox: { frame: WsClientFrame; request: PendingRequest }[] = [];
  private nextId = 1;
  private attempt = 1;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private stopped = false;
  private readonly backoffMs: (attempt: number) => number;

  constructor(private readonly options: WebSocketDoorOptions) {
    this.backoffMs = options.backoffMs ?? defaultBackoffMs;
  }

  get status(): DoorStatus {
    return this.currentStatus;
  }

  start(): void {
    this.stopped = false;
    this.connect();
  }

  /** Closes for good: no more tries. */
  stop(): void {
    this.stopped = true;
    this.clearRetry();
    this.socket?.close(1000, 'closed by the page');
    this.socket = null;
    this.failAll();
  }

  retryNow(): void {
    if (this.stopped || this.currentStatus.state === 'open' || this.currentStatus.state === 'connecting') return;
    this.clearRetry();
    this.connect();
  }

  onStatus(listener: (status: DoorStatus) => void): () => void {
    this.statusListeners.add(listener);
    return () => this.statusListeners.delete(listener);
  }

  onEvent(listener: (event: HostEvent) => void): () => void {
    this.eventListeners.add(listener);
    return () => this.eventListeners.delete(listener);
  }

  /** A browser cannot learn a dropped folder's path: the person types it instead. */
  pathForFile(_file: unknown): string | null {
    return null;
  }

  request<N extends HostRequestName>(name: N, params: HostParams<N>): Promise<HostResult<N>> {
    const checked = hostRequests[name].params.safeParse(params);
    if (!checked.success) {
      return Promise.reject(new HostRequestError(`${name}: ${describeIssues(checked.error)}`));
    }
    return new Promise<HostResult<N>>((resolve, reject) => {
      const request: PendingRequest = { name, resolve: resolve as (result: unknown) => void, reject };
      const frame: WsClientFrame = { kind: 'request', id: this.nextId++, name, params: checked.data };
      if (this.currentStatus.state === 'open' && this.socket) {
        this.send(frame, request);
      } else if (this.currentStatus.state === 'connecting') {
        this.outbox.push({ frame, request });
      } else {
        reject(new DoorClosedError());
      }
    });
  }

  private connect(): void {
    this.setStatus({ state: 'connecting', attempt: this.attempt });
    // Handlers check that their socket is still the current one: a late close of an old socket must not
    // tear down its successor.
    let socket: SocketLike | null = null;
    const current = () => socket !== null && this.socket === socket;
    try {
      socket = this.options.createSocket(this.options.url, {
        open: () => {
          if (!current()) return;
          this.attempt = 1;
          this.setStatus({ state: 'open' });
          for (const { frame, request } of this.outbox.splice(0)) this.send(frame, request);
        },
        message: (data) => {
          if (current()) this.receive(data);
        },
        close: (code) => {
          if (!current()) return;
          this.socket = null;
          this.closed(code);
        },
      });
    } catch {
      this.closed(1006);
      return;
    }
    this.socket = socket;
  }

  private send(frame: WsClientFrame, request: PendingRequest): void {
    this.inFlight.set(frame.id, request);
    try {
      this.socket?.send(JSON.stringify(frame));
    } catch (err) {
      this.inFlight.delete(frame.id);
      request.reject(err instanceof Error ? err : new DoorClosedError());
    }
  }

  /** Handles one frame from the host. Exposed for tests of frame handling; the socket calls it. */
  receive(data: unknown): void {
    if (typeof data !== 'string') {
      console.warn('Tandem door: ignored a binary frame');
      return;
    }
    if (data.length > MAX_HOST_FRAME_CHARS) {
      console.warn(`Tandem door: ignored a frame of ${data.length} characters`);
      return;
    }
    const parsed = parseJsonWith(WsServerFrame, data);
    if (!parsed.ok) {
      console.warn(`Tandem door: ignored a frame that is not valid: ${parsed.error}`);
      return;
    }
    const frame = parsed.value;
    if (frame.kind === 'event' || frame.kind === 'events') {
      for (const event of frame.kind === 'event' ? [frame.event] : checkedEvents(frame.events, 'door')) {
        for (const listener of this.eventListeners) {
          try {
            listener(event);
          } catch (err) {
            console.error('Tandem door: an event listener failed', err);
          }
        }
      }
      return;
    }
    if (frame.id === null) {
      // The host could not read one of our frames well enough to know its id.
      console.warn(`Tandem door: the host rejected a frame: ${frame.ok ? 'no reason' : frame.error}`);
      return;
    }
    const request = this.inFlight.get(frame.id);
    if (!request) return;
    this.inFlight.delete(frame.id);
    if (!frame.ok) {
      request.reject(new HostRequestError(frame.error, frame.code ?? null));
      return;
    }
    const result = hostRequests[request.name].result.safeParse(frame.result);
    if (result.success) request.resolve(result.data);
    else request.reject(new HostRequestError(`${request.name}: the host's answer is not valid: ${describeIssues(result.error)}`));
  }

  private closed(code: number): void {
    this.failAll();
    if (this.stopped) return;
    if (REFUSED_CODES.has(code)) {
      this.setStatus({ state: 'refused' });
      return;
    }
    const delay = this.backoffMs(this.attempt);
    this.setStatus({ state: 'waiting', attempt: this.attempt, retryAt: Date.now() + delay });
    this.attempt += 1;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      this.connect();
    }, delay);
    if (code === 1006 && this.options.probe) void this.checkRefusal(this.options.probe);
  }

  private async checkRefusal(probe: () => Promise<ProbeVerdict>): Promise<void> {
    const verdict = await probe();
    // Only while still waiting to try again: the door may have opened or been stopped meanwhile.
    if (verdict !== 'refused' || this.stopped || this.currentStatus.state !== 'waiting') return;
    this.clearRetry();
    this.setStatus({ state: 'refused' });
  }

  private failAll(): void {
    const waiting = [...this.inFlight.values(), ...this.outbox.splice(0).map((entry) => entry.request)];
    this.inFlight.clear();
    for (const request of waiting) request.reject(new DoorClosedError());
  }

  private clearRetry(): void {
    if (this.retryTimer !== null) clearTimeout(this.retryTimer);
    this.retryTimer = null;
  }

  private setStatus(status: DoorStatus): void {
    this.currentStatus = status;
    for (const listener of this.statusListeners) listener(status);
  }
}
