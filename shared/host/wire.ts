import { z } from 'zod';
import { HostErrorCode, HostEvent } from './contract.js';

/** Frames of the WebSocket door. Requests carry an id that the reply echoes. */
export const MAX_WS_FRAME_BYTES = 1024 * 1024;

export const WsClientFrame = z.object({
  kind: z.literal('request'),
  id: z.number().int().nonnegative(),
  name: z.string().min(1).max(100),
  params: z.unknown(),
});
export type WsClientFrame = z.infer<typeof WsClientFrame>;

export const WsServerFrame = z.union([
  z.object({ kind: z.literal('reply'), id: z.number().int().nullable(), ok: z.literal(true), result: z.unknown() }),
  z.object({ kind: z.literal('reply'), id: z.number().int().nullable(), ok: z.literal(false), error: z.string(), code: HostErrorCode.optional() }),
  z.object({ kind: z.literal('event'), event: HostEvent }),
  // Events that came from the host in one turn of its event loop (a stream's deltas, several sessions'), in order.
  // Each is checked on its own (see HostEvent), so that one a client cannot read costs it that event only.
  z.object({ kind: z.literal('events'), events: z.array(z.unknown()).min(1) }),
]);
