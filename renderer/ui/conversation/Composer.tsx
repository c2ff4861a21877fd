import { useEffect, useId, useLayoutEffect, useRef, useState, type ClipboardEvent, type DragEvent, type KeyboardEvent } from 'react';
import { MAX_IMAGES_PER_MESSAGE } from '../../../shared/protocol/images.js';
import { insertMention } from '../../composer/mentions.js';
import { commandNamed, type SlashCommand } from '../../composer/slashCommands.js';
import type { ComposerImage, FileSearchAnswer } from '../../store/composerSlice.js';
import { readImage } from '../composer/readImage.js';
import { SuggestionList, type Suggestion } from '../composer/SuggestionList.js';
import { useSuggestions, type Suggestions } from '../composer/useSuggestions.js';

interface ComposerProps {
  /** Resolves false when the message was not sent (then the text is put back). */
  onSend(text: string, images: readonly string[]): Promise<boolean>;
  busy: boolean;
  disabled: boolean;
  /** An approval card has the keyboard; when it goes, the focus comes back here. */
  cardShowing: boolean;
  /** False while sending must wait (an undo under way); what is typed stays. */
  canSend: boolean;
  /** Words given back by a rollback, to edit and send again; `onRefillTaken` says they were taken. */
  refill: string | null;
  onRefillTaken(): void;
  /** What was typed here before and not sent (the session's draft), to start from. */
  draft?: string;
  /** Keeps what is typed as the session's draft, so that switching sessions loses nothing. */
  onDraftChange?(text: string): void;
  /** The slash commands, with what each does (the conversation screen gives them). */
  commands?: readonly SlashCommand[];
  /** The project's files that fit an @-mention. */
  searchFiles?(query: string, limit: number): Promise<FileSearchAnswer>;
  /** Images attached to the next message. */
  images?: readonly ComposerImage[];
  onAttachImages?(images: { url: string; name: string }[]): void;
  onRemoveImage?(id: string): void;
}

const NO_COMMANDS: readonly SlashCommand[] = [];
const NO_IMAGES: readonly ComposerImage[] = [];
const noFiles = async (): Promise<FileSearchAnswer> => ({ ok: false, problem: 'Files cannot be listed here.' });

function optionsOf(suggestions: Suggestions): Suggestion[] {
  switch (suggestions.kind) {
    case 'commands':
      return suggestions.commands.map((command) => ({ key: command.name, label: `/${command.name}`, detail: command.description }));
    case 'files':
      return suggestions.paths.map((path) => ({ key: path, label: path }));
    case 'none':
      return [];
  }
}

function imageFiles(list: DataTransfer | null): File[] {
  if (!list) return [];
  return Array.from(list.files).filter((file) => file.type.startsWith('image/'));
}

/**
 * Where the person types. Enter sends, Shift+Enter starts a new line; while the agent works, it queues. `/`
 * offers the slash commands and `@` the project's files, in a list under the arrows, Enter or Tab to pick
 * and Esc to close; pasted or dropped pictures go with the message.
 */
