import type { TextSink } from './capture.js';
import type { OutputStream } from './request.js';

/** Codex's cap on exec_command_output_delta events per call: past it the UI has seen plenty. */
export const MAX_LIVE_DELTAS = 10_000;
/** Chunks arriving within this window go out as one delta... */
export const LIVE_BATCH_MS = 10;
/** ...unless the batch has grown this large (UTF-16 units, close enough to bytes). */
export const LIVE_BATCH_CHARS = 8 * 1024;
/**
 * Live output may run this far ahead of LIVE_CHARS_PER_SECOND. Nobody reads a flood as it scrolls
 * past and the UI keeps only the tail, but every delta is held by whoever relays the events; so a
 * command printing hundreds of megabytes shows its first MiB live, then a sample as the budget refills.
 */
export const LIVE_BURST_CHARS = 1024 * 1024;
export const LIVE_CHARS_PER_SECOND = 256 * 1024;

/** Says where live output left text out; the end event then carries the command's kept output. */
export function withheldNotice(withheld: number): string {
  const amount = withheld >= 1024 * 1024 ? `${(withheld / (1024 * 1024)).toFixed(1)} MB` : `${Math.max(1, Math.round(withheld / 1024))} KB`;
  return `\n[… about ${amount} of output not shown live …]\n`;
}

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
  private allowance = LIVE_BURST_CHARS;
  private refilledAt: number;
  /** Text (or undecoded bytes) left out since the budget ran dry. */
  private withheld = 0;

  constructor(
    private readonly emit: (stream: OutputStream, chunk: string) => void,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.refilledAt = now();
  }

  wantsText(): boolean {
    return this.sent < MAX_LIVE_DELTAS && this.refill() > 0;
  }

  push(stream: OutputStream, text: string): void {
    if (!text || this.sent >= MAX_LIVE_DELTAS) return;
    if (this.refill() <= 0) {
      this.withheld += text.length;
      return;
    }
    // One chunk may overdraw the budget: cutting it would cost a copy for no gain.
    this.allowance -= text.length;
    if (this.withheld > 0) {
      const notice = withheldNotice(this.withheld);
      this.withheld = 0;
      this.append(stream, notice);
    }
    this.append(stream, text);
  }

  /** Output the caller did not decode because wantsText() said no. */
  skip(bytes: number): void {
    if (this.sent < MAX_LIVE_DELTAS) this.withheld += bytes;
  }

  /** Sends what is pending now. */
  flush(): void {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    if (!this.pending) return;
    const chunk = this.pending;
    this.pending = '';
    if (this.sent >= MAX_LIVE_DELTAS) return;
    this.sent++;
    this.emit(this.pendingStream, chunk);
  }

  /** The command is over: sends what is pending, and says so if the tail was left out. */
  end(): void {
    if (this.withheld > 0) {
      this.append(this.pendingStream, withheldNotice(this.withheld));
      this.withheld = 0;
    }
    this.flush();
  }

  get deltasSent(): number {
    return this.sent;
  }

  private append(stream: OutputStream, text: string): void {
    if (this.pending && stream !== this.pendingStream) this.flush();
    this.pendingStream = stream;
    this.pending += text;
    if (this.pending.length >= LIVE_BATCH_CHARS) this.flush();
    else this.timer ??= setTimeout(() => this.flush(), LIVE_BATCH_MS);
  }

  private refill(): number {
    const now = this.now();
    this.allowance = Math.min(LIVE_BURST_CHARS, this.allowance + ((now - this.refilledAt) * LIVE_CHARS_PER_SECOND) / 1000);
    this.refilledAt = now;
    return this.allowance;
  }
}
