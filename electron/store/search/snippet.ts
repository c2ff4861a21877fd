/** About this many characters of text around a match make a hit's snippet. */
export const SNIPPET_CHARS = 120;

const ELLIPSIS = '…';

function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}

/**
 * A stretch of `text` around the match [start, end), on one line (every run of white space one space), about
 * `width` characters long with '…' where it was cut, and the match's [start, end) within it.
 */
export function snippetAround(text: string, start: number, end: number, width = SNIPPET_CHARS): { snippet: string; match: [number, number] } {
  // Enough raw text on each side that collapsing white space still leaves `width` characters.
  const margin = width * 2;
  const from = Math.max(0, start - margin);
  const to = Math.min(text.length, end + margin);
  let line = '';
  let matchStart = 0;
  let matchEnd = 0;
  let inSpace = false;
  for (let i = from; i <= to; i++) {
    if (i === start) matchStart = line.length;
    if (i === end) matchEnd = line.length;
    if (i === to) break;
    const char = text[i] as string;
    if (/\s/.test(char)) {
      if (!inSpace) line += ' ';
      inSpace = true;
    } else {
      line += char;
      inSpace = false;
    }
  }
  // A match that began with white space begins at the one space left of it.
  if (matchEnd < matchStart) matchEnd = matchStart;
  let lo = Math.max(0, matchStart - Math.floor((width - (matchEnd - matchStart)) / 2));
  let hi = Math.min(line.length, lo + width);
  lo = Math.max(0, Math.min(lo, hi - width));
  if (matchEnd - matchStart > width) {
    lo = matchStart;
    hi = matchStart + width;
  }
  if (lo > 0 && isLowSurrogate(line.charCodeAt(lo))) lo += 1;
  if (hi < line.length && isLowSurrogate(line.charCodeAt(hi))) hi -= 1;
  // Trim the spaces at the cut, without moving the match.
  while (lo < matchStart && line[lo] === ' ') lo += 1;
  while (hi > matchEnd && line[hi - 1] === ' ') hi -= 1;
  const before = lo > 0 || from > 0 ? ELLIPSIS : '';
  const after = hi < line.length || to < text.length ? ELLIPSIS : '';
  const snippet = `${before}${line.slice(lo, hi)}${after}`;
  const offset = before.length - lo;
  return { snippet, match: [Math.min(matchStart, hi) + offset, Math.min(matchEnd, hi) + offset] };
}

/** Where `query` is in `text` ignoring case, for texts whose lowercase form is not as long as they are. */
export function findIgnoringCase(text: string, query: string): [number, number] | null {
  const escaped = query.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const found = new RegExp(escaped, 'iu').exec(text);
  return found === null ? null : [found.index, found.index + found[0].length];
}
