import type { Cell } from '../../conversation/cells.js';

/**
 * A first guess at a row's height in pixels, before it is drawn and measured: from the cell's kind and the
 * length of its text, at the widest layout (the 880 px column, 14 px type with 21 px lines). A close guess
 * keeps the scrollbar steady and the list from shifting while a long conversation is scrolled through
 * for the first time.
 */

/** The row's own padding (6 px above and below). */
const ROW_PADDING = 12;
const LINE = 21;
const CODE_LINE = 19;
/** Characters in a line of the column, of the user's bubble (80% of it), of monospaced output. */
const TEXT_CHARS = 115;
const BUBBLE_CHARS = 88;
const CODE_CHARS = 120;

/** Lines `text` wraps to at `width` characters a line. */
function wrappedLines(text: string, width: number): number {
  let lines = 0;
  let start = 0;
  for (;;) {
    const end = text.indexOf('\n', start);
    const length = (end === -1 ? text.length : end) - start;
    lines += Math.max(1, Math.ceil(length / width));
    if (end === -1) return lines;
    start = end + 1;
  }
}

/** Markdown: prose lines, paragraph gaps and fenced code (with the code block's padding and border). */
export function markdownHeight(text: string): number {
  let height = 0;
  let inFence = false;
  let start = 0;
  while (start <= text.length) {
    const end = text.indexOf('\n', start);
    const line = text.slice(start, end === -1 ? text.length : end);
    if (/^ {0,3}(```|~~~)/.test(line)) {
      height += inFence ? 22 + 10 : 0;
      inFence = !inFence;
    } else if (inFence) {
      height += CODE_LINE * Math.max(1, Math.ceil(line.length / CODE_CHARS));
    } else if (line.trim() === '') {
      height += 10 / 2;
    } else {
      height += LINE * Math.max(1, Math.ceil(line.length / TEXT_CHARS));
    }
    if (end === -1) break;
    start = end + 1;
  }
  return Math.round(height);
}

export function estimateCellHeight(cell: Cell): number {
  switch (cell.kind) {
    case 'user':
      return ROW_PADDING + 8 + 18 + LINE * wrappedLines(cell.text, BUBBLE_CHARS) + (cell.delivery === 'queued' ? 24 : 0);
    case 'assistant':
      return ROW_PADDING + markdownHeight(cell.text);
    case 'reasoning':
      return ROW_PADDING + 28;
    case 'command': {
      const hasOutput = cell.output.trim() !== '';
      // Output shows unfolded while the command runs and when it failed (up to the output box's 360 px).
      const open = cell.state === 'running' || (cell.state === 'done' && cell.exitCode !== 0);
      const output = open && hasOutput ? Math.min(360, 16 + CODE_LINE * wrappedLines(cell.output, CODE_CHARS)) + 6 : 0;
      return ROW_PADDING + 34 + (hasOutput ? 34 : 0) + output;
    }
    case 'patch':
      return 160;
    case 'approval':
      return 48;
    case 'plan':
      return ROW_PADDING + 40 + LINE * cell.plan.length;
    case 'turn_diff':
      return 44;
    case 'notice':
      return ROW_PADDING + 24 + LINE * (wrappedLines(cell.text, TEXT_CHARS) + (cell.advice ? wrappedLines(cell.advice, TEXT_CHARS) : 0));
    case 'undo':
      return 48;
    case 'compaction':
      return 64;
  }
}
