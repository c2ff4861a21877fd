import WebSocket from 'ws';
import { HostEvent, type HostErrorCode } from '../../../../shared/host/contract.js';
import { WsServerFrame } from '../../../../shared/host/wire.js';
import type { EventMsg, EventType } from '../../../../shared/protocol/index.js';

type Reply = { kind: 'reply'; id: number | null; ok: true; result: unknown } | { kind: 'reply'; id: number | null; ok: false; error: string; code?: HostErrorCode };

/** Why a connection was turned away: the HTTP status of the refused upgrade. */
export class RefusedError extends Error {
  constructor(readonly status: number, readonly body: string) {
    super(`upgrade refused with HTTP ${status}: ${body}`);
  }
}

/** A client of the browser door as a test drives it: raw frames out, every frame in checked against the wire schema. */
export class DoorClient {
  readonly replies: Reply[] = [];
  readonly events: HostEvent[] = [];
  /** How many events each batch frame ('events') carried. */
  readonly batches: number[] = [];
  closeCode: number | null = null;
  private nextId = 1;
  private waiters: (() => void)[] = [];

  private constructor(readonly socket: WebSocket) {
    socket.on('message', (data) => {
      const parsed = WsServerFrame.safeParse(JSON.parse(String(data)));
      if (!parsed.success) throw new Error(`the door sent a frame that is not on the wire schema: ${String(data)}`);
      if (parsed.data.kind === 'event') this.events.push(parsed.data.event);
      else if (parsed.data.kind === 'events') {
        this.batches.push(parsed.data.events.length);
        for (const event of parsed.data.events) {
          const checked = HostEvent.safeParse(event);
          if (!checked.success) throw new Error(`the door sent an event that is not on the wire schema: ${JSON.stringify(event)}`);
          this.events.push(checked.data);
        }
      } else this.replies.push(parsed.data);
      this.wake();
    });
    socket.on('close', (code) => {
      this.closeCode = code;
      this.wake();
    });
  }

  static connect(url: string, headers: Record<string, string> = {}): Promise<DoorClient> {
    return new Promise((resolve, reject) => {
      const socket = new WebSocket(url, { headers });
      socket.once('open', () => resolve(new DoorClient(socket)));
      socket.once('unexpected-response', (_req, res) => {
        let body = '';
        res.on('data', (chunk: Buffer) => (body += chunk.toString()));
        res.on('end', () => reject(new RefusedError(res.statusCode ?? 0, body.trim())));
      });
      socket.once('error', reject);
    });
  }

  sendRaw(data: string | Buffer, binary = false): void {
    this.socket.send(data, { binary });
  }

  /** Sends a request frame; returns its id. */
  send(name: string, params: unknown): number {
    const id = this.nextId++;
    this.sendRaw(JSON.stringify({ kind: 'request', id, name, params }));
    return id;
  }

  async request(name: string, params: unknown): Promise<Reply> {
    const id = this.send(name, params);
    return this.until(() => this.replies.find((r) => r.id === id), `reply ${id}`);
  }

  /** Resolves with the next reply that has no request id (the door could not tell which request it was). */
  async replyWithoutId(count = 1): Promise<Reply> {
    return this.until(() => this.replies.filter((r) => r.id === null)[count - 1], 'a reply with id null');
  }

  async waitForEvent<T extends EventType>(type: T, sessionId: string): Promise<Extract<EventMsg, { type: T }>> {
    const found = await this.until(
      () => this.events.find((e) => e.session_id === sessionId && e.event.msg.type === type),
      `event ${type}`,
    );
    return found.event.msg as Extract<EventMsg, { type: T }>;
  }

  async closed(): Promise<number> {
    return this.until(() => this.closeCode ?? undefined, 'close');
  }

  close(): void {
    this.socket.close();
  }

  private async until<T>(find: () => T | undefined, what: string, timeoutMs = 20_000): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = find();
      if (found !== undefined) return found;
      if (this.closeCode !== null && what !== 'close') throw new Error(`connection closed (${this.closeCode}) while waiting for ${what}`);
      const remaining = deadline - Date.now();
      if (remaining <= 0) throw new Error(`timed out waiting for ${what}; events: ${this.events.map((e) => e.event.msg.type).join(', ')}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, remaining);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  private wake(): void {
    for (const wake of this.waiters.splice(0)) wake();
  }
}
