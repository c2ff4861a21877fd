import { useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';

export interface ConversationAction {
  /** The item's accessible name, exactly what it shows in bold. */
  label: string;
  description: string;
  run(): void;
  /** Can be taken even while the others cannot (reading and saving, which change nothing). */
  always?: boolean;
}

interface ConversationMenuProps {
  actions: readonly (ConversationAction | 'separator')[];
  /** Why none of the actions can be taken now, or null when they can. */
  blocker: string | null;
}

type Opening = 'first' | 'last';

/**
 * The conversation's menu in the header: undo and compaction. A menu button after the WAI-ARIA pattern:
 * Enter, Space or the arrows open it on the first (Up: last) item, the arrows, Home and End move, Enter
 * picks, Esc closes it and gives the focus back, Tab or a click elsewhere closes it.
 */
export function ConversationMenu({ actions, blocker }: ConversationMenuProps) {
  const [opening, setOpening] = useState<Opening | null>(null);
  const open = opening !== null;
  const frame = useRef<HTMLDivElement>(null);
  const trigger = useRef<HTMLButtonElement>(null);
  const menu = useRef<HTMLDivElement>(null);
  const id = useId();
  const menuId = `${id}-menu`;
  const noteId = `${id}-note`;

  const items = () => Array.from(menu.current?.querySelectorAll<HTMLElement>('[role="menuitem"]') ?? []);
  const focusItem = (index: number) => {
    const all = items();
    if (all.length === 0) return;
    all[(index + all.length) % all.length]?.focus();
  };

  useEffect(() => {
    if (opening === null) return;
    focusItem(opening === 'first' ? 0 : -1);
    // Only on opening (hence `open`, not `opening`): moving between items is the keys' job.
  }, [open]);

  useEffect(() => {
    if (!open) return;
    const onPointerDown = (event: PointerEvent) => {
      if (!frame.current?.contains(event.target as Node)) setOpening(null);
    };
    document.addEventListener('pointerdown', onPointerDown);
    return () => document.removeEventListener('pointerdown', onPointerDown);
  }, [open]);

  const close = () => {
    setOpening(null);
    trigger.current?.focus();
  };

  const onTriggerKeyDown = (event: KeyboardEvent<HTMLButtonElement>) => {
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      setOpening(event.key === 'ArrowDown' ? 'first' : 'last');
    }
  };

  const onMenuKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const at = items().indexOf(document.activeElement as HTMLElement);
    const moves: Record<string, () => void> = {
      ArrowDown: () => focusItem(at + 1),
      ArrowUp: () => focusItem(at - 1),
      Home: () => focusItem(0),
      End: () => focusItem(-1),
      Escape: close,
    };
    const move = moves[event.key];
    if (move) {
      // Handled here, so Esc closes the menu and does not also stop the agent.
      event.preventDefault();
      move();
    } else if (event.key === 'Tab') {
      setOpening(null);
    }
  };

  const pick = (action: ConversationAction) => {
    if (blocker !== null && action.always !== true) return;
    close();
    action.run();
  };

  return (
    <div className="menu" ref={frame}>
      <button
        ref={trigger}
        type="button"
        className="button button--small menu__trigger"
        aria-haspopup="menu"
        aria-expanded={open}
        aria-controls={open ? menuId : undefined}
        title="Review, export, undo or compact the conversation"
        onClick={() => setOpening(open ? null : 'first')}
        onKeyDown={onTriggerKeyDown}
      >
        <svg className="menu__icon" viewBox="0 0 16 16" aria-hidden="true">
          <path d="M5.5 3.5L2.5 6.5l3 3" />
          <path d="M2.5 6.5h7a4 4 0 0 1 0 8h-3" />
        </svg>
        Conversation
        <svg className="menu__caret" viewBox="0 0 16 16" aria-hidden="true">
          <path d="M4 6l4 4 4-4" />
        </svg>
      </button>
      {open && (
        <div className="menu__popup">
          {blocker && (
            <p className="menu__note" id={noteId}>
              {blocker}
            </p>
          )}
          <div
            ref={menu}
            id={menuId}
            role="menu"
            aria-label="Conversation"
            aria-describedby={blocker ? noteId : undefined}
            className="menu__list"
            onKeyDown={onMenuKeyDown}
          >
            {actions.map((action, i) =>
              action === 'separator' ? (
                <div key={`separator-${i}`} role="separator" className="menu__separator" />
              ) : (
                <button
                  key={action.label}
                  type="button"
                  role="menuitem"
                  tabIndex={-1}
                  className="menu__item"
                  aria-label={action.label}
                  aria-describedby={`${id}-${i}`}
                  aria-disabled={blocker !== null && action.always !== true}
                  onClick={() => pick(action)}
                >
                  <span className="menu__label">{action.label}</span>
                  <span className="menu__description" id={`${id}-${i}`}>
                    {action.description}
                  </span>
                </button>
              ),
            )}
          </div>
        </div>
      )}
    </div>
  );
}
