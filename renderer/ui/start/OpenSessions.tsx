import { describeStatus } from '../../conversation/status.js';
import { useApp } from '../../store/StoreContext.js';
import { folderName } from './folderName.js';

interface OpenEntry {
  sessionId: string;
  cwd: string;
  detail: string;
}

/** Sessions running now, in this window or only in the host (another window, `tandem serve -C`), to go back to. */
export function OpenSessions() {
  const sessions = useApp((s) => s.sessions);
  const folders = useApp((s) => s.sessionFolders);
  const live = useApp((s) => s.liveSessions);
  const showSession = useApp((s) => s.showSession);
  const showLiveSession = useApp((s) => s.showLiveSession);

  const entries: OpenEntry[] = [];
  for (const view of Object.values(sessions)) {
    const cwd = view.config?.cwd ?? folders[view.sessionId];
    if (view.closed || cwd === undefined) continue;
    entries.push({ sessionId: view.sessionId, cwd, detail: describeStatus(view, Date.now()).text });
  }
  for (const session of live) {
    if (!sessions[session.session_id]) entries.push({ sessionId: session.session_id, cwd: session.cwd, detail: 'Running in Tandem' });
  }
  if (entries.length === 0) return null;

  const open = (entry: OpenEntry) => {
    const running = live.find((session) => session.session_id === entry.sessionId);
    if (sessions[entry.sessionId] || !running) showSession(entry.sessionId);
    else void showLiveSession(running);
  };

  return (
    <section className="start__section" aria-labelledby="open-sessions-heading">
      <h2 id="open-sessions-heading">Open now</h2>
      <ul className="pick-list">
        {entries.map((entry) => (
          <li key={entry.sessionId}>
            <button type="button" className="pick" title={entry.cwd} onClick={() => open(entry)}>
              <span className="pick__title">{folderName(entry.cwd)}</span>
              <span className="pick__detail">{entry.detail}</span>
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
