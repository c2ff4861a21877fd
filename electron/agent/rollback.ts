import { messageText, type HistoryItem } from './history/items.js';
import { COMPACTION_SUMMARY_PREFIX } from './prompt/compaction.js';

/** Context Tandem itself puts in user messages: not something the person typed. */
const CONTEXT_MARKERS = ['<environment_context>', '# AGENTS.md instructions for ', COMPACTION_SUMMARY_PREFIX];

/** True for a user message the person wrote (as opposed to injected context or a compaction summary). */
export function isPersonMessage(item: HistoryItem): boolean {
  if (item.type !== 'message' || item.role !== 'user') return false;
  const text = messageText(item);
  return !CONTEXT_MARKERS.some((marker) => text.startsWith(marker));
}

/**
 * Where history must be cut to take back the last `numTurns` turns: the index of the person's message that
 * began the earliest of them. Null when there are fewer turns than that.
 */
export function rollbackCut(items: readonly HistoryItem[], numTurns: number): number | null {
  let seen = 0;
  for (let i = items.length - 1; i >= 0; i--) {
    if (isPersonMessage(items[i]!) && ++seen === numTurns) return i;
  }
  return null;
}
