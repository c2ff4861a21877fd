import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { PRIVATE_DIR_MODE, PRIVATE_FILE_MODE } from '../../home/private-home.js';
import { PLACE_KINDS, PlaceExtractor, type Place, type PlaceKind } from './places.js';

/*
 * The words of one saved session, for search: its places (see places.ts), extracted from its rollout and
 * kept up to date as the rollout grows. Rollouts are append-only, so catching up reads only the bytes
 * appended since last time; a file that shrank or was replaced (another inode) is read again whole.
 *
 * What was extracted is cached in TANDEM_HOME/search/<id>.json, so that a host started later reads a small
 * file per session instead of every rollout, and then only what was appended since the cache was written.
 */

export const SEARCH_CACHE_VERSION = 1;

export function searchCacheDir(home: string): string {
  return path.join(home, 'search');
}

function cacheFile(home: string, sessionId: string): string {
  return path.join(searchCacheDir(home), `${sessionId}.json`);
}

interface CacheContents {
  v: number;
  /** The rollout's inode and how many of its bytes (whole lines) the places come from. */
  ino: number;
  size: number;
  places: [number, string][];
}

const READ_CHUNK_BYTES = 1024 * 1024;

export class SessionText {
  /** The updated_at of the index entry it was last brought up to date for. */
  updatedAt = '';
  private ino = -1;
  private size = 0;
  private extractor = new PlaceExtractor();
  /** Changed since it was last written to the cache. */
  private dirty = false;
  /** The lowercased places joined, and where each begins in it: built on the first query after a change. */
  private hay: { text: string; starts: number[]; lengths: number[] } | null = null;

  constructor(
    readonly sessionId: string,
    /** The rollout, absolute. */
    public file: string,
  ) {}

  get places(): readonly Place[] {
    return this.extractor.places;
  }

  /** Takes the cached places when the cache is readable and of this version; false otherwise. */
  async loadCache(home: string): Promise<boolean> {
    let contents: CacheContents;
    try {
      contents = JSON.parse(await fs.promises.readFile(cacheFile(home, this.sessionId), 'utf8')) as CacheContents;
    } catch {
      return false;
    }
    if (contents.v !== SEARCH_CACHE_VERSION || !Array.isArray(contents.places) || typeof contents.size !== 'number' || typeof contents.ino !== 'number') return false;
    const places: Place[] = [];
    for (const entry of contents.places) {
      const kind = PLACE_KINDS[entry[0]];
      if (kind === undefined || typeof entry[1] !== 'string') return false;
      places.push({ kind, text: entry[1] });
    }
    this.extractor = new PlaceExtractor(places);
    this.ino = contents.ino;
    this.size = contents.size;
    this.hay = null;
    return true;
  }

  /**
   * Reads what was appended to the rollout since last time (all of it when the file is new to us, shrank or
   * was replaced). Resolves to false when the rollout is gone.
   */
  async catchUp(): Promise<boolean> {
    // One stat answers the common case (nothing appended) without opening the file: a cold start checks
    // thousands of sessions this way.
    // A file never read (no cache) has no such case: it is opened at once.
    if (this.ino !== -1) {
      try {
        const before = await fs.promises.stat(this.file);
        if (before.ino === this.ino && before.size === this.size) return true;
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ENOENT') return false;
        throw err;
      }
    }
    let handle: fs.promises.FileHandle;
    try {
      handle = await fs.promises.open(this.file, 'r');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return false;
      throw err;
    }
    try {
      const stat = await handle.stat();
      if (stat.ino !== this.ino || stat.size < this.size) {
        this.extractor = new PlaceExtractor();
        this.ino = stat.ino;
        this.size = 0;
        this.dirty = true;
        this.hay = null;
      }
      if (stat.size === this.size) return true;
      let position = this.size;
      let carry: Buffer = Buffer.alloc(0);
      // Only as big as what is to be read (most rollouts are a few kilobytes), and not zero-filled: every byte
      // used is one read into it.
      const chunk = Buffer.allocUnsafe(Math.max(1, Math.min(READ_CHUNK_BYTES, stat.size - this.size)));
      for (;;) {
        const { bytesRead } = await handle.read(chunk, 0, chunk.length, position);
        if (bytesRead === 0) break;
        position += bytesRead;
        const bytes = carry.length === 0 ? chunk.subarray(0, bytesRead) : Buffer.concat([carry, chunk.subarray(0, bytesRead)]);
        // Only whole lines: one still being written is read whole next time.
        const lastNewline = bytes.lastIndexOf(0x0a);
        if (lastNewline < 0) {
          carry = Buffer.from(bytes);
          continue;
        }
        for (const line of bytes.toString('utf8', 0, lastNewline).split('\n')) this.extractor.feed(line);
        this.size += lastNewline + 1;
        carry = Buffer.from(bytes.subarray(lastNewline + 1));
        this.dirty = true;
        this.hay = null;
      }
      return true;
    } finally {
      await handle.close();
    }
  }

