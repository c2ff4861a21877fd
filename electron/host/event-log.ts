import type { HostEvent } from '../../shared/host/contract.js';
import type { Event } from '../../shared/protocol/index.js';

/**
 * Past this many characters of retained events the oldest are dropped (session_configured excepted), so a
 * session that runs for days cannot hold the host's memory. Finished deltas go first (see `append`), so
 * only sessions whose completed output alone is this large lose anything.
 */
export const EVENT_LOG_MAX_CHARS = 64 * 1024 * 1024;

/** The key of the item a delta belongs to, which the item's completing event shares. */
function deltaKey(event: Event): string | null {
  const { msg } = event;
  switch (msg.type) {
    case 'agent_message_delta':
      return `message ${event.id}`;
    case 'agent_reasoning_delta':
      return `reasoning ${event.id}`;
    case 'exec_command_output_delta':
      return `command ${msg.call_id}`;
    default:
      return null;
  }
}

/** The key of the deltas this event completes: its full text repeats theirs. */
function completedKey(event: Event): string | null {
  const { msg } = event;
  switch (msg.type) {
    case 'agent_message':
      return `message ${event.id}`;
    case 'agent_reasoning':
      return `reasoning ${event.id}`;
    case 'exec_command_end':
      return `command ${msg.call_id}`;
    default:
      return null;
  }
}

interface Entry {
  readonly seq: number;
  /** Null once dropped; the entry keeps its place (and seq) until the next sweep. */
  event: HostEvent | null;
  readonly chars: number;
}

/**
 * A session's events as the host saw them, numbered, so that a client that arrives late (a reloaded page,
 * a second window) can be given the conversation so far. Deltas are kept only while their item is still
 * streaming: once the completing event arrives it carries the whole text, and a replay without the deltas
 * draws the same conversation at a fraction of the size.
 */
export class SessionEventLog {
  /** Ascending by seq. */
  private entries: Entry[] = [];
  private nextSeq = 0;
  private retainedChars = 0;
  private holes = 0;
  /** The oldest slot that trimToBudget has not yet looked at. */
  private trimFrom = 0;
  /** The seqs of the deltas of items still streaming, by deltaKey. */
  private readonly streaming = new Map<string, number[]>();

  constructor(
    private readonly sessionId: string,
    private readonly maxChars = EVENT_LOG_MAX_CHARS,
  ) {}

  /** Numbers and keeps an event; returns it as clients receive it. */
  append(event: Event): HostEvent {
    const seq = this.nextSeq++;
    const hostEvent: HostEvent = { session_id: this.sessionId, event, seq };
    const chars = JSON.stringify(event).length;
    this.entries.push({ seq, event: hostEvent, chars });
    this.retainedChars += chars;

    const key = deltaKey(event);
    if (key !== null) {
      const seqs = this.streaming.get(key);
      if (seqs) seqs.push(seq);
      else this.streaming.set(key, [seq]);
    }
    const completed = completedKey(event);
    if (completed !== null) {
      for (const delta of this.streaming.get(completed) ?? []) this.dropSeq(delta);
      this.streaming.delete(completed);
    }
    if (event.msg.type === 'task_complete' || event.msg.type === 'turn_aborted') {
      // An item cut off by the turn's end never completes: its deltas are all there is of it, so they stay.
      this.streaming.delete(`message ${event.id}`);
      this.streaming.delete(`reasoning ${event.id}`);
    }
    this.trimToBudget();
    this.sweepIfSparse();
    return hostEvent;
  }

  /** The retained events with seq > afterSeq (all of them without it), oldest first. */
  since(afterSeq = -1): HostEvent[] {
    const out: HostEvent[] = [];
    for (let i = this.firstIndexAfter(afterSeq); i < this.entries.length; i++) {
      const event = this.entries[i]?.event;
      if (event) out.push(event);
    }
    return out;
  }

  /**
   * The oldest retained events with seq > afterSeq: at most `maxEvents` of them and about `maxChars` of
   * JSON, though one at least. `more`: later ones are retained too.
   */
  page(afterSeq: number, maxEvents: number, maxChars: number): { events: HostEvent[]; more: boolean } {
    const events: HostEvent[] = [];
    let chars = 0;
    for (let i = this.firstIndexAfter(afterSeq); i < this.entries.length; i++) {
      const entry = this.entries[i] as Entry;
      if (!entry.event) continue;
      if (events.length > 0 && (events.length >= maxEvents || chars + entry.chars > maxChars)) return { events, more: true };
      events.push(entry.event);
      chars += entry.chars;
    }
    return { events, more: false };
  }

  /** The seq the next event will get. */
  get length(): number {
    return this.nextSeq;
  }

  /** What is held now: events kept and their size as JSON. */
  get size(): { events: number; chars: number } {
    return { events: this.entries.length - this.holes, chars: this.retainedChars };
  }

  private dropSeq(seq: number): void {
    const index = this.firstIndexAfter(seq - 1);
    if (this.entries[index]?.seq === seq) this.drop(index);
  }

  private drop(index: number): void {
    const entry = this.entries[index];
    if (!entry?.event) return;
    entry.event = null;
    this.retainedChars -= entry.chars;
    this.holes++;
  }

  private trimToBudget(): void {
    // The newest event always stays, however large: it is the one clients are waiting for.
    while (this.retainedChars > this.maxChars && this.trimFrom < this.entries.length - 1) {
      const entry = this.entries[this.trimFrom];
      if (entry?.event && entry.event.event.msg.type !== 'session_configured') this.drop(this.trimFrom);
      this.trimFrom++;
    }
  }

  /** Sweeps dropped entries out once they are most of the array, so memory follows the events kept. */
  private sweepIfSparse(): void {
    if (this.holes < 1024 || this.holes * 2 < this.entries.length) return;
    const trimSeq = this.entries[this.trimFrom]?.seq ?? this.nextSeq;
    this.entries = this.entries.filter((entry) => entry.event !== null);
    this.holes = 0;
    this.trimFrom = this.firstIndexAfter(trimSeq - 1);
  }

  /** The first slot whose seq is greater than `seq`. */
  private firstIndexAfter(seq: number): number {
    let low = 0;
    let high = this.entries.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if ((this.entries[mid] as Entry).seq <= seq) low = mid + 1;
      else high = mid;
    }
    return low;
  }
}
