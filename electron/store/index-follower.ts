import fs from 'node:fs';
import { indexEntries, sortedSummaries, type SessionSummary } from './list-sessions.js';
import { rolloutFileNames } from './scan-rollouts.js';
import { indexMatchesFiles } from './session-index-check.js';
import { indexPath, mergeEntry, parseIndexText, type IndexEntry } from './session-index-file.js';

/**
 * The session index as a long-running host keeps it: read whole once, then followed by the bytes appended to
 * index.jsonl since (it is a log of upserts, so the new lines merge into what was read), and read whole again
 * only when it was rewritten (compacted, rebuilt, or a session deleted: another inode) or cannot be followed.
 * Every reading still compares the index with the rollout files' names, as listSessions does, so that a
 * rollout added or removed behind its back is seen at once (and the index rebuilt).
 */
export class IndexFollower {
  private entries = new Map<string, IndexEntry>();
  private skipped = new Set<string>();
  /** The inode of index.jsonl and how many of its bytes (whole lines) were read; null before the first reading. */
  private at: { ino: number; size: number } | null = null;
  private queue: Promise<unknown> = Promise.resolve();
  /** When (performance.now()) the index was last found to name every rollout file; -Infinity before. */
  private namesCheckedAt = -Infinity;

  constructor(private readonly home: string) {}

  /**
   * The entries now, by id. The map is the follower's own: read it, never change it. One reading at a time.
   * The index is always followed; the check of its names against the rollout files (a readdir of every day
   * folder) can be skipped when one passed less than `namesCheckedWithinMs` ago: search, asked at every
   * keystroke, takes that, and the listing never does.
   */
  current(options: { namesCheckedWithinMs?: number } = {}): Promise<ReadonlyMap<string, IndexEntry>> {
    const reading = this.queue.then(() => this.read(options.namesCheckedWithinMs ?? 0));
    this.queue = reading.catch(() => undefined);
    return reading;
  }

  private async read(namesCheckedWithinMs: number): Promise<ReadonlyMap<string, IndexEntry>> {
    if (performance.now() - this.namesCheckedAt < namesCheckedWithinMs && (await this.follow())) return this.entries;
    const [followed, files] = await Promise.all([this.follow(), rolloutFileNames(this.home)]);
    if (followed && indexMatchesFiles({ entries: this.entries, skipped: this.skipped }, files)) {
      this.namesCheckedAt = performance.now();
      return this.entries;
    }
    await this.readWhole();
    this.namesCheckedAt = performance.now();
    return this.entries;
  }

  /** As listSessions: most recently updated first, optionally only those started in `cwd`. */
  async list(opts: { cwd?: string; limit?: number } = {}): Promise<SessionSummary[]> {
    return sortedSummaries(this.home, [...(await this.current()).values()], opts);
  }

  /** Reads what was appended since; false when the index must be read whole instead. */
  private async follow(): Promise<boolean> {
    const at = this.at;
    if (at === null) return false;
    let handle: fs.promises.FileHandle;
    try {
      handle = await fs.promises.open(indexPath(this.home), 'r');
    } catch {
      return false;
    }
    try {
      const stat = await handle.stat();
      if (stat.ino !== at.ino || stat.size < at.size) return false;
      if (stat.size === at.size) return true;
      const bytes = Buffer.alloc(stat.size - at.size);
      const { bytesRead } = await handle.read(bytes, 0, bytes.length, at.size);
      const whole = bytes.subarray(0, bytes.subarray(0, bytesRead).lastIndexOf(0x0a) + 1);
      const parsed = parseIndexText(whole.toString('utf8'));
      if (parsed.corruptLines > 0) return false;
      for (const entry of parsed.entries.values()) mergeEntry(this.entries, entry);
      for (const file of parsed.skipped) this.skipped.add(file);
      this.at = { ino: at.ino, size: at.size + whole.length };
      return true;
    } finally {
      await handle.close();
    }
  }

  /**
   * The listing's own reading (which rebuilds an index that is missing, damaged or out of step with the
   * files), then the index as it now is on disk, to follow from.
   */
  private async readWhole(): Promise<void> {
    const entries = await indexEntries(this.home);
    this.at = null;
    this.entries = new Map(entries);
    this.skipped = new Set();
    let handle: fs.promises.FileHandle;
    try {
      handle = await fs.promises.open(indexPath(this.home), 'r');
    } catch {
      return;
    }
    try {
      const stat = await handle.stat();
      const bytes = Buffer.alloc(stat.size);
      const { bytesRead } = await handle.read(bytes, 0, bytes.length, 0);
      const whole = bytes.subarray(0, bytes.subarray(0, bytesRead).lastIndexOf(0x0a) + 1);
      const parsed = parseIndexText(whole.toString('utf8'));
      // Followed only when what is on disk is the whole, healthy index the listing just saw.
      if (!parsed.hasHeader || parsed.corruptLines > 0 || parsed.entries.size !== entries.size) return;
      this.entries = parsed.entries;
      this.skipped = parsed.skipped;
      this.at = { ino: stat.ino, size: whole.length };
    } finally {
      await handle.close();
    }
  }
}
