import path from 'node:path';
import type { SearchHit } from '../../../shared/host/contract.js';
import { IndexFollower } from '../index-follower.js';
import { compareSessions, summaryOf } from '../list-sessions.js';
import type { IndexEntry } from '../session-index-file.js';
import { SessionText, removeSearchCache } from './session-text.js';
import { findIgnoringCase, snippetAround } from './snippet.js';

/** Per session, after its title, at most this many hits. */
export const HITS_PER_SESSION = 3;
export const DEFAULT_SEARCH_LIMIT = 200;
/** Sessions read or caught up at once on a cold start. */
const BATCH = 64;

export interface SearchOptions {
  cwd?: string;
  limit?: number;
  /** Sessions being written right now (their index entries lag a few seconds behind their files). */
  live?: ReadonlySet<string>;
}

/**
 * Search over every saved session's title and places. Built on the first search (from the caches under
 * TANDEM_HOME/search/, or the rollouts), then kept up to date at each search cheaply: the index is followed by
 * its appended bytes, and only the sessions whose entry changed (or that are being written now) are looked at.
 */
export class SessionSearch {
  private readonly texts = new Map<string, SessionText>();
  private entries: ReadonlyMap<string, IndexEntry> = new Map();
  /** Every session was checked against its file once (a later host's caches may lag their rollouts). */
  private checkedAll = false;
  private order: IndexEntry[] | null = null;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly home: string,
    /** The index as this host follows it; the listing may share it. */
    private readonly index: IndexFollower = new IndexFollower(home),
  ) {}

  /** Searches; one search at a time, so that two never catch the same session up together. */
  search(query: string, options: SearchOptions = {}): Promise<{ hits: SearchHit[]; truncated: boolean }> {
    const run = this.queue.then(async () => {
      await this.refresh(options.live ?? new Set());
      return this.find(query, options);
    });
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** Drops a deleted session's words, here and in its cache file. */
  async forget(sessionId: string): Promise<void> {
    this.texts.delete(sessionId);
    await removeSearchCache(this.home, sessionId);
  }

  private async refresh(live: ReadonlySet<string>): Promise<void> {
    const cold = !this.checkedAll;
    this.entries = await this.index.current();
    const stale: { text: SessionText; entry: IndexEntry }[] = [];
    for (const [id, entry] of this.entries) {
      const file = summaryOf(this.home, entry).path;
      let text = this.texts.get(id);
      if (text === undefined) {
        text = new SessionText(id, file);
        this.texts.set(id, text);
        stale.push({ text, entry });
      } else if (cold || text.updatedAt !== entry.updated_at || live.has(id) || text.file !== file) {
        text.file = file;
        stale.push({ text, entry });
      }
    }
    for (const id of this.texts.keys()) if (!this.entries.has(id)) this.texts.delete(id);
    for (let i = 0; i < stale.length; i += BATCH) {
      await Promise.all(
        stale.slice(i, i + BATCH).map(async ({ text, entry }) => {
          if (text.updatedAt === '') await text.loadCache(this.home);
          if (!(await text.catchUp())) return;
          text.updatedAt = entry.updated_at;
          // The cache only saves work later: a home that cannot be written still searches.
          await text.saveCache(this.home).catch(() => undefined);
        }),
      );
    }
    this.checkedAll = true;
  }

  private find(query: string, options: SearchOptions): { hits: SearchHit[]; truncated: boolean } {
    const limit = options.limit ?? DEFAULT_SEARCH_LIMIT;
    const lowered = query.toLowerCase();
    const cwd = options.cwd === undefined ? undefined : path.resolve(options.cwd);
    const sessions = this.ordered().filter((entry) => cwd === undefined || path.resolve(entry.cwd) === cwd);
    const hits: SearchHit[] = [];
    for (const entry of sessions) {
      const text = this.texts.get(entry.id);
      const base = { session_id: entry.id, cwd: entry.cwd, title: entry.title, updated_at: entry.updated_at };
      const found: SearchHit[] = [];
      const inTitle = entry.title.toLowerCase().indexOf(lowered);
      if (inTitle >= 0 && entry.title.length === entry.title.toLowerCase().length) {
        found.push({ ...base, kind: 'title', occurrence: 0, ...snippetAround(entry.title, inTitle, inTitle + query.length) });
      } else if (inTitle >= 0) {
        const span = findIgnoringCase(entry.title, query) ?? [0, 0];
        found.push({ ...base, kind: 'title', occurrence: 0, ...snippetAround(entry.title, span[0], span[1]) });
      }
      if (text !== undefined) {
        text.find(lowered, HITS_PER_SESSION).forEach((place, occurrence) => {
          const original = text.places[place.index]?.text ?? '';
          const span: [number, number] = place.at !== null ? [place.at, place.at + query.length] : (findIgnoringCase(original, query) ?? [0, 0]);
          found.push({ ...base, kind: place.kind, occurrence, ...snippetAround(original, span[0], span[1]) });
        });
      }
      if (found.length === 0) continue;
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
      if (entry.title.toLowerCase().includes(lowered)) return true;
      if ((this.texts.get(entry.id)?.find(lowered, 1).length ?? 0) > 0) return true;
    }
    return false;
  }
}
