import { useApp } from '../store/StoreContext.js';

/** A short notice at the foot of the window: a session deleted (with Undo), or what went wrong. */
export function Toast() {
  const toast = useApp((s) => s.toast);
  const undoDelete = useApp((s) => s.undoDelete);
  const dismissToast = useApp((s) => s.dismissToast);
  if (!toast) return null;
  return (
    <div className={`toast${toast.kind === 'problem' ? ' toast--problem' : ''}`} role={toast.kind === 'problem' ? 'alert' : 'status'}>
      <span className="toast__text">{toast.kind === 'deleted' ? `Deleted “${toast.title}”. It is in Tandem's trash.` : toast.text}</span>
      {toast.kind === 'deleted' && (
        <button type="button" className="button button--small" onClick={() => void undoDelete()}>
          Undo
        </button>
      )}
      <button type="button" className="icon-button toast__close" aria-label="Dismiss" onClick={dismissToast}>
        <svg viewBox="0 0 16 16" aria-hidden="true">
          <path d="M4 4l8 8M12 4l-8 8" />
        </svg>
      </button>
    </div>
  );
}

/** Words for screen readers only: approval requests and turn ends, in every session. */
export function Announcer() {
  const announcement = useApp((s) => s.announcement);
  return (
    <div className="visually-hidden" role="status" aria-live="polite" aria-atomic="true" data-testid="announcer">
      {/* Keyed, so that the same words said twice are announced twice. */}
      <span key={announcement.n}>{announcement.text}</span>
    </div>
  );
}
