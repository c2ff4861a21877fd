/**
 * Typographic characters mapped to the ASCII a model usually types instead, so a patch written
 * with `-` and `"` still finds a line that holds an en dash or curly quotes.
 */
const PUNCTUATION_EQUIVALENTS: ReadonlyMap<string, string> = new Map([
  ...[0x2010, 0x2011, 0x2012, 0x2013, 0x2014, 0x2015, 0x2212, 0xfe58, 0xfe63, 0xff0d].map(
    (code) => [String.fromCodePoint(code), '-'] as const,
  ),
  ...[0x2018, 0x2019, 0x201a, 0x201b, 0x2032, 0xff07].map((code) => [String.fromCodePoint(code), "'"] as const),
  ...[0x201c, 0x201d, 0x201e, 0x201f, 0x2033, 0xff02].map((code) => [String.fromCodePoint(code), '"'] as const),
  ...[0x00a0, 0x2000, 0x2001, 0x2002, 0x2003, 0x2004, 0x2005, 0x2006, 0x2007, 0x2008, 0x2009, 0x200a, 0x202f, 0x205f, 0x3000].map(
    (code) => [String.fromCodePoint(code), ' '] as const,
  ),
  ['\u2026', '...'],
]);

const PUNCTUATION_PATTERN = new RegExp(`[${[...PUNCTUATION_EQUIVALENTS.keys()].join('')}]`, 'gu');

export function normalisePunctuation(text: string): string {
  return text.replace(PUNCTUATION_PATTERN, (char) => PUNCTUATION_EQUIVALENTS.get(char) ?? char);
}

type LineKey = (line: string) => string;

/** The ways a pattern line may equal a file line, strictest first. */
const MATCH_LEVELS: readonly LineKey[] = [
  (line) => line,
  (line) => line.trimEnd(),
  (line) => line.trim(),
  (line) => normalisePunctuation(line).trim(),
];

/**
 * Finds where `pattern` occurs in `lines` at or after `start`: the first position at the
 * strictest level that matches anywhere wins, so an exact match further down beats a loose
 * one nearer. With `atEnd` the pattern must be the last lines of the file.
 */
export function seekLines(lines: readonly string[], pattern: readonly string[], start: number, atEnd: boolean): number | null {
  if (pattern.length === 0) return start;
  const lastStart = lines.length - pattern.length;
  if (lastStart < start) return null;
  const firstStart = atEnd ? lastStart : start;
  for (const key of MATCH_LEVELS) {
    const wanted = pattern.map(key);
    const keyed = lines.slice(firstStart).map(key);
    for (let at = 0; at <= lastStart - firstStart; at++) {
      if (wanted.every((line, offset) => keyed[at + offset] === line)) return firstStart + at;
    }
  }
  return null;
}
