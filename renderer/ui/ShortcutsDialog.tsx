import { useEffect, useRef } from 'react';
import { CONVERSATION_KEYS, shortcutTable } from '../keyboard/shortcuts.js';
import { useApp } from '../store/StoreContext.js';

/** The list of keyboard shortcuts, saying which apply in the desktop app and which in a browser. */
export function ShortcutsDialog({ mac, browser }: { mac: boolean; browser: boolean }) {
  const open = useApp((s) => s.shortcutsOpen);
  const openShortcuts = useApp((s) => s.openShortcuts);
  const dialog = useRef<HTMLDialogElement>(null);

  useEffect(() => {
    const element = dialog.current;
    if (!element) return;
    if (open && !element.open) element.showModal();
    if (!open && element.open) element.close();
  }, [open]);

  return (
    <dialog ref={dialog} className="settings shortcuts" aria-labelledby="shortcuts-title" onClose={() => openShortcuts(false)}>
      <div className="settings__form">
      <h2 id="shortcuts-title" className="settings__title">Keyboard shortcuts</h2>
      <p className="shortcuts__where">
        {browser
          ? 'In this browser, which keeps some keys for itself, use the keys of the “Browser” column.'
          : 'In the desktop app every key of the “App” column works.'}
      </p>
      <table className="shortcuts__table">
        <thead>
          <tr>
            <th scope="col">Action</th>
            <th scope="col">App</th>
            <th scope="col">Browser</th>
          </tr>
        </thead>
        <tbody>
          {shortcutTable(mac).map((shortcut) => (
            <tr key={shortcut.action}>
              <th scope="row">{shortcut.description}</th>
              <td>
                <kbd>{shortcut.app}</kbd>
              </td>
              <td>
                <kbd>{shortcut.browser ?? shortcut.app}</kbd>
              </td>
            </tr>
          ))}
          {CONVERSATION_KEYS.map((entry) => (
            <tr key={entry.keys}>
              <th scope="row">{entry.description}</th>
              <td colSpan={2}>
                <kbd>{entry.keys}</kbd>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <form method="dialog" className="settings__actions">
        <button type="submit" className="button button--primary">
          Close
        </button>
      </form>
      </div>
    </dialog>
  );
}
