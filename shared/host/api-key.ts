/**
 * Whether a string can be an API key, checked before it is saved. A key is one unbroken run of printable
 * characters; words typed for the agent that land in the key field by mistake (a sentence, a short word) are
 * not one, and a key saved there would quietly override OPENAI_API_KEY.
 */

/** Shorter than this, it is a word, not a key (OpenAI's are 50 and more; local servers take any dummy). */
export const MIN_API_KEY_CHARS = 8;
export const MAX_API_KEY_CHARS = 500;

/** Why this cannot be an API key, in the person's words; null when it may be one. */
export function apiKeyProblem(typed: string): string | null {
  const key = typed.trim();
  if (key === '') return 'The API key is empty.';
  if (/\s/.test(key)) return 'That does not look like an API key: it has spaces or line breaks in it. Paste the key alone.';
  if (/[^\x21-\x7e]/.test(key)) return 'That does not look like an API key: it has characters a key never has. Paste the key alone.';
  if (key.length < MIN_API_KEY_CHARS) return `That does not look like an API key: it is only ${key.length} characters long. Paste the whole key.`;
  if (key.length > MAX_API_KEY_CHARS) return `That does not look like an API key: it is longer than ${MAX_API_KEY_CHARS} characters.`;
  return null;
}
