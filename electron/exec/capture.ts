import { StringDecoder } from 'node:string_decoder';
import type { OutputStream } from './request.js';

/** Kept per stream, and for the interleaved output, from the start; the rest is counted on arrival. */
export const CAPTURE_CAP_BYTES = 1024 * 1024;
/** Past the cap, the last this many bytes are kept too, so a flood's end (where errors are) survives. */
export const CAPTURE_TAIL_BYTES = 256 * 1024;

export interface CapturedText {
  stdout: string;
  stderr: string;
  aggregated: string;
  droppedBytes: number;
  /** Lines of the whole interleaved output, counted as it arrived, dropped bytes included. */
  lines: number;
}

/** The last `limit` bytes of what was pushed, kept as the chunks that hold them. */
class RollingTail {
  private chunks: { stream: OutputStream; bytes: Buffer }[] = [];
  /** Chunks before this index were let go of; the array is compacted now and then rather than shifted each time. */
  private first = 0;
  private size = 0;
  /** Bytes pushed and then let go of, to say how much is missing between head and tail. */
  omitted = 0;

  constructor(private readonly limit: number) {}

  push(stream: OutputStream, bytes: Buffer): void {
    if (bytes.length === 0) return;
    this.chunks.push({ stream, bytes });
    this.size += bytes.length;
    // Shifting the array for every chunk let go of is quadratic when a command writes in tiny pieces.
    while (this.chunks.length - this.first > 1 && this.size - this.chunks[this.first]!.bytes.length >= this.limit) {
      const dropped = this.chunks[this.first]!.bytes.length;
      this.first++;
      this.size -= dropped;
      this.omitted += dropped;
    }
    // Compacted once as many were let go of as are kept: amortised constant, and never more held than kept.
    if (this.first * 2 > this.chunks.length) {
      this.chunks = this.chunks.slice(this.first);
      this.first = 0;
    }
  }

  /** The kept bytes as text, each stream decoded on its own; a character cut at the start is skipped. */
  text(): string {
    let excess = Math.max(0, this.size - this.limit);
    this.omitted += excess;
    const decoders: Partial<Record<OutputStream, StringDecoder>> = {};
    let text = '';
    for (let i = this.first; i < this.chunks.length; i++) {
      const { stream, bytes } = this.chunks[i]!;
      let piece = bytes.subarray(Math.min(excess, bytes.length));
      excess = Math.max(0, excess - bytes.length);
      let decoder = decoders[stream];
      if (!decoder) {
        let start = 0;
        while (start < piece.length && (piece[start]! & 0xc0) === 0x80) start++;
        piece = piece.subarray(start);
        decoder = decoders[stream] = new StringDecoder('utf8');
      }
      text += decoder.write(piece);
    }
    for (const decoder of Object.values(decoders)) text += decoder.end();
    return text;
  }
}

function countNewlines(bytes: Buffer): number {
  let count = 0;
  for (let at = bytes.indexOf(10); at !== -1; at = bytes.indexOf(10, at + 1)) count++;
  return count;
}

/** Head, a note of what is missing, and tail. */
function joinHeadAndTail(head: string, tail: RollingTail | null): string {
  if (!tail) return head;
  const tailText = tail.text();
  return tail.omitted > 0 ? `${head}\n[… ${tail.omitted} bytes of output omitted …]\n${tailText}` : head + tailText;
}

/** Where decoded text goes besides the capture: live output, while it still wants text. */
export interface TextSink {
  wantsText(): boolean;
  push(stream: OutputStream, text: string): void;
  /** Output it was not given because it did not want text at the time: bytes past the cap, or text. */
  skip?(amount: number): void;
}

class StreamCapture {
  // One decoder per stream: a character split across two chunks of the same pipe must be joined,
  // and chunks of the other pipe must never land in between.
  readonly decoder = new StringDecoder('utf8');
  text = '';
  keptBytes = 0;
  droppedBytes = 0;
  /** Created once the stream passes the cap. */
  tail: RollingTail | null = null;
}