export function Composer({
  onSend,
  busy,
  disabled,
  cardShowing,
  canSend,
  refill,
  onRefillTaken,
  draft = '',
  onDraftChange,
  commands = NO_COMMANDS,
  searchFiles = noFiles,
  images = NO_IMAGES,
  onAttachImages,
  onRemoveImage,
}: ComposerProps) {
  const [text, setText] = useState(draft);
  const [caret, setCaret] = useState(draft.length);
  const [problem, setProblem] = useState<string | null>(null);
  const box = useRef<HTMLTextAreaElement>(null);
  const keepDraft = useRef(onDraftChange);
  keepDraft.current = onDraftChange;
  useEffect(() => {
    keepDraft.current?.(text);
  }, [text]);

  useEffect(() => {
    if (!cardShowing) box.current?.focus();
  }, [cardShowing]);

  // The words come back in front of anything typed meanwhile, so that nothing is lost, with the caret
  // after them. `taken` keeps a second run of this effect (React's strict mode) from adding them twice.
  const taken = useRef<string | null>(null);
  const caretAt = useRef<number | null>(null);
  useEffect(() => {
    if (refill === null) taken.current = null;
    if (refill === null || refill === taken.current) return;
    taken.current = refill;
    setText((current) => (current.trim() === '' ? refill : `${refill}\n\n${current}`));
    caretAt.current = refill.length;
    onRefillTaken();
    // Only new words matter; the callback changes with every render of the screen.
  }, [refill]);
  useLayoutEffect(() => {
    const at = caretAt.current;
    if (at === null || !box.current) return;
    caretAt.current = null;
    box.current.focus();
    box.current.setSelectionRange(at, at);
    setCaret(at);
  });

  const { suggestions, dismiss } = useSuggestions(text, caret, commands, searchFiles);
  const options = optionsOf(suggestions);
  const [active, setActive] = useState(0);
  const optionKeys = options.map((option) => option.key).join('\n');
  useEffect(() => setActive(0), [suggestions.kind, optionKeys]);
  const listId = useId();
  const listOpen = suggestions.kind !== 'none';
  const activeIndex = Math.min(active, Math.max(0, options.length - 1));

  const runCommand = (command: SlashCommand) => {
    setText('');
    setCaret(0);
    command.run();
  };

  const pick = (index: number) => {
    if (suggestions.kind === 'commands') {
      const command = suggestions.commands[index];
      if (command) runCommand(command);
    } else if (suggestions.kind === 'files') {
      const path = suggestions.paths[index];
      if (path === undefined) return;
      const next = insertMention(text, suggestions.mention, path);
      setText(next.text);
      caretAt.current = next.caret;
    }
  };

  const send = async () => {
    const message = text;
    const attached = images.map((image) => image.url);
    if ((message.trim() === '' && attached.length === 0) || disabled || !canSend) return;
    setText('');
    setProblem(null);
    const sent = await onSend(message, attached);
    if (!sent) setText((current) => (current === '' ? message : current));
    box.current?.focus();
  };

  const attach = async (files: File[]) => {
    if (!onAttachImages || files.length === 0) return;
    const room = MAX_IMAGES_PER_MESSAGE - images.length;
    const read = await Promise.all(files.slice(0, Math.max(0, room)).map((file) => readImage(file)));
    const good = read.flatMap((image) => (image.ok ? [{ url: image.url, name: image.name }] : []));
    const problems = read.flatMap((image) => (image.ok ? [] : [image.problem]));
    if (files.length > room) problems.push(`A message can carry at most ${MAX_IMAGES_PER_MESSAGE} images; ${files.length - Math.max(0, room)} were left out.`);
    onAttachImages(good);
    setProblem(problems.length === 0 ? null : problems.join(' '));
  };

  const onPaste = (event: ClipboardEvent<HTMLTextAreaElement>) => {
    const files = imageFiles(event.clipboardData);
    if (files.length === 0 || !onAttachImages) return;
    // A pasted picture goes with the message; its file name is not pasted as text.
    event.preventDefault();
    void attach(files);
  };

  const onDragOver = (event: DragEvent<HTMLFormElement>) => {
    if (!onAttachImages || !Array.from(event.dataTransfer.items).some((item) => item.kind === 'file' && item.type.startsWith('image/'))) return;
    event.preventDefault();
    event.stopPropagation();
    event.dataTransfer.dropEffect = 'copy';
  };

  const onDrop = (event: DragEvent<HTMLFormElement>) => {
    const files = imageFiles(event.dataTransfer);
    if (files.length === 0 || !onAttachImages) return;
    // Pictures dropped here are attached; a folder dropped anywhere else still opens as a project.
    event.preventDefault();
    event.stopPropagation();
    void attach(files);
  };

  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (listOpen && !event.nativeEvent.isComposing) {
      if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
        event.preventDefault();
        if (options.length > 0) setActive((activeIndex + (event.key === 'ArrowDown' ? 1 : options.length - 1)) % options.length);
        return;
      }
      if ((event.key === 'Enter' && !event.shiftKey) || event.key === 'Tab') {
        if (options.length > 0) {
          event.preventDefault();
          pick(activeIndex);
          return;
        }
      }
      // Esc closes the list only: the box keeps the focus and the words, and no approval is answered.
      if (event.key === 'Escape') {
        event.preventDefault();
        event.stopPropagation();
        dismiss();
        return;
      }
    }
    // Esc with words in the box leaves the box, keeping them: it must never also answer an approval card or
    // stop the agent, which Esc does outside the box.
    if (event.key === 'Escape' && (text !== '' || images.length > 0)) {
      event.preventDefault();
      event.stopPropagation();
      box.current?.blur();
      return;
    }
    // While an input method is composing, Enter picks a candidate; it does not send.
    if (event.key === 'Enter' && !event.shiftKey && !event.nativeEvent.isComposing) {
      event.preventDefault();
      const command = images.length === 0 ? commandNamed(commands, text) : null;
      if (command) runCommand(command);
      else void send();
    }
  };

  const listName = suggestions.kind === 'files' ? 'Files' : 'Commands';
  let empty: string | null = null;
  if (suggestions.kind === 'files') {
    if (suggestions.problem) empty = `Files cannot be listed: ${suggestions.problem}`;
    else if (suggestions.busy && suggestions.paths.length === 0) empty = 'Looking for files…';
    else if (suggestions.paths.length === 0) empty = `No file matches “${suggestions.mention.query}”.`;
  }

  return (
    <form
      className="composer"
      onSubmit={(event) => {
        event.preventDefault();
        void send();
      }}
      onDragOver={onDragOver}
      onDrop={onDrop}
    >
      {listOpen && (
        <SuggestionList id={listId} name={listName} items={options} active={activeIndex} onPick={pick} onHover={setActive} empty={empty} />
      )}
      {images.length > 0 && (
        <ul className="composer__images" aria-label="Attached images">
          {images.map((image, index) => (
            <li key={image.id} className="composer__image">
              <img src={image.url} alt={`Attached image ${index + 1}: ${image.name}`} />
              <button type="button" className="composer__image-remove" aria-label={`Remove image ${index + 1}`} title={`Remove ${image.name}`} onClick={() => onRemoveImage?.(image.id)}>
                ×
              </button>
            </li>
          ))}
        </ul>
      )}
      {problem && (
        <p className="composer__problem" role="alert">
          {problem}
        </p>
      )}
      <div className="composer__row">
        <textarea
          ref={box}
          className="composer__input"
          aria-label="Message"
          aria-autocomplete="list"
          aria-expanded={listOpen}
          aria-controls={listOpen ? listId : undefined}
          aria-activedescendant={listOpen && options.length > 0 ? `${listId}-${activeIndex}` : undefined}
          placeholder={busy ? 'Add to what the agent is doing… (Enter to send)' : 'Ask for something… (/ for commands, @ for files, Enter to send)'}
          rows={Math.min(8, Math.max(1, text.split('\n').length))}
          value={text}
          disabled={disabled}
          onChange={(event) => {
            setText(event.target.value);
            setCaret(event.target.selectionStart);
          }}
          onSelect={(event) => setCaret(event.currentTarget.selectionStart)}
          onKeyDown={onKeyDown}
          onPaste={onPaste}
        />
        <button type="submit" className="button button--primary composer__send" disabled={disabled || !canSend || (text.trim() === '' && images.length === 0)}>
          Send
        </button>
      </div>
    </form>
  );
}
