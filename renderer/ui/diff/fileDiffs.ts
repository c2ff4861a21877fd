import { parsePatch, type StructuredPatch } from 'diff';
import type { FileChange } from '../../../shared/protocol/index.js';

/** How a file fared: its content changed, it is new, it is gone, it moved (perhaps changed too), or git only says it differs. */
export type FileStatus = 'modified' | 'added' | 'deleted' | 'renamed' | 'binary';

/** One line of a file's diff, with its numbers in the old and the new file (null on the side it is not in). */
export interface DiffRow {
  kind: 'add' | 'delete' | 'context' | 'note';
  text: string;
  oldLine: number | null;
  newLine: number | null;
}

export interface DiffHunk {
  /** The first line numbers, for the "lines not shown" between hunks. */
  oldStart: number;
  newStart: number;
  rows: DiffRow[];
}

/** One file of a diff, ready to show: which file, what happened to it, and its lines. */
export interface FileDiff {
  /** The file as it is named now (the new name of a moved file, the old one of a deleted file). */
  path: string;
  /** The name it had before a move; null when it kept its name. */
  oldPath: string | null;
  status: FileStatus;
  hunks: DiffHunk[];
  added: number;
  removed: number;
}

function diffName(name: string | undefined): string | null {
  if (name === undefined || name === '' || name === '/dev/null') return null;
  return name.replace(/^[ab]\//, '');
}

function hunksOf(patch: StructuredPatch): { hunks: DiffHunk[]; added: number; removed: number } {
  let added = 0;
  let removed = 0;
  const hunks = patch.hunks.map((hunk) => {
    let oldLine = hunk.oldStart;
    let newLine = hunk.newStart;
    const rows: DiffRow[] = [];
    for (const line of hunk.lines) {
      const mark = line[0];
      const text = line.slice(1);
      if (mark === '+') {
        rows.push({ kind: 'add', text, oldLine: null, newLine: newLine++ });
        added += 1;
      } else if (mark === '-') {
        rows.push({ kind: 'delete', text, oldLine: oldLine++, newLine: null });
        removed += 1;
      } else if (mark === '\\') {
        rows.push({ kind: 'note', text: line.slice(2), oldLine: null, newLine: null });
      } else {
        rows.push({ kind: 'context', text, oldLine: oldLine++, newLine: newLine++ });
      }
    }
    return { oldStart: hunk.oldStart, newStart: hunk.newStart, rows };
  });
  return { hunks, added, removed };
}

function fromPatch(patch: StructuredPatch): FileDiff | null {
  const oldName = diffName(patch.oldFileName);
  const newName = diffName(patch.newFileName);
  const path = newName ?? oldName;
  if (path === null) return null;
  const { hunks, added, removed } = hunksOf(patch);
  const renamed = patch.isRename === true || (oldName !== null && newName !== null && oldName !== newName);
  const status: FileStatus = patch.isBinary
    ? 'binary'
    : oldName === null || patch.isCreate
      ? 'added'
      : newName === null || patch.isDelete
        ? 'deleted'
        : renamed
          ? 'renamed'
          : 'modified';
  return { path, oldPath: renamed ? oldName : null, status, hunks, added, removed };
}

/**
 * The files of a unified diff in git's format (a turn's changes), parsed by the `diff` package: git's headers
 * (`diff --git`, `index`, modes) become the file's status instead of lines to read.
 */
export function parseUnifiedDiff(text: string): FileDiff[] {
  if (text.trim() === '') return [];
  return parsePatch(text).flatMap((patch) => fromPatch(patch) ?? []);
}

function contentRows(content: string, kind: 'add' | 'delete'): DiffRow[] {
  const lines = content.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines.map((text, i) => ({ kind, text, oldLine: kind === 'delete' ? i + 1 : null, newLine: kind === 'add' ? i + 1 : null }));
}

/** The files of a patch (an approval request, a patch applied), in the same shape as a turn's diff. */
export function fileChangeDiffs(changes: Record<string, FileChange>): FileDiff[] {
  return Object.entries(changes).map(([path, change]): FileDiff => {
    switch (change.type) {
      case 'add': {
        const rows = contentRows(change.content, 'add');
        return { path, oldPath: null, status: 'added', hunks: [{ oldStart: 0, newStart: 1, rows }], added: rows.length, removed: 0 };
      }
      case 'delete': {
        const rows = contentRows(change.content, 'delete');
        return { path, oldPath: null, status: 'deleted', hunks: [{ oldStart: 1, newStart: 0, rows }], added: 0, removed: rows.length };
      }
      case 'update': {
        const patch = parsePatch(change.unified_diff)[0];
        const { hunks, added, removed } = patch ? hunksOf(patch) : { hunks: [], added: 0, removed: 0 };
        const moved = change.move_path ?? null;
        return moved ? { path: moved, oldPath: path, status: 'renamed', hunks, added, removed } : { path, oldPath: null, status: 'modified', hunks, added, removed };
      }
    }
  });
}

/** A run of unchanged lines long enough to fold, inside a hunk: the rows [start, end) of it. */
export type HunkPiece = { kind: 'rows'; rows: DiffRow[] } | { kind: 'fold'; id: string; rows: DiffRow[] };

/** Unchanged lines kept in sight on each side of a change; longer runs of them fold. */
export const CONTEXT_KEPT = 3;

/**
 * A hunk cut into what is shown and runs of unchanged lines folded away (longer than twice CONTEXT_KEPT and a
 * few more), so a long stretch of the same text does not push the changes apart. `key` makes the folds' ids.
 */
export function foldContext(hunk: DiffHunk, key: string): HunkPiece[] {
  const pieces: HunkPiece[] = [];
  let shown: DiffRow[] = [];
  let i = 0;
  const rows = hunk.rows;
  while (i < rows.length) {
    if (rows[i]?.kind !== 'context') {
      shown.push(rows[i]!);
      i += 1;
      continue;
    }
    let end = i;
    while (end < rows.length && rows[end]?.kind === 'context') end += 1;
    const keepBefore = i === 0 ? 0 : CONTEXT_KEPT;
    const keepAfter = end === rows.length ? 0 : CONTEXT_KEPT;
    const folded = end - i - keepBefore - keepAfter;
    if (folded >= 4) {
      shown.push(...rows.slice(i, i + keepBefore));
      if (shown.length) pieces.push({ kind: 'rows', rows: shown });
      pieces.push({ kind: 'fold', id: `${key}:${i + keepBefore}`, rows: rows.slice(i + keepBefore, end - keepAfter) });
      shown = rows.slice(end - keepAfter, end);
    } else {
      shown.push(...rows.slice(i, end));
    }
    i = end;
  }
  if (shown.length) pieces.push({ kind: 'rows', rows: shown });
  return pieces;
}

export const STATUS_WORDS: Record<FileStatus, string> = {
  modified: 'Modified',
  added: 'Added',
  deleted: 'Deleted',
  renamed: 'Renamed',
  binary: 'Binary',
};
