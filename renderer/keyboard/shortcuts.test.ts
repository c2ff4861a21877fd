import { describe, expect, it } from 'vitest';
import { matchShortcut, shortcutTable, type KeyPress } from './shortcuts.js';

const press = (key: string, mods: Partial<KeyPress> = {}): KeyPress => ({ key, ctrlKey: false, metaKey: false, altKey: false, shiftKey: false, ...mods });

describe('the window shortcuts', () => {
  it('takes Ctrl on Linux and Windows, Cmd on macOS', () => {
    expect(matchShortcut(press('n', { ctrlKey: true }), false)).toEqual({ action: 'new-session' });
    expect(matchShortcut(press('n', { metaKey: true }), false)).toBeNull();
    expect(matchShortcut(press('n', { metaKey: true }), true)).toEqual({ action: 'new-session' });
    expect(matchShortcut(press('l', { ctrlKey: true }), false)).toEqual({ action: 'focus-composer' });
    expect(matchShortcut(press('3', { ctrlKey: true, code: 'Digit3' }), false)).toEqual({ action: 'nth-session', n: 3 });
    expect(matchShortcut(press('F', { ctrlKey: true, shiftKey: true, code: 'KeyF' }), false)).toEqual({ action: 'search-sessions' });
  });

  it('offers Alt keys for what a browser keeps for itself', () => {
    expect(matchShortcut(press('n', { altKey: true, code: 'KeyN' }), false)).toEqual({ action: 'new-session' });
    // On a Mac, Alt+N types a character; the key code still says N.
    expect(matchShortcut(press('˜', { altKey: true, code: 'KeyN' }), true)).toEqual({ action: 'new-session' });
    expect(matchShortcut(press('¡', { altKey: true, code: 'Digit1' }), true)).toEqual({ action: 'nth-session', n: 1 });
    expect(matchShortcut(press('ArrowDown', { altKey: true }), false)).toEqual({ action: 'next-session' });
    expect(matchShortcut(press('Tab', { ctrlKey: true, shiftKey: true }), false)).toEqual({ action: 'previous-session' });
  });

  it('leaves plain typing, Ctrl+F (the finder) and unknown keys alone', () => {
    expect(matchShortcut(press('n'), false)).toBeNull();
    expect(matchShortcut(press('f', { ctrlKey: true }), false)).toBeNull();
    expect(matchShortcut(press('q', { ctrlKey: true }), false)).toBeNull();
    expect(matchShortcut(press('n', { ctrlKey: true, altKey: true }), false)).toBeNull();
  });

  it('lists a browser key wherever the browser keeps the app key for itself', () => {
    const table = shortcutTable(false);
    expect(table.find((entry) => entry.action === 'new-session')).toMatchObject({ app: 'Ctrl+N', browser: 'Alt+N' });
    expect(shortcutTable(true).find((entry) => entry.action === 'new-session')?.app).toBe('⌘+N');
  });
});
