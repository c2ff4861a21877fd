import fs from 'node:fs';
import path from 'node:path';
import { PRIVATE_FILE_MODE } from '../home/private-home.js';
import { appendSync } from './append-line.js';
import { sessionsDir } from './rollout-file-name.js';

/*
 * The session index: TANDEM_HOME/sessions/index.jsonl, an append-only log of entry upserts.
 *
 * Why a log and not one small file per session: listing then costs one read and one parse of a file of
 * a few hundred KB for thousands of sessions, where a folder of files costs a readdir plus thousands of
 * opens. Why a log and not a rewritten JSON file: several Tandem processes (the app, `tandem exec`, a
 * `tandem serve`) record at once, and an O_APPEND write of one line is atomic on Linux local file systems
 * (the kernel serialises appends under the inode lock, and a line here stays well under PIPE_BUF), so
 * writers need no lock. Readers merge: per id, the entry with the latest `updated_at` wins, ties going to
 * the later line, which makes the order in which concurrent lines land irrelevant.
 *
 * The log is compacted (and rebuilt) by writing a new file and renaming it over the old; see
 * session-index-rewrite.ts for how appends racing with that are kept.
 *
 * A header line `{"tandem_session_index":1}` says the index was begun complete: written by a rebuild, a
 * compaction, or the first recorder of a new TANDEM_HOME. An index without one was re-created by an append
 * after someone deleted it, so it may miss sessions, and a reader rebuilds it from the rollout files.
 *
 * A header does not prove the index whole: it may have been cut short (a full disk, a copy interrupted), or
 * a rollout added or removed behind its back (copied in, deleted by hand, a crash between a rollout's
 * creation and its entry). So every listing also compares the index with the names in the day folders (one
 * readdir each, no rollout opened; see session-index-check.ts), and rebuilds it when they disagree. A file
 * that looks like a rollout by name but is none (or a second file of one session) is named in a line
 * `{"skipped_file": "YYYY/MM/DD/rollout-…jsonl"}`, so that it does not look unindexed to every listing.
 */

export const INDEX_FORMAT_VERSION = 1;

export function indexPath(home: string): string {
  return path.join(sessionsDir(home), 'index.jsonl');
}

export interface IndexEntry {
  id: string;
  cwd: string;
  title: string;
  created_at: string;
  updated_at: string;
  /** The rollout file relative to the sessions folder, '/'-separated, so a moved TANDEM_HOME still works. */
  path: string;
}

const ENTRY_FIELDS = ['id', 'cwd', 'title', 'created_at', 'updated_at', 'path'] as const;

/**
 * Checked by hand rather than with zod: every listing parses the whole index, and on thousands of lines a
 * schema check costs more than the JSON parse itself.
 */
function isIndexEntry(value: unknown): value is IndexEntry {
  if (typeof value !== 'object' || value === null) return false;
  const record = value as Record<string, unknown>;
  return ENTRY_FIELDS.every((field) => typeof record[field] === 'string');
}

function isIndexHeader(value: unknown): boolean {
  return typeof value === 'object' && value !== null && (value as Record<string, unknown>).tandem_session_index === INDEX_FORMAT_VERSION;
}

export const INDEX_HEADER_LINE = `${JSON.stringify({ tandem_session_index: INDEX_FORMAT_VERSION })}\n`;

export function entryLine(entry: IndexEntry): string {
  return `${JSON.stringify(entry)}\n`;
}

/** `file` relative to the sessions folder, '/'-separated, as IndexEntry.path. */
export function skippedLine(file: string): string {
  return `${JSON.stringify({ skipped_file: file })}\n`;
}

function skippedFileOf(value: unknown): string | null {
  if (typeof value !== 'object' || value === null) return null;
  const file = (value as Record<string, unknown>).skipped_file;
  return typeof file === 'string' ? file : null;
}

/** Keeps the newer of two entries for one session; a title, once known, is never lost to a newer untitled entry. */
export function mergeEntry(entries: Map<string, IndexEntry>, entry: IndexEntry): void {
  const known = entries.get(entry.id);
  if (!known) {
    entries.set(entry.id, entry);
    return;
  }
  const winner = entry.updated_at >= known.updated_at ? entry : known;
  const title = winner.title || known.title || entry.title;
  entries.set(entry.id, winner.title === title ? winner : { ...winner, title });
}

export interface ParsedIndex {
  entries: Map<string, IndexEntry>;
  /** Lines that held an entry, superseded ones included: what compaction would save. */
  entryLines: number;
  hasHeader: boolean;
  /** Complete lines that are neither header nor entry: a damaged index, to be rebuilt. */
  corruptLines: number;
  /** Files under sessions/ named like rollouts that a rebuild found no session in (see skippedLine). */
  skipped: Set<string>;
}

export function parseIndexText(text: string): ParsedIndex {
  const parsed: ParsedIndex = { entries: new Map(), entryLines: 0, hasHeader: false, corruptLines: 0, skipped: new Set() };
  const lines = text.split('\n');
  // The piece after the last newline is an append still under way (or cut by a power loss): not damage.
  lines.pop();
  for (const line of lines) {
    if (line === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      parsed.corruptLines += 1;
      continue;
    }
    if (isIndexEntry(value)) {
      parsed.entryLines += 1;
      // Only the known fields: an entry written by a later version may carry more.
      const { id, cwd, title, created_at, updated_at, path: file } = value;
      mergeEntry(parsed.entries, { id, cwd, title, created_at, updated_at, path: file });
    } else if (isIndexHeader(value)) {
      parsed.hasHeader = true;
    } else {
      const skipped = skippedFileOf(value);
      if (skipped !== null) parsed.skipped.add(skipped);
      else parsed.corruptLines += 1;
    }
  }
  return parsed;
}

/** The index as it is on disk, or null when there is none. */
export async function readIndex(home: string): Promise<ParsedIndex | null> {
  let text: string;
  try {
    text = await fs.promises.readFile(indexPath(home), 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
  return parseIndexText(text);
}

function inodeOf(file: string): number | null {
  try {
    return fs.statSync(file).ino;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
}

/**
 * Appends raw index lines. After writing, checks that the file written is still the index: a compaction
 * may have renamed a new file into place between our open and our write, and then the line went to the
 * replaced file. It is appended again to the new one (a duplicate is harmless, see mergeEntry). The
 * compaction copies lines that reached the old file before its rename, so between the two nothing is lost.
 */
export function appendIndexLines(home: string, text: string): void {
  const file = indexPath(home);
  for (let attempt = 0; attempt < 5; attempt += 1) {
    const fd = fs.openSync(file, 'a', PRIVATE_FILE_MODE);
    let writtenTo: number;
    try {
      appendSync(fd, text);
      writtenTo = fs.fstatSync(fd).ino;
    } finally {
      fs.closeSync(fd);
    }
    const current = inodeOf(file);
    if (current === writtenTo) return;
    // current === null: the index was deleted under us; the next append creates a headerless one, which
    // readers rebuild from the rollouts.
  }
}

export function appendIndexEntry(home: string, entry: IndexEntry): void {
  appendIndexLines(home, entryLine(entry));
}
