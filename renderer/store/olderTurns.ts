import type { TandemApi } from '../../shared/host/contract.js';
import type { ReplayedEventMsg } from '../../shared/protocol/index.js';
import { foldOlderTurns } from '../conversation/reduceEvent.js';
import type { SessionView } from '../conversation/sessionView.js';

/**
 * How many replayed events a resumed session first comes with (the host's `replay_limit`): the newest whole
 * turns, a few screens of cells, so that its first paint does not wait for a long conversation.
 */
export const FIRST_PAGE_EVENTS = 200;
/** How many events each later page of older turns holds (the host also stops a page at about 256 KB). */
export const OLDER_PAGE_EVENTS = 1_000;

/** What the older turns need of the store. */
export interface OlderTurnsDeps {
  api: Pick<TandemApi, 'request'>;
  viewOf(sessionId: string): SessionView | undefined;
  putView(view: SessionView): void;
  /** The session the person is looking at: only its older turns are fetched unasked. */
  activeSessionId(): string | null;
  now(): number;
  /**
   * Waits before the next page is fetched unasked: by default until the frame after the next, so that the
   * first page is painted first and a page folded in never shares a frame with the next one's work.
   */
  pause?: () => Promise<void>;
  /** Resolves once the conversation view can draw; no page is fetched unasked before it has drawn the first. */
  viewLoaded?: () => Promise<unknown>;
}

interface Paging {
  /** The replayed events drawn so far, oldest first: a page that needs the replay folded again whole uses them. */
  drawn: ReplayedEventMsg[];
  /** The fetching under way, if any; it fetches pages until the whole conversation is drawn. */
  run: Promise<void> | null;
  /** Someone waits for the whole conversation: no pauses between pages. */
  hurry: boolean;
}

function afterNextFrame(): Promise<void> {
  if (typeof requestAnimationFrame !== 'function') return new Promise((resolve) => setTimeout(resolve, 0));
  return new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
}

/**
 * The older turns of resumed sessions. A resumed session's session_configured brings only its newest page of
 * turns (see FIRST_PAGE_EVENTS); the rest is fetched from the host with `session_replay`, newest first, and
 * folded in front of what is drawn: in the background once the first page is painted (for the session shown),
 * and at once when something needs the whole conversation (the finder, a search hit, undo, review, export).
 */
export class OlderTurns {
  private readonly paging = new Map<string, Paging>();
  private readonly pause: () => Promise<void>;

  constructor(private readonly deps: OlderTurnsDeps) {
    this.pause = deps.pause ?? afterNextFrame;
  }

  /** A session_configured with a replay was folded in: these are the replayed events it drew. */
  noteReplay(sessionId: string, messages: readonly ReplayedEventMsg[]): void {
    this.paging.set(sessionId, { drawn: messages.slice(), run: null, hurry: false });
    if (this.deps.activeSessionId() === sessionId) this.fetchInBackground(sessionId);
  }

  /** Starts fetching a session's older turns unasked, if some are missing and none are on their way. */
  fetchInBackground(sessionId: string): void {
    const paging = this.paging.get(sessionId);
    if (!paging || paging.run || this.complete(sessionId)) return;
    paging.run = this.fetch(sessionId, paging);
  }

  /** Resolves once the whole conversation is drawn, or no more of it can be had (the host no longer runs it). */
  async loadAll(sessionId: string): Promise<void> {
    const paging = this.paging.get(sessionId);
    if (!paging || this.complete(sessionId)) return;
    paging.hurry = true;
    paging.run ??= this.fetch(sessionId, paging);
    await paging.run;
  }

  private complete(sessionId: string): boolean {
    return (this.deps.viewOf(sessionId)?.replayFrom ?? 0) === 0;
  }

  private async fetch(sessionId: string, paging: Paging): Promise<void> {
    try {
      // Never settle before the caller has kept the promise (see fetchInBackground). Unasked, the first page is
      // drawn before the next is fetched: the view's code may still be on its way.
      if (!paging.hurry) await this.deps.viewLoaded?.();
      await (paging.hurry ? Promise.resolve() : this.pause());
      for (;;) {
        if (this.paging.get(sessionId) !== paging) return;
        const before = this.deps.viewOf(sessionId)?.replayFrom ?? 0;
        if (before === 0) return;
        const { start, messages } = await this.deps.api.request('session_replay', { session_id: sessionId, before, limit: OLDER_PAGE_EVENTS });
        // A new resume of the session (a reload elsewhere, say) has replaced what this page belongs to.
        const view = this.deps.viewOf(sessionId);
        if (this.paging.get(sessionId) !== paging || view?.replayFrom !== before) return;
        // A host always moves back at least one turn; one that does not would keep this asking forever.
        const from = start < before ? start : 0;
        this.deps.putView(foldOlderTurns(view, messages, from, paging.drawn, this.deps.now()));
        paging.drawn = messages.concat(paging.drawn);
        if (!paging.hurry) await this.pause();
      }
    } catch {
      // The session no longer runs in the host (closed, or the host restarted): what is drawn stays, and a
      // resume of the session starts over.
    } finally {
      paging.run = null;
      paging.hurry = false;
    }
  }
}
