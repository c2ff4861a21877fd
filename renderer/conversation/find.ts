import type { FileChange } from '../../shared/protocol/index.js';
import type { Cell } from './cells.js';

/**
 * The kinds of text a session search tells apart (shared/host/contract.ts › SearchHitKind, titles aside), and
 * `other` for text the window shows but the host does not index.
 */
export type PlaceKind = 'user' | 'assistant' | 'reasoning' | 'command' | 'output' | 'patch' | 'other';

/** One stretch of a cell's text that a search looks in. */
export interface Place {
  kind: PlaceKind;
  text: string;
}

function changeText(path: string, change: FileChange): string {
  if (change.type === 'update') return [path, change.move_path ?? '', change.unified_diff].filter((part) => part !== '').join('\n');
  return `${path}\n${change.content}`;
}

function changesText(changes: Record<string, FileChange>): string {
  return Object.entries(changes)
    .map(([path, change]) => changeText(path, change))
    .join('\n');
}

function lines(...parts: (string | null | undefined)[]): string {
  return parts.filter((part): part is string => typeof part === 'string' && part !== '').join('\n');
}

/**
 * Where a cell keeps its words, in the order the window shows them. A command has two places, its command
 * line and its output, as the host's search counts them; a patch one, every path with its change.
 */
export function placesOf(cell: Cell): Place[] {
  switch (cell.kind) {
    case 'user':
    case 'assistant':
    case 'reasoning':
      return [{ kind: cell.kind, text: cell.text }];
    case 'command':
      return [
        { kind: 'command', text: cell.command.join(' ') },
        { kind: 'output', text: cell.output },
      ];
    case 'patch':
      return [{ kind: 'patch', text: changesText(cell.changes) }];
    case 'approval': {
      const what = cell.request.type === 'exec' ? cell.request.command.join(' ') : changesText(cell.request.changes);
      return [{ kind: 'other', text: lines(what, cell.reason) }];
    }
    case 'plan':
      return [{ kind: 'other', text: lines(cell.explanation, ...cell.plan.map((item) => item.step)) }];
    case 'turn_diff':
      return [{ kind: 'other', text: cell.unifiedDiff }];
    case 'notice':
    case 'undo':
      return [{ kind: 'other', text: lines(cell.text, cell.advice) }];
    case 'compaction':
      return [{ kind: 'other', text: cell.note ?? '' }];
  }
}

/** The kinds the host's search numbers its occurrences over. */
const INDEXED: ReadonlySet<PlaceKind> = new Set(['user', 'assistant', 'reasoning', 'command', 'output', 'patch']);

interface Folded {
  /** Every place's text, lower-cased, joined by a character no query typed in one line holds. */
  all: string;
  /** The indexed places' texts, lower-cased, in order. */
  indexed: string[];
}

// Cells are immutable, so a cell's folded text holds for its life, and goes with it.
const folded = new WeakMap<Cell, Folded>();

function foldedOf(cell: Cell): Folded {
  let entry = folded.get(cell);
  if (entry === undefined) {
    const places = placesOf(cell);
    entry = {
      all: places.map((place) => place.text.toLowerCase()).join('\0'),
      indexed: places.filter((place) => INDEXED.has(place.kind)).map((place) => place.text.toLowerCase()),
    };
    folded.set(cell, entry);
  }
  return entry;
}

/** The query as it is compared: lower-cased, literally; an empty query finds nothing. */
function foldQuery(query: string): string {
  return query.toLowerCase();
}

/** The indices of the cells whose text holds the query (case-insensitive, literal), in order. */
export function findMatches(cells: readonly Cell[], query: string): number[] {
  const needle = foldQuery(query);
  if (needle === '') return [];
  const found: number[] = [];
  for (let i = 0; i < cells.length; i += 1) {
    const cell = cells[i];
    if (cell && foldedOf(cell).all.includes(needle)) found.push(i);
  }
  return found;
}

/**
 * The cell that holds a session search's hit: the host numbers from 0 the places (of the kinds it indexes)
 * whose text holds the query, in order. When the numbering disagrees with what the window holds (output cut
 * to keep the window light, say), the first cell that holds the query stands in; null when none does.
 */
export function cellIndexForHit(cells: readonly Cell[], query: string, occurrence: number): number | null {
  const needle = foldQuery(query);
  if (needle === '') return null;
  let seen = 0;
  for (let i = 0; i < cells.length; i += 1) {
    const cell = cells[i];
    if (!cell) continue;
    for (const text of foldedOf(cell).indexed) {
      if (!text.includes(needle)) continue;
      if (seen === occurrence) return i;
      seen += 1;
    }
  }
  return findMatches(cells, query)[0] ?? null;
}

/**
 * Whether the query sits in a part of the cell that folds away (a command's output, reasoning, a diff), so
 * that showing the match means opening the fold.
 */
export function foldHidesMatch(cell: Cell, query: string): boolean {
  const needle = foldQuery(query);
  if (needle === '') return false;
  switch (cell.kind) {
    case 'command':
      return cell.output.toLowerCase().includes(needle);
    case 'reasoning':
    case 'patch':
    case 'turn_diff':
      return foldedOf(cell).all.includes(needle);
    default:
      return false;
  }
}

/** `[start, end)` of each match of the query in a text (UTF-16 offsets), case-insensitive, not overlapping. */
export function matchRanges(text: string, query: string): [number, number][] {
  if (query === '') return [];
  const ranges: [number, number][] = [];
  const lowerText = text.toLowerCase();
  const lowerQuery = query.toLowerCase();
  if (lowerText.length === text.length) {
    for (let at = lowerText.indexOf(lowerQuery); at !== -1; at = lowerText.indexOf(lowerQuery, at + lowerQuery.length)) {
      ranges.push([at, at + lowerQuery.length]);
    }
    return ranges;
  }
  // A few letters change length when lower-cased (İ becomes i and a combining dot), which would shift the
  // offsets: match the original text instead, with the regular expression's own case folding.
  const pattern = new RegExp(query.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'giu');
  for (const match of text.matchAll(pattern)) ranges.push([match.index, match.index + match[0].length]);
  return ranges;
}

/** "3 of 17", or "No matches"; nothing before a query is typed. */
export function matchCountText(query: string, total: number, position: number | null): string {
  if (query === '') return '';
  if (total === 0) return 'No matches';
  return `${position === null ? '–' : position + 1} of ${total}`;
}

/** The position in `matches` of the one after (step 1) or before (step -1) `current`, wrapping; null when none. */
export function stepMatch(matches: readonly number[], current: number | null, step: 1 | -1): number | null {
  if (matches.length === 0) return null;
  if (current === null) return step === 1 ? 0 : matches.length - 1;
  return (current + step + matches.length) % matches.length;
}

/** The position in `matches` (sorted) of the first match at or after cell `from`, wrapping to the first. */
export function firstMatchFrom(matches: readonly number[], from: number): number | null {
  if (matches.length === 0) return null;
  let low = 0;
  let high = matches.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if ((matches[middle] ?? 0) < from) low = middle + 1;
    else high = middle;
  }
  return low < matches.length ? low : 0;
}
