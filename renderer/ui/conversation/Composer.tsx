import { useEffect, useRef, useState, type KeyboardEvent } from 'react';

interface ComposerProps {
  /** Resolves false when the message was not sent (then the text is put back). */
  onSend(text: string): Promise<boolean>;
  busy: boolean;
  disabled: boolean;
  /** An approval card has the keyboard; when it goes, the focus comes back here. */
  cardShowing: boolean;
}

/** Where the person types. Enter sends, Shift+Enter starts a new line; while the agent works, it queues. */
export function Composer({ onSend, busy, disabled, cardShowing }: ComposerProps) {
  const [text, setText] = useState('');
  const box = useRef<HTMLTextAreaElement>(null);

  useEffect(() => {
    if (!cardShowing) box.current?.focus();
  }, [cardShowing]);

  const send = async () => {
    const message = text;
    if (message.trim() === '' || disabled) return;
    setText('');
    const sent = await onSend(message);
    if (!sent) setText((current) => (current === '' ? message : current));
    box.current?.focus();
  };

  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
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
      <button type="submit" className="button button--primary composer__send" disabled={disabled || text.trim() === ''}>
        Send
      </button>
    </form>
  );
}
