import { useEffect, useMemo, useRef, useState } from 'react';
import { mentionAt, type MentionAt } from '../../composer/mentions.js';
import { matchCommands, slashQuery, type SlashCommand } from '../../composer/slashCommands.js';
import type { FileSearchAnswer } from '../../store/composerSlice.js';

/** How long after the last key a file search is sent. */
const FILE_SEARCH_DELAY_MS = 40;
/** How many files the list offers. */
export const FILES_SHOWN = 12;

export type Suggestions =
  | { kind: 'none' }
  | { kind: 'commands'; commands: SlashCommand[] }
  | { kind: 'files'; mention: MentionAt; paths: string[]; busy: boolean; problem: string | null };

/**
 * What the composer offers for the text and caret: commands while a slash command is typed, files while an
 * @-mention is. Esc (`dismiss`) hides the list until the text changes.
 */
export function useSuggestions(
  text: string,
  caret: number,
  commands: readonly SlashCommand[],
  searchFiles: (query: string, limit: number) => Promise<FileSearchAnswer>,
): { suggestions: Suggestions; dismiss(): void } {
  const [dismissedFor, setDismissedFor] = useState<string | null>(null);
  // Any change of the words ends the dismissal, even one that comes back to the same words.
  useEffect(() => {
    if (dismissedFor !== null && dismissedFor !== text) setDismissedFor(null);
  }, [text, dismissedFor]);
  const slash = slashQuery(text);
  const mention = slash === null ? mentionAt(text, caret) : null;
  const [files, setFiles] = useState<{ query: string; paths: string[]; problem: string | null } | null>(null);
  const search = useRef(searchFiles);
  search.current = searchFiles;
  const query = mention?.query ?? null;

  useEffect(() => {
    if (query === null) return;
    let current = true;
    const timer = setTimeout(() => {
      void search.current(query, FILES_SHOWN).then((answer) => {
        if (current) setFiles(answer.ok ? { query, paths: answer.paths, problem: null } : { query, paths: [], problem: answer.problem });
      });
    }, FILE_SEARCH_DELAY_MS);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [query]);

  const suggestions = useMemo<Suggestions>(() => {
    if (dismissedFor === text) return { kind: 'none' };
    if (slash !== null) {
      const found = matchCommands(commands, slash);
      return found.length === 0 ? { kind: 'none' } : { kind: 'commands', commands: found };
    }
    if (mention) {
      const answered = files !== null && files.query === mention.query;
      return { kind: 'files', mention, paths: answered ? files.paths : (files?.paths ?? []), busy: !answered, problem: answered ? files.problem : null };
    }
    return { kind: 'none' };
  }, [dismissedFor, text, slash, mention?.start, mention?.query, commands, files]);

  return { suggestions, dismiss: () => setDismissedFor(text) };
}
