import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { ageOf, type SessionRow, type SessionRowState } from '../../sidebar/sessionRows.js';
import { Spinner } from '../Spinner.js';

const STATE_WORDS: Record<SessionRowState, string> = {
  waiting: 'waiting for you',
  working: 'working',
  failed: 'failed',
  finished: 'finished',
  saved: '',
};

function StateMark({ state }: { state: SessionRowState }) {
  if (state === 'working') return <Spinner small />;
  return <span className={`session-row__mark session-row__mark--${state}`} aria-hidden="true" />;
}

interface SessionRowViewProps {
  row: SessionRow;
  active: boolean;
  now: number;
  onShow(row: SessionRow): void;
  onRename(row: SessionRow, title: string): Promise<boolean>;
  onDelete(row: SessionRow): void;
}

/** One session in the sidebar: its title, age and state; a click shows it; its menu renames or deletes it. */
export function SessionRowView({ row, active, now, onShow, onRename, onDelete }: SessionRowViewProps) {
  const [editing, setEditing] = useState(false);
  const [menuOpen, setMenuOpen] = useState(false);
  const [name, setName] = useState(row.title);
  const input = useRef<HTMLInputElement>(null);
  const frame = useRef<HTMLLIElement>(null);
  const menuButton = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    if (editing) input.current?.select();
  }, [editing]);

  useEffect(() => {
    if (!menuOpen) return;
    frame.current?.querySelector<HTMLElement>('[role="menuitem"]')?.focus();
    const onPointerDown = (event: PointerEvent) => {
      if (!frame.current?.contains(event.target as Node)) setMenuOpen(false);
    };
    document.addEventListener('pointerdown', onPointerDown);
    return () => document.removeEventListener('pointerdown', onPointerDown);
  }, [menuOpen]);

  const finishEditing = async (save: boolean) => {
    const title = name.trim();
    setEditing(false);
    if (save && title !== row.title) await onRename(row, title);
  };

  const onEditKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'Enter') {
      event.preventDefault();
      void finishEditing(true);
    } else if (event.key === 'Escape') {
      // Handled here: Esc must not also stop the agent in the conversation beside.
      event.preventDefault();
      event.stopPropagation();
      setName(row.title);
      setEditing(false);
    }
  };

  const onMenuKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const items = Array.from(frame.current?.querySelectorAll<HTMLElement>('[role="menuitem"]') ?? []);
    const at = items.indexOf(document.activeElement as HTMLElement);
    if (event.key === 'Escape') {
      event.preventDefault();
      event.stopPropagation();
      setMenuOpen(false);
      menuButton.current?.focus();
    } else if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      items[(at + (event.key === 'ArrowDown' ? 1 : -1) + items.length) % items.length]?.focus();
    } else if (event.key === 'Tab') {
      setMenuOpen(false);
    }
  };

  const words = STATE_WORDS[row.state];
  const classes = ['session-row', `session-row--${row.state}`, active ? 'session-row--active' : ''].filter(Boolean).join(' ');
  return (
    <li className={classes} ref={frame} data-session-id={row.id}>
      {editing ? (
        <input
          ref={input}
          className="session-row__rename"
          aria-label="Session name"
          value={name}
          maxLength={200}
          onChange={(event) => setName(event.target.value)}
          onKeyDown={onEditKeyDown}
          onBlur={() => void finishEditing(true)}
        />
      ) : (
        <button type="button" className="session-row__main" aria-current={active ? 'page' : undefined} title={row.title} onClick={() => onShow(row)}>
          <StateMark state={row.state} />
          <span className="session-row__title">{row.title}</span>
          {words && <span className="visually-hidden">, {words}</span>}
          <span className="session-row__age">{row.state === 'waiting' ? 'waiting' : ageOf(row.updatedAt, now)}</span>
        </button>
      )}
      {!editing && (
        <button
          ref={menuButton}
          type="button"
          className="icon-button session-row__more"
          aria-label={`More for ${row.title}`}
          aria-haspopup="menu"
          aria-expanded={menuOpen}
          onClick={() => setMenuOpen((open) => !open)}
        >
          <svg viewBox="0 0 16 16" aria-hidden="true">
            <circle cx="3.5" cy="8" r="1.3" />
            <circle cx="8" cy="8" r="1.3" />
            <circle cx="12.5" cy="8" r="1.3" />
          </svg>
        </button>
      )}
      {menuOpen && (
        <div className="menu__popup session-row__menu" role="menu" aria-label={`Session ${row.title}`} onKeyDown={onMenuKeyDown}>
          <button
            type="button"
            role="menuitem"
            tabIndex={-1}
            className="menu__item"
            onClick={() => {
              setMenuOpen(false);
              setName(row.title);
              setEditing(true);
            }}
          >
            <span className="menu__label">Rename</span>
          </button>
          <button
            type="button"
            role="menuitem"
            tabIndex={-1}
            className="menu__item menu__item--danger"
            onClick={() => {
              setMenuOpen(false);
              onDelete(row);
            }}
          >
            <span className="menu__label">Delete</span>
          </button>
        </div>
      )}
    </li>
  );
}
