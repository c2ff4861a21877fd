import { History, IMAGE_TOKEN_ESTIMATE } from './history/history.js';
import { imageCount, messageText, userMessage, type HistoryItem, type MessageItem } from './history/items.js';
import { estimateTokens, truncateMiddle } from './history/truncate.js';
import type { ModelClient } from './model/client.js';
import { ModelError, isAbort } from './model/errors.js';
import { buildModelRequest } from './model/request.js';
import { COMPACTION_PROMPT, COMPACTION_SUMMARY_PREFIX } from './prompt/compaction.js';
import { MAX_STREAM_RETRIES, backoffDelayMs, sleep } from './retry.js';
import { isPersonMessage } from './rollback.js';
import type { ReasoningEffort, EventMsg } from '../../shared/protocol/index.js';

/** How much of the person's own recent words survive a compaction verbatim. */
export const KEPT_USER_MESSAGE_TOKENS = 20_000;

/** The context Tandem put at the head of the conversation (permissions, environment, AGENTS.md). */
export function leadingContext(items: readonly HistoryItem[]): HistoryItem[] {
  const context: HistoryItem[] = [];
  for (const item of items) {
    if (item.type !== 'message') break;
    if (item.role === 'developer' || (item.role === 'user' && !isPersonMessage(item) && !messageText(item).startsWith(COMPACTION_SUMMARY_PREFIX))) {
      context.push(item);
      continue;
    }
    break;
  }
  return context;
}

/** The person's most recent messages, newest first while they fit the budget, returned oldest first. */
export function recentPersonMessages(items: readonly HistoryItem[], budgetTokens = KEPT_USER_MESSAGE_TOKENS): MessageItem[] {
  const kept: MessageItem[] = [];
  let remaining = budgetTokens;
  for (let i = items.length - 1; i >= 0 && remaining > 0; i--) {
    const item = items[i]!;
    if (!isPersonMessage(item)) continue;
    const text = messageText(item as MessageItem);
    // Pictures kept with their message cost what the model counts for them, not their bytes.
    const cost = estimateTokens(text) + imageCount(item) * IMAGE_TOKEN_ESTIMATE;
    if (cost <= remaining) {
      kept.push(item as MessageItem);
      remaining -= cost;
    } else {
      kept.push(userMessage(truncateMiddle(text, remaining).body));
      remaining = 0;
    }
  }
  return kept.reverse();
}

export interface CompactionRequest {
  history: readonly HistoryItem[];
  /** Where the running turn's items begin (its request stays, after the summary). Null between turns. */
  turnStart: number | null;
  client: ModelClient;
  model: string;
  instructions: string;
  sessionId: string;
  effort: ReasoningEffort | null;
  signal: AbortSignal;
  emit: (msg: EventMsg) => void;
}

/**
 * Asks the model for a hand-off summary of the conversation and returns the history that replaces it:
 * the leading context, the person's recent messages, then the summary. A request that overflows the
 * context window is sent again without its oldest item.
 */
export async function compactConversation(request: CompactionRequest): Promise<HistoryItem[]> {
  const context = leadingContext(request.history);
  const before = request.turnStart === null ? request.history : request.history.slice(0, request.turnStart);
  // Mid-turn, the person's request that started the turn stays after the summary; the work done since is
  // what the summary describes (keeping it all would leave the history as long as before).
  const restOfTurn = request.turnStart === null ? [] : request.history.slice(request.turnStart, request.turnStart + 1);
  const working = new History(request.history.slice(context.length));
  let retries = 0;
  for (;;) {
    try {
      const summary = await summarise(request, [...context, ...working.forPrompt(), userMessage(COMPACTION_PROMPT)]);
      return [...context, ...recentPersonMessages(before), userMessage(`${COMPACTION_SUMMARY_PREFIX}${summary}`), ...restOfTurn];
    } catch (err) {
      if (isAbort(err) || !(err instanceof ModelError)) throw err;
      if (err.kind === 'context_length_exceeded' && working.length > 0) {
        working.removeOldest();
        continue;
      }
      if (!err.retryable || retries >= MAX_STREAM_RETRIES) throw err;
      retries++;
      request.emit({ type: 'stream_error', message: `Reconnecting... ${retries}/${MAX_STREAM_RETRIES} (${err.message})`, attempt: retries, max_attempts: MAX_STREAM_RETRIES });
      await sleep(err.retryAfterMs ?? backoffDelayMs(retries), request.signal);
    }
  }
}

async function summarise(request: CompactionRequest, input: HistoryItem[]): Promise<string> {
  const body = buildModelRequest({
    model: request.model,
    instructions: request.instructions,
    input,
    tools: [],
    sessionId: request.sessionId,
    effort: request.effort,
  });
  let summary = '';
  for await (const event of request.client.stream(body, request.signal)) {
    if (event.type === 'item_done' && event.item.type === 'message') summary = messageText(event.item);
  }
  if (!summary.trim()) throw new ModelError('The model returned an empty summary.', 'stream', true);
  return summary;
}
