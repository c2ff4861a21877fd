import { describeStatus } from '../../conversation/status.js';
import { useApp } from '../../store/StoreContext.js';
import { folderName } from './folderName.js';

/** Sessions running in this window, to go back to. */
export function OpenSessions() {
  const sessions = useApp((s) => s.sessions);
  const folders = useApp((s) => s.sessionFolders);
  const showSession = useApp((s) => s.showSession);
  const open = Object.values(sessions).filter((view) => !view.closed && (view.config || folders[view.sessionId]));
  if (open.length === 0) return null;
  return (
    <section className="start__section" aria-labelledby="open-sessions-heading">
      <h2 id="open-sessions-heading">Open now</h2>
      <ul className="pick-list">
        {open.map((view) => {
          const cwd = view.config?.cwd ?? folders[view.sessionId] ?? '';
          return (
            <li key={view.sessionId}>
              <button type="button" className="pick" onClick={() => showSession(view.sessionId)}>
                <span className="pick__title">{folderName(cwd)}</span>
                <span className="pick__detail">{describeStatus(view, Date.now()).text}</span>
              </button>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
