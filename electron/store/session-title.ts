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
  const lastSpace = head.lastIndexOf(' ');
  // A very long first word (a URL, a path) would leave almost nothing; cut inside it instead.
  const cut = lastSpace >= TITLE_MAX_CHARS / 2 ? head.slice(0, lastSpace) : head;
  return `${cut.trimEnd()}…`;
}
