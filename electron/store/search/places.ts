import { ReplayedEventMsg } from '../../../shared/protocol/index.js';

/*
 * The "places" of a session that search looks in: one per event of the session's replay (what a resume
 * hands a window in session_configured.initial_messages, see agent/resume.ts) that a window draws with
 * words in it, in replay order. A window that counts the same events the same way finds the place a hit
 * names by its `occurrence`.
 */

/** What kind of cell a place is, in the contract's words; the index is how cache files store it. */
export const PLACE_KINDS = ['user', 'assistant', 'reasoning', 'command', 'output', 'patch'] as const;
export type PlaceKind = (typeof PLACE_KINDS)[number];

export interface Place {
  kind: PlaceKind;
  text: string;
}

/**
 * The longest text one place keeps for search. A command's output can run to megabytes; search finds words in
 * its first quarter-megabyte, which keeps the host's memory bounded over thousands of sessions.
 */
export const PLACE_MAX_CHARS = 256 * 1024;

function cut(text: string): string {
  return text.length <= PLACE_MAX_CHARS ? text : text.slice(0, PLACE_MAX_CHARS);
}

/** The place an event makes, or null for events without one (task_started, token_count, approvals, ...). */
export function placeOf(msg: ReplayedEventMsg): Place | null {
  switch (msg.type) {
    case 'user_message':
      return { kind: 'user', text: cut(msg.message) };
    case 'agent_message':
      return { kind: 'assistant', text: cut(msg.message) };
    case 'agent_reasoning':
      return { kind: 'reasoning', text: cut(msg.text) };
    case 'exec_command_begin':
      return { kind: 'command', text: cut(msg.command.join(' ')) };
    case 'exec_command_end':
      return { kind: 'output', text: cut(msg.aggregated_output) };
    case 'patch_apply_begin': {
      const parts: string[] = [];
      for (const [file, change] of Object.entries(msg.changes)) {
        parts.push(file);
        if (change.type === 'update') {
          if (change.move_path) parts.push(change.move_path);
          parts.push(change.unified_diff);
        } else {
          parts.push(change.content);
        }
      }
      return { kind: 'patch', text: cut(parts.join('\n')) };
    }
    default:
      return null;
  }
}

const PLACE_EVENTS: ReadonlySet<string> = new Set(['user_message', 'agent_message', 'agent_reasoning', 'exec_command_begin', 'exec_command_end', 'patch_apply_begin']);

/** The recorder writes `type` first and an event's `msg` with its `type` first: enough to skip a line unparsed. */
const EVENT_LINE = /^\{"type":"event","timestamp":"[^"]*","msg":\{"type":"([a-z_]+)"/;
const ROLLBACK_LINE = '{"type":"rollback"';

/**
 * Follows a rollout's lines, as they are appended, into the list of its places. Rollbacks take places away as
 * a resume does (from the person's message that began the earliest turn rolled back). Events that the
 * protocol would not let through to a window are left out here too, so that the counts agree.
 */
export class PlaceExtractor {
  constructor(readonly places: Place[] = []) {}

  /** One whole line of the rollout (without its newline). */
  feed(line: string): void {
    const event = EVENT_LINE.exec(line);
    if (event !== null) {
      if (PLACE_EVENTS.has(event[1] as string)) this.takeEvent(line);
      return;
    }
    if (line.startsWith(ROLLBACK_LINE)) this.takeRollback(line);
  }

  private takeEvent(line: string): void {
    let msg: unknown;
    try {
      msg = (JSON.parse(line) as { msg?: unknown }).msg;
    } catch {
      return;
    }
    const checked = ReplayedEventMsg.safeParse(msg);
    if (!checked.success) return;
    const place = placeOf(checked.data);
    if (place !== null) this.places.push(place);
  }

  private takeRollback(line: string): void {
    let turns: unknown;
    try {
      turns = (JSON.parse(line) as { num_turns?: unknown }).num_turns;
    } catch {
      return;
    }
    if (typeof turns !== 'number' || !Number.isInteger(turns) || turns <= 0) return;
    let seen = 0;
    for (let i = this.places.length - 1; i >= 0; i--) {
      if (this.places[i]?.kind === 'user' && ++seen === turns) {
        this.places.length = i;
        return;
      }
    }
  }
}
