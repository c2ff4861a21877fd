import type { HostReply } from '../../../shared/host/contract.js';
import { MAX_WS_FRAME_BYTES, WsClientFrame } from '../../../shared/host/wire.js';
import { parseWith } from '../../../shared/protocol/index.js';

/**
 * The socket's own limit, above the protocol's: frames between the two are read far enough to be answered
 * with an error the client can act on. Past this one, ws closes the connection with 1009 (message too big).
 */
export const SOCKET_MAX_PAYLOAD = 8 * MAX_WS_FRAME_BYTES;

export type ReadFrame =
  | { ok: true; id: number; name: string; params: unknown }
  | { ok: false; id: number | null; error: string };

/**
 * The id of a frame too large to parse, read from its first bytes, so that the reply can settle the right
 * request and the client is not left waiting. Best effort: clients serialise `{kind, id, ...}` in that
 * order, and only what comes before `"params"` is looked at, so a value inside the params cannot pose as it.
 */
export function peekFrameId(data: Buffer): number | null {
  const head = data.subarray(0, 256).toString('latin1');
  if (!/^\s*\{/.test(head)) return null;
  const paramsAt = head.indexOf('"params"');
  const match = /"id"\s*:\s*(\d{1,15})(?=\s*[,}])/.exec(paramsAt === -1 ? head : head.slice(0, paramsAt));
  return match?.[1] === undefined ? null : Number(match[1]);
}

/** Reads one WebSocket message as a request frame, or says in words what is wrong with it. */
export function readFrame(data: Buffer, isBinary: boolean): ReadFrame {
  if (data.length > MAX_WS_FRAME_BYTES) {
    return { ok: false, id: peekFrameId(data), error: `The frame is ${data.length} bytes, over the limit of ${MAX_WS_FRAME_BYTES}; it was ignored.` };
  }
  if (isBinary) return { ok: false, id: null, error: 'Binary frames are not accepted: send each request as JSON text.' };
  let value: unknown;
  try {
    value = JSON.parse(data.toString('utf8'));
  } catch (err) {
    return { ok: false, id: null, error: `malformed JSON: ${(err as Error).message}` };
  }
  const parsed = parseWith(WsClientFrame, value);
  if (!parsed.ok) {
    const id = (value as { id?: unknown } | null)?.id;
    return { ok: false, id: Number.isSafeInteger(id) && (id as number) >= 0 ? (id as number) : null, error: `invalid frame: ${parsed.error}` };
  }
  return { ok: true, id: parsed.value.id, name: parsed.value.name, params: parsed.value.params };
}

/** A reply frame as sent. */
export function replyFrame(id: number | null, reply: HostReply<unknown>): string {
  if (reply.ok) return JSON.stringify({ kind: 'reply', id, ok: true, result: reply.result });
  return JSON.stringify({ kind: 'reply', id, ok: false, error: reply.error, ...(reply.code === undefined ? {} : { code: reply.code }) });
}
