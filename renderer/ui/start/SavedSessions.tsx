import { useApp } from '../../store/StoreContext.js';
import { folderName } from './folderName.js';

const timeFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

function when(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : timeFormat.format(date);
}

/** Saved sessions, newest first, to resume where they left off. */
export function SavedSessions() {
  const sessions = useApp((s) => s.sessionList);
  const openFolder = useApp((s) => s.openFolder);
  const opening = useApp((s) => s.opening);
  if (sessions.length === 0) return null;
  return (
    <section className="start__section" aria-labelledby="saved-sessions-heading">
      <h2 id="saved-sessions-heading">Resume a session</h2>
      <ul className="pick-list">
        {sessions.map((session) => (
          <li key={session.id}>
            <button
              type="button"
              className="pick"
              disabled={opening}
              title={session.cwd}
              onClick={() => void openFolder(session.cwd, session.id)}
            >
              <span className="pick__title">{session.title || 'Untitled session'}</span>
              <span className="pick__detail">
                {folderName(session.cwd)} · {when(session.updated_at)}
              </span>
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
