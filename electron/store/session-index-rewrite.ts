import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { PRIVATE_DIR_MODE, PRIVATE_FILE_MODE } from '../home/private-home.js';
import {
  INDEX_HEADER_LINE,
  appendIndexLines,
  entryLine,
  indexPath,
  mergeEntry,
  parseIndexText,
  readIndex,
  skippedLine,
  type IndexEntry,
  type ParsedIndex,
} from './session-index-file.js';
import { sessionsDir } from './rollout-file-name.js';
import { readRolloutHead, walkRolloutFiles } from './scan-rollouts.js';

/** What a rewritten index holds: the entries, and the files named like rollouts that are none (see skippedLine). */
export interface IndexContents {
  entries: Map<string, IndexEntry>;
  skipped: Set<string>;
}

function indexText({ entries, skipped }: IndexContents): string {
  const paths = new Set([...entries.values()].map((entry) => entry.path));
  const lines = [...entries.values()].map(entryLine);
  // A file that has become a session since it was skipped is covered by its entry.
  for (const file of skipped) if (!paths.has(file)) lines.push(skippedLine(file));
  return INDEX_HEADER_LINE + lines.join('');
}

/*
 * Rewriting the index (compaction, rebuild) is the one operation that is not a plain append. It runs
 * under a lock file so that two rewriters do not race each other; appenders take no lock. The new index
 * is written beside the old and renamed over it, so a reader sees one or the other, never half. Appends
 * that land in the old file while we work are not lost: we read the old file through an fd opened before
 * the rename, and after the rename copy whatever was appended past the point we had read. Appends that
 * reach the old file after that copy are caught by the appender itself (see appendIndexLines).
 */

/** A lock older than this was left by a process that died mid-rewrite. Rewrites take well under it. */
const LOCK_STALE_MS = 2 * 60_000;

function lockPath(home: string): string {
  return `${indexPath(home)}.lock`;
}

