import type { TextSink } from './capture.js';
import type { OutputStream } from './request.js';

/** Codex's cap on exec_command_output_delta events per call: past it the UI has seen plenty. */
export const MAX_LIVE_DELTAS = 10_000;
/** Chunks arriving within this window go out as one delta... */
export const LIVE_BATCH_MS = 10;
/** ...unless the batch has grown this large (UTF-16 units, close enough to bytes). */
export const LIVE_BATCH_CHARS = 8 * 1024;

/**
 * Live output for one command, coalesced so that a chatty command costs the UI a few events a
 * frame rather than one per pipe read. Order across stdout and stderr is kept: a batch is flushed
 * before a chunk of the other stream joins.
 */
export class LiveOutput implements TextSink {
  private pendingStream: OutputStream = 'stdout';
  private pending = '';
  private timer: NodeJS.Timeout | undefined;
  private sent = 0;

  constructor(private readonly emit: (stream: OutputStream, chunk: string) => void) {}

  wantsText(): boolean {
    return this.sent < MAX_LIVE_DELTAS;
  }

  push(stream: OutputStream, text: string): void {
    if (!text || !this.wantsText()) return;
    if (this.pending && stream !== this.pendingStream) this.flush();
    this.pendingStream = stream;
    this.pending += text;
    if (this.pending.length >= LIVE_BATCH_CHARS) this.flush();
    else this.timer ??= setTimeout(() => this.flush(), LIVE_BATCH_MS);
  }

  /** Sends what is pending now; called at the end of the command too. */
  flush(): void {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    if (!this.pending) return;
    const chunk = this.pending;
    this.pending = '';
    if (!this.wantsText()) return;
    this.sent++;
    this.emit(this.pendingStream, chunk);
  }

  get deltasSent(): number {
    return this.sent;
  }
}
