/** Titles are for a list row: about this many characters. */
export const TITLE_MAX_CHARS = 80;

/**
 * A session's title: its first user request on one line, cut on a word boundary when it is long. Counts
 * code points, not UTF-16 units, so a cut never splits an emoji or other astral character.
 */
export function sessionTitle(request: string): string {
  const oneLine = request.replace(/\s+/g, ' ').trim();
  const chars = Array.from(oneLine);
  if (chars.length <= TITLE_MAX_CHARS) return oneLine;
  const head = chars.slice(0, TITLE_MAX_CHARS - 1).join('');
  // The head may already end at a word's end; else back up to the last space, unless that would leave
  // almost nothing (a URL, a path): then cut inside the word.
  const endsOnWord = chars[TITLE_MAX_CHARS - 1] === ' ';
  const lastSpace = head.lastIndexOf(' ');
  const cut = endsOnWord || lastSpace < TITLE_MAX_CHARS / 2 ? head : head.slice(0, lastSpace);
  return `${cut.trimEnd()}…`;
}

/**
 * A name the person typed for a session, as it is kept: on one line (every run of white space one space),
 * trimmed, at most `max` UTF-16 units without splitting a character. '' means "no name".
 */
export function normalizeCustomTitle(typed: string, max: number): string {
  const oneLine = typed.replace(/\s+/g, ' ').trim();
  if (oneLine.length <= max) return oneLine;
  let cut = '';
  for (const char of oneLine) {
    if (cut.length + char.length > max) break;
    cut += char;
  }
  return cut.trimEnd();
}
