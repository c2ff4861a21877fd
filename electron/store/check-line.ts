import { describeIssues, EventMsg } from '../../shared/protocol/index.js';
import { RolloutLine } from './rollout-line.js';

export type CheckedLine = { ok: true; line: RolloutLine } | { ok: false; error: string };

const EVENT_TYPES: ReadonlySet<string> = new Set(EventMsg.options.map((option) => option.shape.type.value));

/** Whether an event of this type is one the protocol knows. */
export function isKnownEventType(type: string): boolean {
  return EVENT_TYPES.has(type);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Checks one parsed line of a rollout. A long session has tens of thousands of lines, nearly all of them
 * history items and events, and running the whole schema over them cost more than reading and parsing the
 * file (about 100 ms of a resume of 9 MB, most of it in the event union). So the bulky kinds get the checks
 * the agent's reading of them needs, and only the rare ones get the full schema.
 *
 * An event's message is checked for a known type, which is all the agent reads of it; its fields are
 * checked where the event leaves for a client (the host checks a resumed session's replay page by page).
 */
export function checkRolloutLine(value: unknown): CheckedLine {
  if (!isRecord(value)) return { ok: false, error: 'not a JSON object' };
  const { type, timestamp } = value;
  if ((type === 'response_item' || type === 'event' || type === 'compacted') && typeof timestamp !== 'string') {
    return { ok: false, error: 'timestamp: expected a string' };
  }
  switch (type) {
    case 'response_item':
      if (value.item === undefined) return { ok: false, error: 'item: missing' };
      return { ok: true, line: { type, timestamp: timestamp as string, item: value.item } };
    case 'event': {
      const { msg } = value;
      if (!isRecord(msg) || typeof msg.type !== 'string') return { ok: false, error: 'msg: expected an event' };
      if (!EVENT_TYPES.has(msg.type)) return { ok: false, error: `msg.type: unknown event "${msg.type}"` };
      return { ok: true, line: { type, timestamp: timestamp as string, msg: msg as EventMsg } };
    }
    case 'compacted':
      if (!Array.isArray(value.replacement_history)) return { ok: false, error: 'replacement_history: expected an array' };
      return { ok: true, line: { type, timestamp: timestamp as string, replacement_history: value.replacement_history as unknown[] } };
    default: {
      // Metadata, turn contexts, snapshots and rollbacks are few and small; unknown kinds fail here.
      const parsed = RolloutLine.safeParse(value);
      return parsed.success ? { ok: true, line: parsed.data } : { ok: false, error: describeIssues(parsed.error) };
    }
  }
}