  /**
   * Writes the cache when the places changed since it was last written (true when it wrote). `dirMade`: the
   * caller knows the cache folder exists already.
   */
  async saveCache(home: string, dirMade = false): Promise<boolean> {
    if (!this.dirty) return false;
    const contents: CacheContents = {
      v: SEARCH_CACHE_VERSION,
      ino: this.ino,
      size: this.size,
      places: this.places.map((place) => [PLACE_KINDS.indexOf(place.kind), place.text]),
    };
    const file = cacheFile(home, this.sessionId);
    if (!dirMade) await makeSearchCacheDir(home);
    const tmp = `${file}.${randomUUID()}.tmp`;
    await fs.promises.writeFile(tmp, JSON.stringify(contents), { mode: PRIVATE_FILE_MODE });
    await fs.promises.rename(tmp, file);
    this.dirty = false;
    return true;
  }

  /**
   * The places whose text holds `lowered` (a query already lowercased), in order: at most `max` of them, each
   * with where the match begins in its text (null when lowercasing changed the text's length, and the
   * offset must be found again in the original).
   */
  find(lowered: string, max: number): { index: number; kind: PlaceKind; at: number | null }[] {
    const hay = this.haystack();
    const found: { index: number; kind: PlaceKind; at: number | null }[] = [];
    let from = 0;
    while (found.length < max) {
      const at = hay.text.indexOf(lowered, from);
      if (at < 0) break;
      const index = placeAt(hay.starts, at);
      const start = hay.starts[index] as number;
      const length = hay.lengths[index] as number;
      if (at + lowered.length > start + length) {
        // Across the separator into the next place: no match in this one; look on from the next.
        from = start + length + 1;
        continue;
      }
      const place = this.places[index] as Place;
      found.push({ index, kind: place.kind, at: length === place.text.length ? at - start : null });
      // One hit per place: look on from the next place.
      from = start + length + 1;
    }
    return found;
  }

  /** Builds what find() scans now rather than on the first query (the warm-up does, so that no search pays it). */
  prepare(): void {
    this.haystack();
  }

  private haystack(): { text: string; starts: number[]; lengths: number[] } {
    if (this.hay !== null) return this.hay;
    const starts: number[] = [];
    const lengths: number[] = [];
    const parts: string[] = [];
    let offset = 0;
    for (const place of this.places) {
      const lowered = place.text.toLowerCase();
      starts.push(offset);
      lengths.push(lowered.length);
      parts.push(lowered);
      offset += lowered.length + 1;
    }
    // A separator no typed query holds, so a match never spans two places (and is checked anyway).
    this.hay = { text: parts.join('\u0000'), starts, lengths };
    return this.hay;
  }
}

/** The index of the place whose span holds `offset`: the last start at or before it. */
function placeAt(starts: readonly number[], offset: number): number {
  let low = 0;
  let high = starts.length - 1;
  while (low < high) {
    const mid = (low + high + 1) >>> 1;
    if ((starts[mid] as number) <= offset) low = mid;
    else high = mid - 1;
  }
  return low;
}

/** Makes TANDEM_HOME/search/ if it is not there; not recursively: a home removed meanwhile is not made again. */
export async function makeSearchCacheDir(home: string): Promise<void> {
  await fs.promises.mkdir(searchCacheDir(home), { mode: PRIVATE_DIR_MODE }).catch((err: NodeJS.ErrnoException) => {
    if (err.code !== 'EEXIST') throw err;
  });
}

/** Forgets a session's cache (its session was deleted): what it said should not outlive it in a second place. */
export async function removeSearchCache(home: string, sessionId: string): Promise<void> {
  await fs.promises.rm(cacheFile(home, sessionId), { force: true });
}
