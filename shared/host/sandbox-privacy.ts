/**
 * What a person may add to the sandbox's privacy in Settings (and on the command line): more places sandboxed
 * commands must not see, and variables to pass to commands although their names look secret. Checked the same
 * way wherever they arrive: a door, the settings file, a flag. No zod here: the command line checks its flags with
 * these before it loads the rest (the schemas are in sandbox-privacy-schemas.ts).
 */

/** Lists, not dumps of a folder: a person writes these by hand. */
export const MAX_HIDDEN_PATHS = 200;
export const MAX_ENV_PASSTHROUGH = 200;
export const MAX_HIDDEN_PATH_CHARS = 4096;
export const MAX_ENV_NAME_CHARS = 256;

/** A name a shell can export. */
export const ENV_NAME_PATTERN = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** A value as the person typed it, shortened so a message stays one line. */
function shown(value: string): string {
  return JSON.stringify(value.length > 80 ? `${value.slice(0, 77)}...` : value);
}

/** Why a hidden place is refused, in the person's words; null when it is fine. */
export function hiddenPathProblem(value: string): string | null {
  if (value.trim() === '') return 'an empty entry names no place';
  if (value.length > MAX_HIDDEN_PATH_CHARS) return `${shown(value)} is longer than ${MAX_HIDDEN_PATH_CHARS} characters`;
  if (value.includes('\0')) return `${shown(value)} holds a NUL character`;
  if (!value.startsWith('/') && !value.startsWith('~/')) return `${shown(value)} is not a full path: start it with / or ~/`;
  return null;
}

/** Why a variable name is refused; null when it is fine. */
export function envNameProblem(value: string): string | null {
  if (value === '') return 'an empty entry names no variable';
  if (value.length > MAX_ENV_NAME_CHARS) return `${shown(value)} is longer than ${MAX_ENV_NAME_CHARS} characters`;
  if (!ENV_NAME_PATTERN.test(value)) return `${shown(value)} is not a variable name: letters, digits and _ only, not starting with a digit`;
  return null;
}

/** The entries once each, in the order first given. */
export function uniqueEntries(...lists: readonly (readonly string[] | undefined)[]): string[] {
  return [...new Set(lists.flatMap((list) => list ?? []))];
}
