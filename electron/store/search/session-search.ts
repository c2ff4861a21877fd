import path from 'node:path';
import type { SearchHit } from '../../../shared/host/contract.js';
import { IndexFollower } from '../index-follower.js';
import { compareSessions, summaryOf } from '../list-sessions.js';
import type { IndexEntry } from '../session-index-file.js';
import fs from 'node:fs';
import { SessionText, removeSearchCache, searchCacheDir } from './session-text.js';
import { findIgnoringCase, snippetAround } from './snippet.js';

/** Per session, after its title, at most this many hits. */
export const HITS_PER_SESSION = 3;
export const DEFAULT_SEARCH_LIMIT = 200;
/** Sessions read or caught up at once on a cold start. */
const BATCH = 64;
/** Sessions the warm-up reads at once, and about how long it works before it lets the host's other work run. */
const WARM_BATCH = 16;
const WARM_SLICE_MS = 15;
/** How often the warm-up looks at the index again for sessions added or changed meanwhile. */
const WARM_INDEX_EVERY_MS = 250;
/** While the warm-up runs, a search also reads unread sessions itself (newest first) for about this long. */
const SEARCH_READ_BUDGET_MS = 30;
/** A search trusts the index to name every rollout if that was checked this recently (see IndexFollower). */
const NAMES_CHECKED_WITHIN_MS = 2_000;

export interface SearchOptions {
  cwd?: string;
  limit?: number;
  /** Sessions being written right now (their index entries lag a few seconds behind their files). */
  live?: ReadonlySet<string>;
}

export interface SearchAnswer {
  hits: SearchHit[];
  truncated: boolean;
  /** Some sessions were not read yet (the warm-up is still going): they were left out of this answer. */
  partial: boolean;
}

export interface SessionSearchOptions {
  /**
   * A long-running host's search: a search before everything is read starts the warm-up (if it did not start
   * yet) and answers from what is read, rather than reading everything first.
   */
  background?: boolean;
  /** The warm-up's sessions read at once, and how long a slice goes on reading (at least one batch). */
  warmBatch?: number;
  warmSliceMs?: number;
  /** How long a search during the warm-up reads unread sessions itself. */
  searchReadBudgetMs?: number;
}

interface Slot {
  text: SessionText;
  /** The index entry it was last brought up to date for (entries are replaced, never changed: see mergeEntry). */
  entry: IndexEntry | null;
  /** Its title lowercased, for that entry. */
  loweredTitle: string;
}

/**
 * Search over every saved session's title and places. Built in the background when the host starts (warmUp:
 * from the caches under TANDEM_HOME/search/, or the rollouts, a few sessions at a time, newest first), or by
 * the first search when nothing warmed it up; then kept up to date at each search cheaply: the index is
 * followed by its appended bytes, and only the sessions whose entry changed (or that are being written now)
 * are looked at. A search during the warm-up answers from the sessions read so far and says so (`partial`).
 */
export class SessionSearch {
  private readonly slots = new Map<string, Slot>();
  private entries: ReadonlyMap<string, IndexEntry> = new Map();
  /** Every session was read, or checked against its file once (a later host's caches may lag their rollouts). */
  private checkedAll = false;
  private order: IndexEntry[] | null = null;
  private queue: Promise<unknown> = Promise.resolve();
  private warming: { stopped: boolean; done: Promise<void> } | null = null;
  /** The warm-up's list of sessions to read (newest first) for the order it was made from, and how far it got. */
  private warmList: { order: IndexEntry[]; entries: IndexEntry[]; next: number; readAt: number } | null = null;
  /** TANDEM_HOME/search/ was looked at: whether it held caches to load, and whether it is there to write into. */
  private cacheDir: { hadCaches: boolean; made: boolean } | null = null;

  constructor(
    private readonly home: string,
    /** The index as this host follows it; the listing may share it. */
    private readonly index: IndexFollower = new IndexFollower(home),
    private readonly options: SessionSearchOptions = {},
  ) {}

  /** Searches; one search at a time, so that two never catch the same session up together. */
  search(query: string, options: SearchOptions = {}): Promise<SearchAnswer> {
    if (this.options.background === true && !this.checkedAll && this.warming === null) void this.warmUp();
    return this.serially(async () => {
      const pending = await this.refresh(options.live ?? new Set());
      return { ...this.find(query, options), partial: pending > 0 };
    });
  }

  /**
   * Reads every session in the background, newest first, in slices that leave the event loop free between
   * them, writing the caches as it goes; searches meanwhile answer from what is read. Resolves when every
   * session is read (or the warm-up was stopped, or failed: a search then reads what is left itself).
   */
  warmUp(): Promise<void> {
    if (this.warming !== null) return this.warming.done;
    const warming = { stopped: false, done: Promise.resolve() };
    warming.done = (async () => {
      try {
        while (!warming.stopped && !this.checkedAll) {
          await this.serially(() => this.warmSlice(warming));
          // setImmediate, not a timer: whatever arrived meanwhile (a request, a socket's bytes) runs first, and
          // the reading goes on at once after it, with no sleep for the scheduler to stretch on a busy machine.
          await new Promise((resolve) => setImmediate(resolve));
        }
      } catch {
        // A home that went away or cannot be read: the next search reads what it can, and says what failed.
      }
      if (!this.checkedAll) this.warming = null;
    })();
    this.warming = warming;
    return warming.done;
  }

