/**
 * The window's keyboard shortcuts, in one table: what the global key handler obeys and what the list of
 * shortcuts shows. A browser keeps some keys for itself (Ctrl+N, Ctrl+T, Ctrl+W, Ctrl+Tab, Ctrl+1..9), so
 * through `tandem serve` those actions answer to Alt instead; the desktop app takes both.
 */

export type ShortcutAction =
  | 'new-session'
  | 'focus-composer'
  | 'find'
  | 'search-sessions'
  | 'next-session'
  | 'previous-session'
  | 'nth-session'
  | 'toggle-sidebar'
  | 'shortcuts';

export interface Shortcut {
  action: ShortcutAction;
  description: string;
  /** The keys, as shown, in the desktop app. */
  app: string;
  /** The keys, as shown, in a browser; null when the same as the app's. */
  browser: string | null;
}

export function modKeyName(mac: boolean): string {
  return mac ? '⌘' : 'Ctrl';
}

export function shortcutTable(mac: boolean): Shortcut[] {
  const mod = modKeyName(mac);
  return [
    { action: 'new-session', description: 'New session in this project', app: `${mod}+N`, browser: 'Alt+N' },
    { action: 'focus-composer', description: 'Go to the message box', app: `${mod}+L`, browser: null },
    { action: 'find', description: 'Find in this conversation', app: `${mod}+F`, browser: null },
    { action: 'search-sessions', description: 'Search all sessions', app: `${mod}+Shift+F`, browser: null },
    { action: 'nth-session', description: 'Show the 1st to 9th session of the sidebar', app: `${mod}+1 … ${mod}+9`, browser: 'Alt+1 … Alt+9' },
    { action: 'next-session', description: 'Next session', app: 'Ctrl+Tab, Alt+↓', browser: 'Alt+↓' },
    { action: 'previous-session', description: 'Previous session', app: 'Ctrl+Shift+Tab, Alt+↑', browser: 'Alt+↑' },
    { action: 'toggle-sidebar', description: 'Show or hide the sessions sidebar', app: `${mod}+B`, browser: null },
    { action: 'shortcuts', description: 'This list of shortcuts', app: `${mod}+/`, browser: null },
  ];
}

/** The keys of the conversation itself, for the same list. */
export const CONVERSATION_KEYS: readonly { keys: string; description: string }[] = [
  { keys: 'Enter / Shift+Enter', description: 'Send / new line in the message box' },
  { keys: 'Esc', description: 'In a message box with text: leave the box. Otherwise: stop the agent, or deny an approval and stop' },
  { keys: 'Y / A / N', description: 'Approve / approve for the session / deny the approval shown' },
  { keys: 'PageUp, PageDown, Home, End', description: 'Scroll the conversation (once it has the focus)' },
];

export interface KeyPress {
  key: string;
  code?: string;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
  shiftKey: boolean;
}

export interface Matched {
  action: ShortcutAction;
  /** For nth-session: 1 to 9. */
  n?: number;
}

/** Digits by their key code, so that Alt+1 works where Alt turns 1 into another character (macOS layouts). */
function digitOf(press: KeyPress): number | null {
  const fromCode = /^Digit([1-9])$/.exec(press.code ?? '');
  if (fromCode) return Number(fromCode[1]);
  return /^[1-9]$/.test(press.key) ? Number(press.key) : null;
}

/** The shortcut a key press means, if any. `mac`: Cmd is the modifier rather than Ctrl. */
export function matchShortcut(press: KeyPress, mac: boolean): Matched | null {
  const mod = mac ? press.metaKey && !press.ctrlKey : press.ctrlKey && !press.metaKey;
  const key = press.key.length === 1 ? press.key.toLowerCase() : press.key;
  const letter = /^Key([A-Z])$/.exec(press.code ?? '')?.[1]?.toLowerCase() ?? key;
  if (press.ctrlKey && !press.metaKey && !press.altKey && press.key === 'Tab') return { action: press.shiftKey ? 'previous-session' : 'next-session' };
  if (press.altKey && !press.ctrlKey && !press.metaKey) {
    if (press.key === 'ArrowDown') return { action: 'next-session' };
    if (press.key === 'ArrowUp') return { action: 'previous-session' };
    if (letter === 'n' && !press.shiftKey) return { action: 'new-session' };
    const digit = digitOf(press);
    if (digit !== null && !press.shiftKey) return { action: 'nth-session', n: digit };
    return null;
  }
  if (!mod || press.altKey) return null;
  const digit = digitOf(press);
  if (digit !== null && !press.shiftKey) return { action: 'nth-session', n: digit };
  if (press.shiftKey) return letter === 'f' ? { action: 'search-sessions' } : null;
  switch (letter) {
    case 'n':
      return { action: 'new-session' };
    case 'l':
      return { action: 'focus-composer' };
    case 'b':
      return { action: 'toggle-sidebar' };
    case '/':
      return { action: 'shortcuts' };
    default:
      return null;
  }
}
