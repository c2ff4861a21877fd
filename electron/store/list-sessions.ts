import fs from 'node:fs';
import path from 'node:path';
import { sessionsDir } from './rollout-file-name.js';
import { rolloutFileNames } from './scan-rollouts.js';
import { indexMatchesFiles } from './session-index-check.js';
import { readIndex, type IndexEntry } from './session-index-file.js';
import { compactSessionIndex, rebuildSessionIndex } from './session-index-rewrite.js';

export interface SessionSummary {
  id: string;
  cwd: string;
  /** The first user request, shortened; empty until the session has one. */
  title: string;
  created_at: string;
  updated_at: string;
  /** The rollout file, absolute. */
  path: string;
}

/** Compact once superseded lines outnumber live ones this many times over (and the file is not tiny). */
const COMPACT_FACTOR = 4;
const COMPACT_MIN_LINES = 256;

/**
 * The index's entries: straight from index.jsonl when it is whole and names every rollout file there is,
 * else rebuilt from the rollout files (when it is missing, was re-created without its header, has damaged
 * lines, was cut short, or a rollout was added or removed behind its back).
 */
export async function indexEntries(home: string): Promise<Map<string, IndexEntry>> {
  const [index, files] = await Promise.all([readIndex(home), rolloutFileNames(home)]);
  if (index !== null && index.hasHeader && index.corruptLines === 0 && indexMatchesFiles(index, files)) {
    if (index.entryLines > Math.max(COMPACT_MIN_LINES, COMPACT_FACTOR * index.entries.size)) {
      // Compaction only saves space and time later; the listing below is right without it, so a failure
      // (a read-only home, say) must not fail the listing.
      await compactSessionIndex(home).catch(() => false);
    }
    return index.entries;
  }
  if (!fs.existsSync(sessionsDir(home))) return new Map();
  return (await rebuildSessionIndex(home)).entries;
}

export function summaryOf(home: string, entry: IndexEntry): SessionSummary {
  return { ...entry, path: path.join(sessionsDir(home), ...entry.path.split('/')) };
}

/** Sessions, most recently updated first, optionally only those started in `cwd`. */
export async function listSessions(home: string, opts: { cwd?: string; limit?: number } = {}): Promise<SessionSummary[]> {
  return sortedSummaries(home, [...(await indexEntries(home)).values()], opts);
}

/** The order every listing (and search) shows sessions in: latest update first, then latest created, then id. */
export function compareSessions(a: IndexEntry, b: IndexEntry): number {
  return compareDesc(a.updated_at, b.updated_at) || compareDesc(a.created_at, b.created_at) || compareDesc(a.id, b.id);
}

export function sortedSummaries(home: string, all: IndexEntry[], opts: { cwd?: string; limit?: number }): SessionSummary[] {
  const cwd = opts.cwd === undefined ? undefined : path.resolve(opts.cwd);
  const entries = all.filter((e) => cwd === undefined || path.resolve(e.cwd) === cwd);
  entries.sort(compareSessions);
  const limited = opts.limit === undefined ? entries : entries.slice(0, Math.max(0, opts.limit));
  return limited.map((e) => summaryOf(home, e));
}

function compareDesc(a: string, b: string): number {
  return a < b ? 1 : a > b ? -1 : 0;
}
