import type { z } from 'zod';

/** A list as the person edits it in a text box: one entry a line. */
export function listText(entries: readonly string[]): string {
  return entries.join('\n');
}

/** The entries of such a box: blank lines and the spaces around each entry dropped, each entry once. */
export function listEntries(text: string): string[] {
  return [
    ...new Set(
      text
        .split(/\r?\n/)
        .map((line) => line.trim())
        .filter((line) => line !== ''),
    ),
  ];
}

/** The Settings fields a refused patch can name, in the words of the dialog. */
const FIELD_NAMES: Record<string, string> = {
  api_key: 'API key',
  base_url: 'Base URL',
  model: 'Model',
  approval_preset: 'Approval',
  hidden_paths: 'More places to hide',
  env_passthrough: 'Variables to pass through',
};

/**
 * Why a patch was refused, as the dialog says it: the field by its label, then the problem (which quotes the
 * entry, so no line number is needed). One sentence a problem, at most three.
 */
export function describeSettingsProblems(error: z.ZodError): string {
  return error.issues
    .slice(0, 3)
    .map((issue) => {
      const field = typeof issue.path[0] === 'string' ? issue.path[0] : '';
      if (field === 'base_url') return 'The base URL must be a full address, like https://api.openai.com/v1.';
      const message = issue.message.charAt(0).toUpperCase() + issue.message.slice(1);
      return `${FIELD_NAMES[field] ?? 'Settings'}: ${message}.`;
    })
    .join(' ');
}
