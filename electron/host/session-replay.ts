import type { HostEvent } from '../../shared/host/contract.js';
import { describeIssues, ReplayedEventMsg } from '../../shared/protocol/index.js';
import { SavedEvent } from '../store/index.js';

/** About this much JSON of events goes in one page, unless a single turn is larger. */
export const REPLAY_PAGE_MAX_CHARS = 256 * 1024;
export const REPLAY_PAGE_DEFAULT_EVENTS = 1_000;

export interface ReplayPage {
  /** Index in the replay of the page's first event. */
  start: number;
  /** Index just after its last event. */
  end: number;
  /** The events of [start, end) that fit the protocol. */
  messages: ReplayedEventMsg[];
}

const UNCHECKED = 0;
const VALID = 1;
const INVALID = 2;

/**
 * The conversation a resumed session started from (session_configured.initial_messages), handed to
 * clients in pages of whole turns, newest first, so that a page can draw the last screen of a long session
 * from a frame of a few hundred KB and fold the older turns in afterwards. A page begins where a turn
 * begins, so a client can fold it in on its own.
 *
 * The events come from the session's file, where only their types were checked (see the store's
 * checkRolloutLine), and most are not even parsed yet (SavedEvent). Each is parsed and checked against the
 * protocol here, the first time a page holds it, since a client turns away a whole frame for one event that
 * does not fit.
 */
export class SessionReplay {
  private readonly messages: unknown[];
  private readonly state: Uint8Array;
  /** JSON length + 1 of each event once measured, 0 before. */
  private readonly chars: Uint32Array;
  /** Ascending; always 0 first when there are events. */
  private readonly turnStarts: number[] = [];

  constructor(
    messages: readonly unknown[],
    private readonly warn: (message: string) => void,
  ) {
    this.messages = messages.slice();
    this.state = new Uint8Array(messages.length);
    this.chars = new Uint32Array(messages.length);
    let previous: unknown = null;
    this.messages.forEach((message, index) => {
      const type = typeOf(message);
      // A turn begins at its task_started; a request recorded without one (an older file) begins one too.
      const begins = index === 0 || type === 'task_started' || (type === 'user_message' && previous !== 'task_started');
      if (begins) this.turnStarts.push(index);
      previous = type;
    });
  }

  get length(): number {
    return this.messages.length;
  }

  /** The newest whole turns ending before `before`: at most `limit` events and about REPLAY_PAGE_MAX_CHARS. */
  page(before: number, limit = REPLAY_PAGE_DEFAULT_EVENTS, maxChars = REPLAY_PAGE_MAX_CHARS): ReplayPage {
    const end = Math.min(Math.max(0, before), this.length);
    let start = end;
    let chars = 0;
    for (let turn = this.lastTurnBefore(end); turn >= 0; turn--) {
      const from = this.turnStarts[turn] as number;
      let added = 0;
      for (let i = from; i < start; i++) added += this.charsOf(i);
      // The page always takes one turn, however large, or the client could never get past it.
      if (start < end && (end - from > limit || chars + added > maxChars)) break;
      chars += added;
      start = from;
    }
    return { start, end, messages: this.checked(start, end) };
  }

  /** Every event, checked: for clients that take the replay in one piece. */
  all(): ReplayedEventMsg[] {
    return this.checked(0, this.length);
  }

  /** The index in turnStarts of the last turn that begins before `end`; -1 when none does. */
  private lastTurnBefore(end: number): number {
    let low = 0;
    let high = this.turnStarts.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if ((this.turnStarts[mid] as number) < end) low = mid + 1;
      else high = mid;
    }
    return low - 1;
  }

  private charsOf(index: number): number {
    let measured = this.chars[index] as number;
    if (measured === 0) {
      const message = this.messages[index];
      measured = (message instanceof SavedEvent ? message.chars : (JSON.stringify(message)?.length ?? 0)) + 1;
      this.chars[index] = measured;
    }
    return measured - 1;
  }

  private checked(start: number, end: number): ReplayedEventMsg[] {
    const out: ReplayedEventMsg[] = [];
    let dropped = 0;
    let firstProblem = '';
    for (let i = start; i < end; i++) {
      if (this.state[i] === UNCHECKED) {
        const saved = this.messages[i];
        const parsed = ReplayedEventMsg.safeParse(saved instanceof SavedEvent ? saved.parse() : saved);
        if (parsed.success) {
          this.messages[i] = parsed.data;
          this.state[i] = VALID;
        } else {
          this.state[i] = INVALID;
          if (dropped++ === 0) firstProblem = `${typeOf(this.messages[i]) ?? 'event'} at ${i}: ${describeIssues(parsed.error)}`;
        }
      }
      if (this.state[i] === VALID) out.push(this.messages[i] as ReplayedEventMsg);
    }
    if (dropped > 0) this.warn(`Tandem left out ${dropped} saved event(s) of a resumed session that do not fit the protocol (${firstProblem}).`);
    return out;
  }
}

function typeOf(message: unknown): string | undefined {
  if (message instanceof SavedEvent) return message.type;
  const type = (message as { type?: unknown } | null)?.type;
  return typeof type === 'string' ? type : undefined;
}

/**
 * The event as a client receives it: a session_configured gets its replay back, whole, or (with a
 * `replayLimit`) as its newest page, marked with where that page starts. The host's log keeps the event
 * without it, so the replay is held once and never re-serialised to size the log.
 */
export function withReplay(hostEvent: HostEvent, replay: SessionReplay | null, replayLimit: number | undefined): HostEvent {
  const { msg } = hostEvent.event;
  if (replay === null || msg.type !== 'session_configured') return hostEvent;
  if (replayLimit === undefined) return { ...hostEvent, event: { ...hostEvent.event, msg: { ...msg, initial_messages: replay.all() } } };
  const page = replay.page(replay.length, replayLimit);
  return { ...hostEvent, event: { ...hostEvent.event, msg: { ...msg, initial_messages: page.messages } }, replay_start: page.start };
}
