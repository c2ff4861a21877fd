import { useEffect, useRef, type KeyboardEvent, type Ref } from 'react';
import { matchCountText } from '../../conversation/find.js';
import type { Find } from './useFind.js';

/**
 * The in-conversation finder: a field, the count, and next / previous. Enter and Shift+Enter move through
 * the matches; Esc closes it, and is kept from the conversation's own Esc (which would stop the agent or
 * answer an approval card).
 */
export function FindBar({ find, ref }: { find: Find; ref?: Ref<HTMLDivElement> }) {
  const input = useRef<HTMLInputElement>(null);

  useEffect(() => {
    input.current?.focus();
    input.current?.select();
  }, [find.focus]);

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (event.key === 'Escape') {
      event.preventDefault();
      event.stopPropagation();
      find.close();
    } else if (event.key === 'Enter' && event.target === input.current && !event.nativeEvent.isComposing) {
      event.preventDefault();
      find.step(event.shiftKey ? -1 : 1);
    }
  };

  const count = find.loading && find.query !== '' ? 'Looking in older turns…' : matchCountText(find.query, find.matches.length, find.position);
  const none = find.matches.length === 0;
  return (
    <div className="find-bar" role="search" ref={ref} onKeyDown={onKeyDown}>
      <input
        ref={input}
        className="find-bar__input"
        type="text"
        aria-label="Find in conversation"
        placeholder="Find in conversation"
        value={find.query}
        onChange={(event) => find.search(event.target.value)}
        spellCheck={false}
        autoComplete="off"
      />
      <span className={`find-bar__count${find.query !== '' && none && !find.loading ? ' find-bar__count--none' : ''}`} aria-live="polite" aria-atomic="true">
        {count}
      </span>
      <button type="button" className="button button--small find-bar__step" aria-label="Previous match" title="Previous match (Shift+Enter)" disabled={none} onClick={() => find.step(-1)}>
        ↑
      </button>
      <button type="button" className="button button--small find-bar__step" aria-label="Next match" title="Next match (Enter)" disabled={none} onClick={() => find.step(1)}>
        ↓
      </button>
      <button type="button" className="button button--small find-bar__close" aria-label="Close find" title="Close (Esc)" onClick={find.close}>
        ×
      </button>
    </div>
  );
}
