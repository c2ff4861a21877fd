import type { UndoOutcome } from './cells.js';

export interface UndoResult {
  outcome: UndoOutcome;
  text: string;
  advice: string | null;
}

const NOT_A_REPOSITORY = /is not a git repository/i;
const checkAdvice = 'Some files may be back and others not. Check the project with `git status` before going on.';

/**
 * Reads an undo_completed in plain words. The event says only whether it worked and, in the agent's words,
 * what happened; those words are the one way to tell "not possible here" from "broke off part way", which
 * call for different advice.
 */
export function readUndoResult(success: boolean, message: string | null): UndoResult {
  const text = message?.trim() || null;
  if (success) {
    if (text !== null && /^nothing to undo/i.test(text)) return { outcome: 'nothing', text, advice: null };
    return { outcome: 'restored', text: text ?? 'The files are back as they were before the last turn.', advice: null };
  }
  if (text === null) {
    return { outcome: 'failed', text: 'Undo did not work.', advice: checkAdvice };
  }
  if (/^nothing to undo/i.test(text)) return { outcome: 'nothing', text, advice: null };
  if (/^undo is unavailable/i.test(text)) {
    return {
      outcome: 'unavailable',
      text,
      advice: NOT_A_REPOSITORY.test(text)
        ? 'Undo works in git repositories, where Tandem snapshots the files at the start of each turn. Run `git init` in the project to have it from the next turn on.'
        : 'The files were left as they are.',
    };
  }
  return { outcome: 'failed', text, advice: checkAdvice };
}
