import type { FileChange } from '../../../shared/protocol/index.js';

export type DiffLineKind = 'add' | 'delete' | 'hunk' | 'meta' | 'context';

export function diffLineKind(line: string): DiffLineKind {
  if (line.startsWith('+++') || line.startsWith('---') || line.startsWith('diff ') || line.startsWith('index ')) return 'meta';
  if (line.startsWith('@@')) return 'hunk';
  if (line.startsWith('+')) return 'add';
  if (line.startsWith('-')) return 'delete';
  return 'context';
}

/** One file's change as unified-diff lines: an added file is all `+`, a deleted one all `-`. */
export function fileChangeLines(change: FileChange): string[] {
  switch (change.type) {
    case 'add':
      return contentLines(change.content).map((line) => `+${line}`);
    case 'delete':
      return contentLines(change.content).map((line) => `-${line}`);
    case 'update':
      return contentLines(change.unified_diff);
  }
}

function contentLines(text: string): string[] {
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}

export interface DiffCounts {
  added: number;
  deleted: number;
}

export function countDiffLines(lines: readonly string[]): DiffCounts {
  let added = 0;
  let deleted = 0;
  for (const line of lines) {
    const kind = diffLineKind(line);
    if (kind === 'add') added += 1;
    else if (kind === 'delete') deleted += 1;
  }
  return { added, deleted };
}

/** The files a unified diff touches, from its `diff --git a/x b/x` or `+++ b/x` lines. */
export function diffFiles(unifiedDiff: string): string[] {
  const files: string[] = [];
  for (const line of unifiedDiff.split('\n')) {
    const git = /^diff --git a\/(.+) b\/(.+)$/.exec(line);
    if (git?.[2] !== undefined) files.push(git[2]);
    else if (line.startsWith('+++ ') && !line.startsWith('+++ /dev/null') && !files.length) {
      files.push(line.slice(4).replace(/^b\//, ''));
    }
  }
  return [...new Set(files)];
}
