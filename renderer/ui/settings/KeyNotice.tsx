import { useApp } from '../../store/StoreContext.js';

/**
 * Why the agent cannot answer until Settings change, with the way there. It never takes the focus: the person
 * may be typing, and what they type stays in the composer.
 */
export function KeyNotice() {
  const notice = useApp((s) => s.keyNotice);
  const open = useApp((s) => s.openSettingsForKey);
  const dismiss = useApp((s) => s.dismissKeyNotice);
  if (!notice) return null;
  return (
    <div className="key-notice" role="status" aria-label="Settings needed">
      <p className="key-notice__text">{notice}</p>
      <div className="key-notice__actions">
        <button type="button" className="button button--small button--primary" onClick={open}>
          Open Settings
        </button>
        <button type="button" className="button button--small" onClick={dismiss}>
          Dismiss
        </button>
      </div>
    </div>
  );
}
