import { useEffect, useRef } from 'react';

export interface Suggestion {
  key: string;
  label: string;
  detail?: string;
}

/**
 * The completion list above the composer (commands after `/`, files after `@`). The message box keeps the
 * focus; it names the highlighted option with aria-activedescendant, so a screen reader follows the arrows.
 */
export function SuggestionList({
  id,
  name,
  items,
  active,
  onPick,
  onHover,
  empty,
}: {
  id: string;
  name: string;
  items: Suggestion[];
  active: number;
  onPick(index: number): void;
  onHover(index: number): void;
  /** Said in the list's place when nothing fits (or while searching). */
  empty: string | null;
}) {
  const list = useRef<HTMLDivElement>(null);
  // The highlighted option stays in sight as the arrows move past the list's edge.
  useEffect(() => {
    list.current?.querySelector<HTMLElement>(`[id="${id}-${active}"]`)?.scrollIntoView({ block: 'nearest' });
  }, [id, active, items]);
  return (
    <div className="suggestions" ref={list}>
      <ul id={id} role="listbox" aria-label={name} className="suggestions__list">
        {items.map((item, index) => (
          <li
            key={item.key}
            id={`${id}-${index}`}
            role="option"
            aria-selected={index === active}
            className={`suggestions__item${index === active ? ' suggestions__item--active' : ''}`}
            // The box must keep the focus: a mouse press here would take it.
            onMouseDown={(event) => event.preventDefault()}
            onMouseEnter={() => onHover(index)}
            onClick={() => onPick(index)}
          >
            <span className="suggestions__label">{item.label}</span>
            {item.detail && <span className="suggestions__detail">{item.detail}</span>}
          </li>
        ))}
      </ul>
      {items.length === 0 && empty && <p className="suggestions__empty">{empty}</p>}
    </div>
  );
}