  /** Stops the warm-up after the slice it is in. */
  async stopWarmUp(): Promise<void> {
    const warming = this.warming;
    if (warming === null) return;
    warming.stopped = true;
    await warming.done;
  }

  /** Drops a deleted session's words, here and in its cache file. */
  async forget(sessionId: string): Promise<void> {
    this.slots.delete(sessionId);
    await removeSearchCache(this.home, sessionId);
  }

  private serially<T>(work: () => Promise<T>): Promise<T> {
    const run = this.queue.then(work);
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async readEntries(): Promise<void> {
    this.entries = await this.index.current({ namesCheckedWithinMs: NAMES_CHECKED_WITHIN_MS });
    for (const id of this.slots.keys()) if (!this.entries.has(id)) this.slots.delete(id);
  }

  private slotOf(entry: IndexEntry): Slot {
    let slot = this.slots.get(entry.id);
    if (slot === undefined) {
      slot = { text: new SessionText(entry.id, summaryOf(this.home, entry).path), entry: null, loweredTitle: entry.title.toLowerCase() };
      this.slots.set(entry.id, slot);
    }
    return slot;
  }

  /**
   * Brings one session up to date with its entry (and its file). A session whose rollout is gone keeps what
   * its cache said, and is looked at again when its entry changes (the index then no longer names it, mostly).
   */
  private async bringUpToDate(slot: Slot, entry: IndexEntry): Promise<void> {
    const { text } = slot;
    if (slot.entry !== entry) text.file = summaryOf(this.home, entry).path;
    if (text.updatedAt === '' && (this.cacheDir?.hadCaches ?? true)) await text.loadCache(this.home);
    const present = await text.catchUp();
    slot.entry = entry;
    slot.loweredTitle = entry.title.toLowerCase();
    if (!present) return;
    text.updatedAt = entry.updated_at;
    // The cache only saves work later: a home that cannot be written still searches.
    const wrote = await text.saveCache(this.home, this.cacheDir?.made ?? false).catch(() => false);
    if (wrote && this.cacheDir !== null) this.cacheDir.made = true;
  }

  /**
   * Looks at the cache folder once, before reading everything: a fresh home has no cache to open. It is made
   * with the first cache written, so a home without sessions stays without it.
   */
  private lookAtCacheDir(): void {
    if (this.cacheDir !== null) return;
    const hadCaches = fs.existsSync(searchCacheDir(this.home));
    this.cacheDir = { hadCaches, made: hadCaches };
  }

  /** One slice of the warm-up: a few unread sessions at a time, for about WARM_SLICE_MS. */
  private async warmSlice(warming: { stopped: boolean }): Promise<void> {
    if (this.warmList === null || performance.now() - this.warmList.readAt > WARM_INDEX_EVERY_MS) {
      await this.readEntries();
      this.lookAtCacheDir();
      const order = this.ordered();
      // Made again only when the index changed; otherwise the slice goes on where the last one stopped.
      if (this.warmList === null || this.warmList.order !== order) this.warmList = { order, entries: order.filter((entry) => this.slots.get(entry.id)?.entry == null), next: 0, readAt: 0 };
      this.warmList.readAt = performance.now();
    }
    const started = performance.now();
    const list = this.warmList;
    const size = this.options.warmBatch ?? WARM_BATCH;
    const sliceMs = this.options.warmSliceMs ?? WARM_SLICE_MS;
    // At least one batch per slice, however short the slice.
    let batches = 0;
    while (list.next < list.entries.length && !warming.stopped && (batches++ === 0 || performance.now() - started < sliceMs)) {
      const batch = list.entries.slice(list.next, list.next + size);
      list.next += batch.length;
      await Promise.all(
        batch.map(async (entry) => {
          if (this.slots.get(entry.id)?.entry != null) return;
          const slot = this.slotOf(entry);
          await this.bringUpToDate(slot, entry);
          slot.text.prepare();
        }),
      );
    }
    if (list.next >= list.entries.length) {
      this.checkedAll = true;
      this.warmList = null;
    }
  }

  /**
   * Brings the sessions up to date for a search. Without a warm-up under way, every session (the first time)
   * or every changed one; during the warm-up, the changed ones it read already, those being written, and as
   * many unread ones, newest first, as SEARCH_READ_BUDGET_MS allows. Resolves to how many are left unread.
   */
  private async refresh(live: ReadonlySet<string>): Promise<number> {
    await this.readEntries();
    if (!this.checkedAll) this.lookAtCacheDir();
    const partialAllowed = !this.checkedAll && this.warming !== null;
    const cold = !this.checkedAll && !partialAllowed;
    const stale: { slot: Slot; entry: IndexEntry }[] = [];
    const unread: { slot: Slot; entry: IndexEntry }[] = [];
    for (const entry of partialAllowed ? this.ordered() : this.entries.values()) {
      const slot = this.slotOf(entry);
      if (slot.entry === null) (partialAllowed && !live.has(entry.id) ? unread : stale).push({ slot, entry });
      else if (cold || slot.entry !== entry || live.has(entry.id)) stale.push({ slot, entry });
    }
    for (let i = 0; i < stale.length; i += BATCH) {
      await Promise.all(stale.slice(i, i + BATCH).map(({ slot, entry }) => this.bringUpToDate(slot, entry)));
    }
    if (!partialAllowed) {
      this.checkedAll = true;
      return 0;
    }
    const started = performance.now();
    let next = 0;
    const budget = this.options.searchReadBudgetMs ?? SEARCH_READ_BUDGET_MS;
    while (next < unread.length && performance.now() - started < budget) {
      const batch = unread.slice(next, next + (this.options.warmBatch ?? WARM_BATCH));
      next += batch.length;
      await Promise.all(batch.map(({ slot, entry }) => this.bringUpToDate(slot, entry)));
    }
    return unread.slice(next).filter(({ slot }) => slot.entry === null).length;
  }

  private find(query: string, options: SearchOptions): { hits: SearchHit[]; truncated: boolean } {
    const limit = options.limit ?? DEFAULT_SEARCH_LIMIT;
    const lowered = query.toLowerCase();
    const cwd = options.cwd === undefined ? undefined : path.resolve(options.cwd);
    const sessions = this.ordered().filter((entry) => cwd === undefined || path.resolve(entry.cwd) === cwd);
    const hits: SearchHit[] = [];
    for (const entry of sessions) {
      const slot = this.slots.get(entry.id);
      // A session not read yet (the warm-up is under way) is left out whole, its title too: it is counted in
      // `partial`, and a later search finds it.
      if (slot === undefined || slot.entry === null) continue;
      const text = slot.text;
      const loweredTitle = slot.entry === entry ? slot.loweredTitle : entry.title.toLowerCase();
      const inTitle = loweredTitle.indexOf(lowered);
      const inText = text.find(lowered, HITS_PER_SESSION);
      if (inTitle < 0 && inText.length === 0) continue;
      const base = { session_id: entry.id, cwd: entry.cwd, title: entry.title, updated_at: entry.updated_at };
      const found: SearchHit[] = [];
      if (inTitle >= 0 && entry.title.length === loweredTitle.length) {
        found.push({ ...base, kind: 'title', occurrence: 0, ...snippetAround(entry.title, inTitle, inTitle + query.length) });
      } else if (inTitle >= 0) {
        const span = findIgnoringCase(entry.title, query) ?? [0, 0];
        found.push({ ...base, kind: 'title', occurrence: 0, ...snippetAround(entry.title, span[0], span[1]) });
      }
      inText.forEach((place, occurrence) => {
        const original = text.places[place.index]?.text ?? '';
        const span: [number, number] = place.at !== null ? [place.at, place.at + query.length] : (findIgnoringCase(original, query) ?? [0, 0]);
        found.push({ ...base, kind: place.kind, occurrence, ...snippetAround(original, span[0], span[1]) });
      });
      if (hits.length + found.length > limit) {
        hits.push(...found.slice(0, limit - hits.length));
        return { hits, truncated: true };
      }
      hits.push(...found);
      if (hits.length === limit) return { hits, truncated: this.anyHitAfter(sessions, entry, lowered) };
    }
    return { hits, truncated: false };
  }

  /** The entries in search order, sorted again only when the index changed. */
  private ordered(): IndexEntry[] {
    const cached = this.order;
    // An entry that changed is another object in the map (see mergeEntry), so identity says nothing changed.
    if (cached !== null && cached.length === this.entries.size && cached.every((entry) => entry === this.entries.get(entry.id))) return cached;
    this.order = [...this.entries.values()].sort(compareSessions);
    return this.order;
  }

  /** Whether a session after `last` (in search order) has a hit: the limit then left something out. */
  private anyHitAfter(sessions: IndexEntry[], last: IndexEntry, lowered: string): boolean {
    for (let i = sessions.indexOf(last) + 1; i < sessions.length; i++) {
      const entry = sessions[i] as IndexEntry;
      const slot = this.slots.get(entry.id);
      if (slot === undefined || slot.entry === null) continue;
      if (slot.loweredTitle.includes(lowered)) return true;
      if (slot.text.find(lowered, 1).length > 0) return true;
    }
    return false;
  }
}
