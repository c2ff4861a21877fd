/**
 * Fuzzy ranking of project paths for @-mentions, in the manner of fzf's first algorithm: the query's letters
 * must appear in order; among the places they do, the shortest stretch wins, and letters that follow one
 * another, start a word or fall in the file's own name score more. Written here rather than taken from a
 * library because it is small, because paths want the file-name bonus, and because a worker-free scan of
 * 50,000 prepared paths stays within a few milliseconds this way.
 */

export interface PreparedPath {
  path: string;
  lower: string;
  /** Where the file's own name starts (after the last `/`). */
  nameStart: number;
  /** How many folders deep the file is. */
  depth: number;
}

function depthOf(path: string): number {
  let depth = 0;
  for (let i = path.indexOf('/'); i >= 0; i = path.indexOf('/', i + 1)) depth++;
  return depth;
}

export function preparePaths(paths: readonly string[]): PreparedPath[] {
  return paths.map((path) => ({ path, lower: path.toLowerCase(), nameStart: path.lastIndexOf('/') + 1, depth: depthOf(path) }));
}

const MATCH = 16;
const CONSECUTIVE = 12;
const AFTER_SLASH = 14;
const WORD_START = 10;
const GAP_START = 3;
const GAP_EXTEND = 1;
const IN_NAME = 24;
const NAME_PREFIX = 30;
const EXACT_NAME = 60;

function isSeparator(char: string | undefined): boolean {
  return char === '_' || char === '-' || char === '.' || char === ' ';
}

/** How well `query` (lower case, no spaces) matches one path, or null when it does not. */
export function scorePath(target: PreparedPath, query: string): number | null {
  const { lower, path } = target;
  if (query.length === 0) return 0;
  // Forward: the earliest place the whole query fits ends at `end`.
  let q = 0;
  let end = -1;
  for (let i = 0; i < lower.length; i++) {
    if (lower.charCodeAt(i) === query.charCodeAt(q) && ++q === query.length) {
      end = i;
      break;
    }
  }
  if (end < 0) return null;
  // Backward from there: the latest start, so the stretch is as short as it can be.
  q = query.length - 1;
  let start = end;
  for (let i = end; i >= 0; i--) {
    if (lower.charCodeAt(i) === query.charCodeAt(q) && --q < 0) {
      start = i;
      break;
    }
  }
  // A match confined to the file's name is worth looking for there too, even if a shorter stretch lies earlier.
  const inName = lower.lastIndexOf(query[0]!) >= target.nameStart ? nameMatchStart(lower, query, target.nameStart) : -1;
  if (inName >= 0) start = inName;

  let score = 0;
  let previous = -2;
  q = 0;
  for (let i = start; i < lower.length && q < query.length; i++) {
    if (lower.charCodeAt(i) !== query.charCodeAt(q)) continue;
    score += MATCH;
    const before = path[i - 1];
    if (previous === i - 1) score += CONSECUTIVE;
    else if (previous >= 0) score -= GAP_START + GAP_EXTEND * (i - previous - 2);
    if (i === 0 || before === '/') score += AFTER_SLASH;
    else if (isSeparator(before) || (path[i] !== lower[i] && before !== undefined && before === before.toLowerCase())) score += WORD_START;
    previous = i;
    q++;
  }
  if (start >= target.nameStart) score += IN_NAME;
  const name = lower.slice(target.nameStart);
  if (name.startsWith(query)) score += NAME_PREFIX;
  if (name === query || name.replace(/\.[^.]*$/, '') === query) score += EXACT_NAME;
  // Shorter paths first among equals.
  return score - lower.length * 0.1;
}

function nameMatchStart(lower: string, query: string, from: number): number {
  let q = 0;
  let first = -1;
  for (let i = from; i < lower.length; i++) {
    if (lower.charCodeAt(i) !== query.charCodeAt(q)) continue;
    if (q === 0) first = i;
    if (++q === query.length) return first;
  }
  return -1;
}

/** Whether `a` is offered before `b` when nothing is typed yet: shallow ones first, then by name. */
function browsesBefore(a: PreparedPath, b: PreparedPath): boolean {
  return a.depth < b.depth || (a.depth === b.depth && a.path < b.path);
}

/**
 * The first `limit` paths in the order to offer them when nothing is typed yet (see browsesBefore). Only those
 * are kept in order as the list goes by, so 200,000 paths cost one pass, not a sort of all of them.
 */
export function browseFirst(prepared: readonly PreparedPath[], limit: number): string[] {
  const best: PreparedPath[] = [];
  if (limit <= 0) return [];
  for (const entry of prepared) {
    if (best.length === limit && !browsesBefore(entry, best[limit - 1]!)) continue;
    let at = best.length;
    while (at > 0 && browsesBefore(entry, best[at - 1]!)) at--;
    best.splice(at, 0, entry);
    if (best.length > limit) best.pop();
  }
  return best.map((entry) => entry.path);
}

interface Scored {
  path: string;
  score: number;
}

/** Whether `a` ranks before `b`: higher score, then the path in code-unit order. */
function ranksBefore(a: Scored, b: Scored): boolean {
  return a.score > b.score || (a.score === b.score && a.path < b.path);
}

/** The `limit` best paths for `query` (spaces ignored, any case), best first. */
export function rankPaths(prepared: readonly PreparedPath[], query: string, limit: number): { paths: string[]; matched: number } {
  const wanted = query.toLowerCase().replace(/\s+/g, '');
  // Only the best `limit` are kept, in order: a query that matches 200,000 paths sorts 50 of them, not all.
  const best: Scored[] = [];
  let matched = 0;
  for (const target of prepared) {
    const score = scorePath(target, wanted);
    if (score === null) continue;
    matched++;
    const entry = { path: target.path, score };
    if (best.length === limit && (limit === 0 || !ranksBefore(entry, best[limit - 1]!))) continue;
    let at = best.length;
    while (at > 0 && ranksBefore(entry, best[at - 1]!)) at--;
    best.splice(at, 0, entry);
    if (best.length > limit) best.pop();
  }
  return { paths: best.map((entry) => entry.path), matched };
}
