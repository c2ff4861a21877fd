/**
 * @-mentions of project files in the composer. A mention is `@` at the start of a word, then the letters
 * typed so far; picking a file puts its path there (`@src/app.ts`), which the model reads as typed.
 */

export interface MentionAt {
  /** Where the `@` is. */
  start: number;
  /** Where the word ends (the caret may sit inside it). */
  end: number;
  /** What follows the `@`, up to the caret. */
  query: string;
}

const SPACE = /\s/;

/** The mention the caret is in, if it is in one. An `@` inside a word (an e-mail address) is none. */
export function mentionAt(text: string, caret: number): MentionAt | null {
  let start = caret;
  while (start > 0 && !SPACE.test(text[start - 1]!)) start--;
  if (text[start] !== '@') return null;
  let end = caret;
  while (end < text.length && !SPACE.test(text[end]!)) end++;
  const query = text.slice(start + 1, caret);
  // A finished mention of a quoted path (`@"my file.ts"`) is not searched again.
  if (query.startsWith('"')) return null;
  return { start, end, query };
}

/** How a path is written after `@`: as it is, or in quotes when it holds a space. */
export function mentionText(path: string): string {
  return /\s/.test(path) ? `@"${path}"` : `@${path}`;
}

/** The text with the mention replaced by the picked path and a space, and where the caret goes. */
export function insertMention(text: string, mention: MentionAt, path: string): { text: string; caret: number } {
  const inserted = `${mentionText(path)} `;
  const rest = text.slice(mention.end).replace(/^ /, '');
  return { text: text.slice(0, mention.start) + inserted + rest, caret: mention.start + inserted.length };
}