/**
 * A command's output as text: the first CAPTURE_CAP_BYTES of each stream and of both interleaved, and past
 * that the last CAPTURE_TAIL_BYTES, with a note of how much is missing in between.
 */
export class CapturedOutput {
  private readonly streams: Record<OutputStream, StreamCapture> = {
    stdout: new StreamCapture(),
    stderr: new StreamCapture(),
  };
  private aggregated = '';
  private aggregatedBytes = 0;
  private aggregatedTail: RollingTail | null = null;
  private newlines = 0;
  private totalBytes = 0;
  private lastByte = 10;

  constructor(private readonly sink?: TextSink) {}

  push(stream: OutputStream, chunk: Buffer): void {
    if (chunk.length === 0) return;
    this.newlines += countNewlines(chunk);
    this.totalBytes += chunk.length;
    this.lastByte = chunk[chunk.length - 1]!;
    const capture = this.streams[stream];
    const room = CAPTURE_CAP_BYTES - capture.keptBytes;
    const kept = chunk.length <= room ? chunk : chunk.subarray(0, room);
    let text = '';
    if (kept.length > 0) {
      text = capture.decoder.write(kept);
      capture.keptBytes += kept.length;
      capture.text += text;
      this.appendAggregated(stream, text, kept.length);
    }
    const dropped = chunk.length - kept.length;
    if (dropped > 0) {
      capture.droppedBytes += dropped;
      const beyond = chunk.subarray(kept.length);
      (capture.tail ??= new RollingTail(CAPTURE_TAIL_BYTES)).push(stream, beyond);
      (this.aggregatedTail ??= new RollingTail(CAPTURE_TAIL_BYTES)).push(stream, beyond);
      // Past the cap the bytes are decoded only for live output, and only while it still takes them.
      if (this.sink?.wantsText()) text += capture.decoder.write(chunk.subarray(kept.length));
      else this.sink?.skip?.(dropped);
    }
    if (!text || !this.sink) return;
    if (this.sink.wantsText()) this.sink.push(stream, text);
    else this.sink.skip?.(text.length);
  }

  /** Flushes characters left incomplete at the end of each stream and returns everything kept. */
  finish(): CapturedText {
    for (const stream of ['stdout', 'stderr'] as const) {
      const capture = this.streams[stream];
      const tail = capture.decoder.end();
      if (!tail) continue;
      if (capture.droppedBytes === 0) {
        capture.text += tail;
        this.appendAggregated(stream, tail, Buffer.byteLength(tail));
      }
      if (this.sink?.wantsText()) this.sink.push(stream, tail);
    }
    return {
      stdout: joinHeadAndTail(this.streams.stdout.text, this.streams.stdout.tail),
      stderr: joinHeadAndTail(this.streams.stderr.text, this.streams.stderr.tail),
      aggregated: joinHeadAndTail(this.aggregated, this.aggregatedTail),
      droppedBytes: this.streams.stdout.droppedBytes + this.streams.stderr.droppedBytes,
      lines: this.totalBytes === 0 ? 0 : this.newlines + (this.lastByte === 10 ? 0 : 1),
    };
  }

  private appendAggregated(stream: OutputStream, text: string, bytes: number): void {
    const room = CAPTURE_CAP_BYTES - this.aggregatedBytes;
    if (bytes <= room) {
      this.aggregated += text;
      this.aggregatedBytes += bytes;
      return;
    }
    // What the interleaved head has no room for belongs to its tail.
    const fits = room > 0 ? truncateUtf8(text, room) : '';
    this.aggregated += fits;
    this.aggregatedBytes = CAPTURE_CAP_BYTES;
    (this.aggregatedTail ??= new RollingTail(CAPTURE_TAIL_BYTES)).push(stream, Buffer.from(text.slice(fits.length)));
  }
}

/** The longest prefix of `text` that fits in `maxBytes` of UTF-8 without splitting a character. */
export function truncateUtf8(text: string, maxBytes: number): string {
  if (Buffer.byteLength(text) <= maxBytes) return text;
  // A fresh decoder returns only whole characters and holds back the cut one.
  return new StringDecoder('utf8').write(Buffer.from(text).subarray(0, maxBytes));
}
