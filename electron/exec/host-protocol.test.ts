import { describe, expect, it } from 'vitest';
import { FrameReader, writeFrame, type HostMessage } from './host-protocol.js';

/** The bytes writeFrame puts on the socket for these messages. */
function encode(messages: HostMessage[]): Buffer {
  const chunks: Buffer[] = [];
  const socket = { cork: () => {}, uncork: () => {}, write: (chunk: Buffer) => chunks.push(chunk) > 0 };
  for (const message of messages) writeFrame(socket, message);
  return Buffer.concat(chunks);
}

const messages: HostMessage[] = [
  { type: 'ready', pid: 42 },
  { type: 'output', id: 1, stream: 'stderr', chunk: 'é€ and a newline\n' },
  {
    type: 'done',
    id: 1,
    outcome: { exitCode: 0, stdout: 'x'.repeat(100_000), stderr: 'y', aggregatedOutput: `y${'x'.repeat(100_000)}`, timedOut: false, aborted: false, droppedBytes: 7, outputLines: 1 },
    aggregatedIsStdout: false,
  },
];

describe('frames', () => {
  it('carry messages whole however the socket splits or joins them', () => {
    const bytes = encode(messages);
    for (const pieceSize of [1, 3, 4, 5, 4096, bytes.length]) {
      const received: unknown[] = [];
      const reader = new FrameReader((message) => received.push(message));
      for (let at = 0; at < bytes.length; at += pieceSize) reader.push(bytes.subarray(at, at + pieceSize));
      expect(received).toEqual(messages);
    }
  });
});