/** The lock's release, or null when another process holds it. */
function tryLock(home: string): (() => void) | null {
  const file = lockPath(home);
  for (let attempt = 0; attempt < 2; attempt += 1) {
    try {
      const fd = fs.openSync(file, 'wx', PRIVATE_FILE_MODE);
      fs.writeSync(fd, `${process.pid}\n`);
      fs.closeSync(fd);
      return () => fs.rmSync(file, { force: true });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    try {
      if (Date.now() - fs.statSync(file).mtimeMs < LOCK_STALE_MS) return null;
      fs.rmSync(file, { force: true });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    }
  }
  return null;
}

function readFrom(fd: number, position: number): Buffer {
  const chunks: Buffer[] = [];
  for (;;) {
    const chunk = Buffer.alloc(256 * 1024);
    const n = fs.readSync(fd, chunk, 0, chunk.length, position);
    if (n === 0) break;
    chunks.push(chunk.subarray(0, n));
    position += n;
  }
  return Buffer.concat(chunks);
}

/** Bytes up to and including the last newline: lines an appender has finished. */
function completeLines(bytes: Buffer): Buffer {
  return bytes.subarray(0, bytes.lastIndexOf(0x0a) + 1);
}

/**
 * Replaces the index with a header and the contents `build` returns from the old index (null when there is
 * none). `build` may return null to leave the index alone. Resolves to the contents written, or null when
 * another process holds the lock or `build` declined.
 */
export async function rewriteIndex(home: string, build: (old: ParsedIndex | null) => Promise<IndexContents | null>): Promise<IndexContents | null> {
  const release = tryLock(home);
  if (!release) return null;
  const file = indexPath(home);
  let oldFd: number | null = null;
  try {
    try {
      oldFd = fs.openSync(file, 'r');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    }
    // Read only finished lines, so one being appended right now is picked up whole from the tail below.
    const oldBytes = oldFd === null ? null : completeLines(readFrom(oldFd, 0));
    const contents = await build(oldBytes === null ? null : parseIndexText(oldBytes.toString('utf8')));
    if (contents === null) return null;
    const tmp = `${file}.${process.pid}.${randomUUID()}.tmp`;
    fs.writeFileSync(tmp, indexText(contents), { mode: PRIVATE_FILE_MODE });
    fs.renameSync(tmp, file);
    if (oldFd !== null && oldBytes !== null) {
      const tail = completeLines(readFrom(oldFd, oldBytes.length));
      if (tail.length > 0) appendIndexLines(home, tail.toString('utf8'));
    }
    return contents;
  } finally {
    if (oldFd !== null) fs.closeSync(oldFd);
    release();
  }
}

/**
 * Drops superseded entries. Only a complete index is compacted: compaction writes the header, which would
 * otherwise vouch for an index that may miss sessions. Resolves to whether it compacted.
 */
export async function compactSessionIndex(home: string): Promise<boolean> {
  const written = await rewriteIndex(home, async (old) =>
    old !== null && old.hasHeader && old.corruptLines === 0 ? old : null,
  );
  return written !== null;
}

export interface RebuiltIndex {
  entries: Map<string, IndexEntry>;
  /** False when another process was rewriting the index: the entries are still right, only not saved. */
  written: boolean;
  /** Files under sessions/ that look like rollouts by name but do not start with session metadata. */
  warnings: string[];
}

const SCAN_BATCH = 64;

/**
 * One entry per rollout file, from the file itself: its metadata, first request and last write time; and
 * every file found, relative to the sessions folder.
 */
async function scanRollouts(home: string): Promise<{ entries: Map<string, IndexEntry>; files: string[]; warnings: string[] }> {
  const root = sessionsDir(home);
  const files: string[] = [];
  await walkRolloutFiles(home, (file) => {
    files.push(file);
  });
  const entries = new Map<string, IndexEntry>();
  const warnings: string[] = [];
  for (let i = 0; i < files.length; i += SCAN_BATCH) {
    const batch = files.slice(i, i + SCAN_BATCH);
    const heads = await Promise.all(
      batch.map(async (file) => {
        try {
          // The whole file: a name the person gave the session may be anywhere in it, and must survive a rebuild.
          const [head, stat] = await Promise.all([readRolloutHead(file, { wholeFile: true }), fs.promises.stat(file)]);
          return { file, head, stat };
        } catch (err) {
          // Deleted between the walk and the read: nothing to index.
          if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
          throw err;
        }
      }),
    );
    for (const found of heads) {
      if (found === null) continue;
      const { file, head, stat } = found;
      if (head === null) {
        warnings.push(`${file}: not indexed, its first line is not session metadata`);
        continue;
      }
      const modified = stat.mtime.toISOString();
      mergeEntry(entries, {
        id: head.meta.session_id,
        cwd: head.meta.cwd,
        title: head.title,
        created_at: head.meta.created_at,
        updated_at: modified > head.meta.created_at ? modified : head.meta.created_at,
        path: path.relative(root, file).split(path.sep).join('/'),
      });
    }
  }
  return { entries, files: files.map((file) => path.relative(root, file).split(path.sep).join('/')), warnings };
}

/**
 * The rollout files' entries, plus those of the old index whose files still exist: a session created
 * while we walked the folders is in the index though the walk may have missed its file. The files found
 * that no entry names (not rollouts, or a second file of one session) are skipped.
 */
async function entriesFromFiles(home: string, old: ParsedIndex | null, warnings: string[]): Promise<IndexContents> {
  const scanned = await scanRollouts(home);
  warnings.push(...scanned.warnings);
  const entries = scanned.entries;
  for (const entry of old?.entries.values() ?? []) {
    if (entries.has(entry.id) || fs.existsSync(path.join(sessionsDir(home), entry.path))) mergeEntry(entries, entry);
  }
  const indexed = new Set([...entries.values()].map((entry) => entry.path));
  return { entries, skipped: new Set(scanned.files.filter((file) => !indexed.has(file))) };
}

/**
 * Rebuilds the index from the rollout files, for when it is missing or damaged. The entries come back even
 * when they cannot be saved (another process is rewriting the index, or the write failed): a listing
 * stays right, only slower until a later rebuild saves.
 */
export async function rebuildSessionIndex(home: string): Promise<RebuiltIndex> {
  let warnings: string[] = [];
  let saveError: string | null = null;
  try {
    await fs.promises.mkdir(sessionsDir(home), { recursive: true, mode: PRIVATE_DIR_MODE });
    const written = await rewriteIndex(home, (old) => entriesFromFiles(home, old, warnings));
    if (written !== null) return { entries: written.entries, written: true, warnings };
  } catch (err) {
    saveError = (err as Error).message;
  }
  warnings = [];
  const old = await readIndex(home).catch(() => null);
  const { entries } = await entriesFromFiles(home, old, warnings);
  if (saveError !== null) warnings.push(`could not save the rebuilt session index: ${saveError}`);
  return { entries, written: false, warnings };
}
