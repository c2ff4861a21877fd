import { StringDecoder } from 'node:string_decoder';
import type { OutputStream } from './request.js';

/** Kept per stream, and for the interleaved output; the rest is counted and dropped on arrival. */
export const CAPTURE_CAP_BYTES = 1024 * 1024;

export interface CapturedText {
  stdout: string;
  stderr: string;
  aggregated: string;
  droppedBytes: number;
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
}

/** A command's output: the first CAPTURE_CAP_BYTES of each stream and of both interleaved, as text. */
export class CapturedOutput {
  private readonly streams: Record<OutputStream, StreamCapture> = {
    stdout: new StreamCapture(),
    stderr: new StreamCapture(),
  };
  private aggregated = '';
  private aggregatedBytes = 0;

  constructor(private readonly sink?: TextSink) {}

  push(stream: OutputStream, chunk: Buffer): void {
    const capture = this.streams[stream];
    const room = CAPTURE_CAP_BYTES - capture.keptBytes;
    const kept = chunk.length <= room ? chunk : chunk.subarray(0, room);
    let text = '';
    if (kept.length > 0) {
      text = capture.decoder.write(kept);
      capture.keptBytes += kept.length;
      capture.text += text;
      this.appendAggregated(text, kept.length);
    }
    const dropped = chunk.length - kept.length;
    if (dropped > 0) {
      capture.droppedBytes += dropped;
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
        this.appendAggregated(tail, Buffer.byteLength(tail));
      }
      if (this.sink?.wantsText()) this.sink.push(stream, tail);
    }
    return {
      stdout: this.streams.stdout.text,
      stderr: this.streams.stderr.text,
      aggregated: this.aggregated,
      droppedBytes: this.streams.stdout.droppedBytes + this.streams.stderr.droppedBytes,
    };
  }

  private appendAggregated(text: string, bytes: number): void {
    const room = CAPTURE_CAP_BYTES - this.aggregatedBytes;
    if (room <= 0) return;
    if (bytes <= room) {
      this.aggregated += text;
      this.aggregatedBytes += bytes;
    } else {
      this.aggregated += truncateUtf8(text, room);
      this.aggregatedBytes = CAPTURE_CAP_BYTES;
    }
  }
}

/** The longest prefix of `text` that fits in `maxBytes` of UTF-8 without splitting a character. */
export function truncateUtf8(text: string, maxBytes: number): string {
  if (Buffer.byteLength(text) <= maxBytes) return text;
  // A fresh decoder returns only whole characters and holds back the cut one.
  return new StringDecoder('utf8').write(Buffer.from(text).subarray(0, maxBytes));
}
