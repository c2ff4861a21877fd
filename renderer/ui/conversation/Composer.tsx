import { useEffect, useLayoutEffect, useRef, useState, type KeyboardEvent } from 'react';

interface ComposerProps {
  /** Resolves false when the message was not sent (then the text is put back). */
  onSend(text: string): Promise<boolean>;
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
}

/** Where the person types. Enter sends, Shift+Enter starts a new line; while the agent works, it queues. */
export function Composer({ onSend, busy, disabled, cardShowing, canSend, refill, onRefillTaken, draft = '', onDraftChange }: ComposerProps) {
  const [text, setText] = useState(draft);
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
  });

  const send = async () => {
    const message = text;
    if (message.trim() === '' || disabled || !canSend) return;
    setText('');
    const sent = await onSend(message);
    if (!sent) setText((current) => (current === '' ? message : current));
    box.current?.focus();
  };

  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    // Esc with words in the box leaves the box, keeping them: it must never also answer an approval card or
    // stop the agent, which Esc does outside the box.
    if (event.key === 'Escape' && text !== '') {
      event.preventDefault();
      event.stopPropagation();
      box.current?.blur();
      return;
    }
    // While an input method is composing, Enter picks a candidate; it does not send.
    if (event.key === 'Enter' && !event.shiftKey && !event.nativeEvent.isComposing) {
      event.preventDefault();
      void send();
    }
  };

  return (
    <form
      className="composer"
      onSubmit={(event) => {
        event.preventDefault();
        void send();
      }}
    >
      <textarea
        ref={box}
        className="composer__input"
        aria-label="Message"
        placeholder={busy ? 'Add to what the agent is doing… (Enter to send)' : 'Ask for something… (Enter to send, Shift+Enter for a new line)'}
        rows={Math.min(8, Math.max(1, text.split('\n').length))}
        value={text}
        disabled={disabled}
        onChange={(event) => setText(event.target.value)}
        onKeyDown={onKeyDown}
      />
      <button type="submit" className="button button--primary composer__send" disabled={disabled || !canSend || text.trim() === ''}>
        Send
      </button>
    </form>
  );
}
