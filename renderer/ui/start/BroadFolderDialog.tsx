import { useEffect, useRef } from 'react';
import { useApp } from '../../store/StoreContext.js';

/**
 * Asks before a session opens on `/`, the home folder or a folder that holds it, whose every file the agent's
 * commands could then change. The safe answer has the focus, so Enter and Esc both keep the person out of it;
 * opening the folder anyway takes a deliberate Tab and Enter, or a click.
 */
export function BroadFolderDialog({ onChooseAnother }: { onChooseAnother(): void }) {
  const pending = useApp((s) => s.folderToConfirm);
  const confirmBroadFolder = useApp((s) => s.confirmBroadFolder);
  const refuseBroadFolder = useApp((s) => s.refuseBroadFolder);
  const dialog = useRef<HTMLDialogElement>(null);
  const safeChoice = useRef<HTMLButtonElement>(null);
  const open = pending !== null;

  useEffect(() => {
    const element = dialog.current;
    if (!element) return;
    // A modal dialog: the page behind it is inert, and closing gives the focus back to where it was.
    if (open && !element.open) {
      element.showModal();
      safeChoice.current?.focus();
    }
    if (!open && element.open) element.close();
  }, [open]);

  const chooseAnother = () => {
    refuseBroadFolder();
    onChooseAnother();
  };

  return (
    <dialog
      ref={dialog}
      className="settings broad-folder"
      role="alertdialog"
      aria-labelledby="broad-folder-title"
      aria-describedby="broad-folder-reason"
      onCancel={(event) => {
        event.preventDefault();
        refuseBroadFolder();
      }}
    >
      {pending && (
        <div className="settings__form">
          <h2 id="broad-folder-title" className="settings__title">
            Work in all of {pending.cwd}?
          </h2>
          <div id="broad-folder-reason" className="broad-folder__reason">
            <p>{pending.reason}</p>
            <p>Open a project folder instead?</p>
          </div>
          <div className="settings__actions">
            <button type="button" className="button button--primary" ref={safeChoice} onClick={chooseAnother}>
              Choose another folder
            </button>
            <button type="button" className="button button--danger" onClick={() => void confirmBroadFolder()}>
              Open it anyway
            </button>
          </div>
        </div>
      )}
    </dialog>
  );
}
