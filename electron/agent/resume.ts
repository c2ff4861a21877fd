import type { EventMsg, ReplayedEventMsg } from '../../shared/protocol/index.js';
import { findRolloutById, readRolloutLazily, SavedEvent, type SessionMetaLine } from '../store/index.js';
import { parseSnapshot, type Snapshot } from '../snapshot/index.js';
import type { HistoryItem } from './history/items.js';
import { rollbackCut } from './rollback.js';

export interface TurnSnapshot {
  turnId: string;
  snapshot: Snapshot;
}

/**
 * A saved event: parsed when the agent reads it (EVENTS_READ_ON_RESUME), else as its file holds it, for
 * the client that draws it to parse (see SavedEvent).
 */
export type ResumedEvent = EventMsg | SavedEvent;

/** The events whose fields the session reads as it resumes (Session.noteTurnEvent); of the rest, only the type. */
export const EVENTS_READ_ON_RESUME: ReadonlySet<string> = new Set(['user_message', 'turn_diff', 'undo_completed']);

/** A session as its file left it: the history to continue from and what a client needs to redraw it. */
export interface ResumedSession {
  path: string;
  meta: SessionMetaLine;
  history: HistoryItem[];
  events: ResumedEvent[];
  snapshots: TurnSnapshot[];
  /** The file ends inside a turn: the process died before the turn ended. */
  endedMidTurn: boolean;
  warnings: string[];
  /** The last response the server keeps, if the history it covers is still the history (see Session.modelInput). */
  chain: StoredResponse | null;
  /** The name the person gave the session, '' when none (see the session_title line). */
  customTitle: string;
}

export interface StoredResponse {
  responseId: string;
  /** How many history items, from the start, the response covers. */
  items: number;
  model: string;
}

/** Drops the events of the last `numTurns` turns, from the person's message that began the earliest of them. */
function rollBackEvents(events: ResumedEvent[], numTurns: number): ResumedEvent[] {
  let seen = 0;
  for (let i = events.length - 1; i >= 0; i--) {
    if (events[i]!.type === 'user_message' && ++seen === numTurns) {
      // A turn's events begin at its task_started, just before the person's message.
      const start = i > 0 && events[i - 1]!.type === 'task_started' ? i - 1 : i;
      return events.slice(0, start);
    }
  }
  return events;
}

/**
 * Rebuilds a session from its file. History starts again at each compaction (the file keeps the
 * replacement), rollbacks are applied as they happened, and used undo snapshots are dropped.
 */
export async function loadSession(home: string, sessionId: string): Promise<ResumedSession> {
  const path = await findRolloutById(home, sessionId);
  if (!path) throw new Error(`No session with id ${sessionId} was found in ${home}.`);
  const { meta, lines, warnings } = await readRolloutLazily(path, (type) => EVENTS_READ_ON_RESUME.has(type));
  let history: HistoryItem[] = [];
  let events: ResumedEvent[] = [];
  // By turn, in the order they were taken: a turn's later snapshot line replaces its earlier one, or (unreadable) drops it.
  const snapshots = new Map<string, Snapshot>();
  // The last stored response, while nothing since has replaced or cut the history it covers.
  let chain: StoredResponse | null = null;
  let customTitle = '';
  for (const line of lines) {
    switch (line.type) {
      case 'session_meta':
      case 'turn_context':
        break;
      case 'session_title':
        customTitle = line.title;
        break;
      case 'response_item':
        history.push(line.item as HistoryItem);
        break;
      case 'compacted':
        history = line.replacement_history as HistoryItem[];
        chain = null;
        break;
      case 'response':
        chain = { responseId: line.response_id, items: line.items, model: line.model };
        break;
      case 'rollback': {
        chain = null;
        const cut = rollbackCut(history, line.num_turns);
        if (cut !== null) history = history.slice(0, cut);
        events = rollBackEvents(events, line.num_turns);
        break;
      }
      case 'event':
        // The rollback line above already took those turns out; replaying its event would take more.
        if (line.msg.type !== 'thread_rolled_back') events.push(line.msg);
        break;
      case 'saved_event':
        if (line.event.type !== 'thread_rolled_back') events.push(line.event);
        break;
      case 'snapshot': {
        const snapshot = parseSnapshot(line.snapshot);
        snapshots.delete(line.turn_id);
        if (snapshot) snapshots.set(line.turn_id, snapshot);
        break;
      }
    }
  }
  const lastStart = events.findLastIndex((msg) => msg.type === 'task_started');
  const lastEnd = events.findLastIndex((msg) => msg.type === 'task_complete' || msg.type === 'turn_aborted');
  const turnSnapshots = [...snapshots].map(([turnId, snapshot]) => ({ turnId, snapshot }));
  return { path, meta, history, events, snapshots: turnSnapshots, endedMidTurn: lastStart > lastEnd, warnings, chain, customTitle };
}

/**
 * The replay with every saved event parsed, for a client that takes it whole (the CLI). As before the
 * laziness, only an event's type has been checked: whoever sends it on checks the rest. One whose text is
 * not JSON (a damaged line) is left out, with a warning.
 */
export function parseSavedEvents(events: readonly ResumedEvent[], warn: (message: string) => void): ReplayedEventMsg[] {
  const out: ReplayedEventMsg[] = [];
  let damaged = 0;
  for (const event of events) {
    if (!(event instanceof SavedEvent)) {
      out.push(event as ReplayedEventMsg);
      continue;
    }
    const parsed = event.parse();
    if (parsed === undefined) damaged++;
    else out.push(parsed as ReplayedEventMsg);
  }
  if (damaged > 0) warn(`Tandem skipped ${damaged} damaged saved event(s) of this session.`);
  return out;
}
