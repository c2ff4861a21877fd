/**
 * Splits a Markdown message that is still arriving into blocks that later text cannot change (settled) and the
 * growing rest (the tail), so that a streaming message parses each settled block once instead of the whole
 * text on every delta.
 *
 * A block settles at
 * - a blank line outside a fenced code block, once the next line has begun and is not indented (an indented
 *   line may continue a list item, which the blank line would otherwise cut in two);
 * - the line that closes an unindented fenced code block (nothing after the fence can belong to it);
 * - the start of an unindented fence (a fence ends any paragraph or list before it).
 * While streaming, constructs that span blank lines (loose lists, reference links defined further down) can
 * show a little differently from the final text, which is rendered whole.
 */
export interface StreamingSplit {
  /** The text this split was made of. */
  source: string;
  /** Settled blocks, in order; their concatenation is the start of `source`. */
  settled: string[];
  /** How many characters of `source` the settled blocks hold. */
  settledLength: number;
  /** The rest of `source`. */
  tail: string;
  /** Set when the tail is an unindented fenced code block still open: its language and the code so far. */
  openFence: { language: string; code: string } | null;
}

interface Fence {
  marker: '`' | '~';
  length: number;
  indent: number;
}

const FENCE_OPEN = /^( {0,3})(`{3,}|~{3,})(.*)$/;
const FENCE_CLOSE = /^ {0,3}(`{3,}|~{3,})[ \t]*$/;
const BLANK = /^[ \t]*$/;

function openingFence(line: string): (Fence & { info: string }) | null {
  const match = FENCE_OPEN.exec(line);
  if (!match) return null;
  const [, indent = '', run = '', info = ''] = match;
  // A backtick fence's info string may not hold a backtick (that is inline code, ```like this```).
  if (run[0] === '`' && info.includes('`')) return null;
  return { marker: run[0] === '`' ? '`' : '~', length: run.length, indent: indent.length, info: info.trim() };
}

function closes(line: string, fence: Fence): boolean {
  const match = FENCE_CLOSE.exec(line);
  const run = match?.[1];
  return run !== undefined && run[0] === fence.marker && run.length >= fence.length;
}

/**
 * Whether `text` goes on from what `previous` settled. A streaming message only ever grows at its end, so
 * comparing the last settled block (rather than all of them, on every delta) tells a continuation from a
 * different text.
 */
function continues(text: string, previous: StreamingSplit): boolean {
  const last = previous.settled[previous.settled.length - 1] ?? '';
  return text.length >= previous.settledLength && text.startsWith(last, previous.settledLength - last.length);
}

/**
 * `previous`: the split of an earlier state of the same message. When `text` still starts with its settled
 * blocks, scanning resumes after them, so a stream costs time in proportion to what arrives.
 */
export function splitStreamingMarkdown(text: string, previous?: StreamingSplit): StreamingSplit {
  const resume = previous !== undefined && continues(text, previous);
  const settled = resume ? [...previous.settled] : [];
  let blockStart = resume ? previous.settledLength : 0;
  let fence: (Fence & { info: string; start: number }) | null = null;
  let afterBlank = false;

  const settle = (end: number) => {
    if (end > blockStart) settled.push(text.slice(blockStart, end));
    blockStart = end;
  };

  let lineStart = blockStart;
  for (;;) {
    const newline = text.indexOf('\n', lineStart);
    // The last line is still being written: it stays in the tail whatever it looks like so far.
    if (newline === -1) break;
    const line = text.slice(lineStart, newline);
    const next = newline + 1;

    if (fence) {
      if (closes(line, fence)) {
        const unindented = fence.indent === 0;
        fence = null;
        if (unindented) settle(next);
      }
      lineStart = next;
      continue;
    }

    if (BLANK.test(line)) {
      if (lineStart > blockStart) afterBlank = true;
      lineStart = next;
      continue;
    }
    if (afterBlank) {
      afterBlank = false;
      if (line[0] !== ' ' && line[0] !== '\t') settle(lineStart);
    }
    const opening = openingFence(line);
    if (opening) {
      if (opening.indent === 0) settle(lineStart);
      fence = { ...opening, start: lineStart };
    }
    lineStart = next;
  }
  // The first character of the line being written already says whether it continues the block above.
  const first = text[lineStart];
  if (!fence && afterBlank && first !== undefined && first !== ' ' && first !== '\t') settle(lineStart);

  const tail = text.slice(blockStart);
  let openFence: StreamingSplit['openFence'] = null;
  if (fence && fence.indent === 0 && fence.start === blockStart) {
    const firstLineEnd = text.indexOf('\n', blockStart);
    openFence = { language: fence.info.split(/\s/)[0] ?? '', code: text.slice(firstLineEnd + 1) };
  }
  return { source: text, settled, settledLength: blockStart, tail, openFence };
}
