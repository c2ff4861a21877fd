import { estimateTokens } from './truncate.js';
import { imageCount, isCall, isOutput, outputFor, type CallItem, type HistoryItem, type MessageItem } from './items.js';

/** The synthetic output a call gets when the conversation moved on without one (an interrupt, a crash). */
export const ABORTED_OUTPUT = 'aborted';

/**
 * The conversation the model sees (Codex's context manager). Items are kept as recorded; the pairing of
 * calls and outputs is enforced when a request is built, and token use is tracked from the server's
 * figures plus an estimate for what was added since.
 */
/** Told of every change, so the session file can keep the same history. */
export interface HistoryObserver {
  recorded(items: HistoryItem[]): void;
  replaced(items: HistoryItem[]): void;
}

export class History {
  private items: HistoryItem[] = [];
  /**
   * Goes up whenever the history changes other than by appending (a replacement, a cut, an output put in
   * after its call): a request that sends only what was appended since some point needs the items before it
   * to be as they were.
   */
  revision = 0;
  private lastServerTotal = 0;
  /** How many items the last server figure already covers. */
  private itemsCoveredByServer = 0;
  observer: HistoryObserver | null = null;

  constructor(initial: HistoryItem[] = []) {
    this.items = [...initial];
  }

  record(...items: HistoryItem[]): void {
    this.items.push(...items);
    this.observer?.recorded(items);
  }

  all(): readonly HistoryItem[] {
    return this.items;
  }

  get length(): number {
    return this.items.length;
  }

  replace(items: HistoryItem[]): void {
    this.revision += 1;
    this.items = [...items];
    this.lastServerTotal = 0;
    this.itemsCoveredByServer = 0;
    this.observer?.replaced(this.items);
  }

  /** Drops everything from index `from` on (a rollback), keeping pairs whole. */
  truncateTo(from: number): void {
    this.revision += 1;
    this.items = this.items.slice(0, from);
    this.itemsCoveredByServer = Math.min(this.itemsCoveredByServer, this.items.length);
    if (this.itemsCoveredByServer < from) this.lastServerTotal = 0;
    this.normalize();
  }

  /** Removes the oldest item, with its call or output partner, so no half of a pair is left behind. */
  removeOldest(): HistoryItem | undefined {
    const first = this.items.shift();
    if (!first) return undefined;
    this.revision += 1;
    if (isCall(first) || isOutput(first)) {
      const partner = this.items.findIndex((item) => (isCall(first) ? isOutput(item) : isCall(item)) && 'call_id' in item && item.call_id === first.call_id);
      if (partner !== -1) this.items.splice(partner, 1);
    }
    this.lastServerTotal = 0;
    this.itemsCoveredByServer = 0;
    return first;
  }

  /**
   * Enforces the pairing invariants in place: every call gets an output (a missing one becomes
   * `aborted`, right after its call) and an output without a call is dropped.
   */
  normalize(): void {
    const outputs = new Set<string>();
    const calls = new Set<string>();
    for (const item of this.items) {
      if (isOutput(item)) outputs.add(item.call_id);
      else if (isCall(item)) calls.add(item.call_id);
    }
    const normalized: HistoryItem[] = [];
    for (const item of this.items) {
      if (isOutput(item) && !calls.has(item.call_id)) continue;
      normalized.push(item);
      if (isCall(item) && !outputs.has(item.call_id)) normalized.push(outputFor(item, ABORTED_OUTPUT));
    }
    if (normalized.length !== this.items.length || normalized.some((item, i) => item !== this.items[i])) this.revision += 1;
    this.items = normalized;
  }

  /** Calls recorded without an output yet. */
  pendingCalls(): CallItem[] {
    const answered = new Set(this.items.filter(isOutput).map((item) => item.call_id));
    return this.items.filter(isCall).filter((call) => !answered.has(call.call_id));
  }

  /** The items to send as `input`, with pairing enforced. */
  forPrompt(): HistoryItem[] {
    this.normalize();
    return this.items;
  }

  /** Records the server's figure for everything up to now. */
  noteServerUsage(totalTokens: number): void {
    this.lastServerTotal = totalTokens;
    this.itemsCoveredByServer = this.items.length;
  }

  /** The server's last total, plus an estimate for the items added since. */
  estimatedTokens(): number {
    let estimate = this.lastServerTotal;
    const start = this.lastServerTotal > 0 ? this.itemsCoveredByServer : 0;
    for (let i = start; i < this.items.length; i++) estimate += itemTokens(this.items[i]!);
    return estimate;
  }
}

/**
 * What the model is likely to count for an item. An image is counted by its size in tiles, not its bytes: a
 * data URL of 200 KB is about a thousand tokens, not fifty thousand.
 */
function itemTokens(item: HistoryItem): number {
  if (imageCount(item) === 0) return estimateTokens(JSON.stringify(item));
  const message = item as MessageItem;
  const words = { ...message, content: message.content.filter((part) => part.type !== 'input_image') };
  return estimateTokens(JSON.stringify(words)) + imageCount(item) * IMAGE_TOKEN_ESTIMATE;
}

/** About what a high-detail image of a screenshot's size costs (OpenAI counts 170 tokens a 512 px tile, plus 85). */
export const IMAGE_TOKEN_ESTIMATE = 1_105;
