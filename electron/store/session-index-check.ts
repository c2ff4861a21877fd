import type { ParsedIndex } from './session-index-file.js';

/**
 * Whether the index names exactly the rollout files on disk (`files`, from rolloutFileNames): each one as
 * an entry's file or a skipped file, and nothing else. When it does not, it was cut short, or a rollout was
 * added or removed behind its back, and a listing from it would hide a session or show one that is gone.
 * Checking names costs one readdir per day folder and opens no rollout, so listing stays cheap.
 */
export function indexMatchesFiles(index: Pick<ParsedIndex, 'entries' | 'skipped'>, files: ReadonlySet<string>): boolean {
  const named = new Set(index.skipped);
  for (const entry of index.entries.values()) named.add(entry.path);
  if (named.size !== files.size) return false;
  for (const file of files) if (!named.has(file)) return false;
  return true;
}
