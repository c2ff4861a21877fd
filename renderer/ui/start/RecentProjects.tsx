import { useMemo } from 'react';
import { useApp } from '../../store/StoreContext.js';
import { folderName } from './folderName.js';

/**
 * Projects opened lately. One whose session is open here goes back to that session (the newest, if several);
 * "New session" beside it starts another. The sidebar lists every session; this is for picking a project.
 */
export function RecentProjects() {
  const recentProjects = useApp((s) => s.recentProjects);
  const sessions = useApp((s) => s.sessions);
  const folders = useApp((s) => s.sessionFolders);
  const activity = useApp((s) => s.activity);
  const opening = useApp((s) => s.opening);
  const openFolder = useApp((s) => s.openFolder);
  const showSession = useApp((s) => s.showSession);

  // The open session of each project, the one active last.
  const openIn = useMemo(() => {
    const found = new Map<string, string>();
    const views = Object.values(sessions).filter((view) => !view.closed);
    views.sort((a, b) => (activity[b.sessionId] ?? 0) - (activity[a.sessionId] ?? 0));
    for (const view of views) {
      const cwd = view.config?.cwd ?? folders[view.sessionId];
      if (cwd !== undefined && !found.has(cwd)) found.set(cwd, view.sessionId);
    }
    return found;
  }, [sessions, folders, activity]);

  if (recentProjects.length === 0) return null;
  return (
    <section className="start__section" aria-labelledby="recent-projects-heading">
      <h2 id="recent-projects-heading">Recent projects</h2>
      <ul className="pick-list">
        {recentProjects.map((path) => {
          const sessionId = openIn.get(path);
          return (
            <li key={path} className="pick-row">
              <button
                type="button"
                className="pick"
                aria-label={sessionId ? `${path}, open: go to its session` : path}
                title={path}
                disabled={opening}
                onClick={() => (sessionId ? showSession(sessionId) : void openFolder(path))}
              >
                <span className="pick__title">
                  {folderName(path)}
                  {sessionId && <span className="pick__badge">open</span>}
                </span>
                <span className="pick__detail">{path}</span>
              </button>
              {sessionId && (
                <button type="button" className="button button--small pick-row__new" disabled={opening} aria-label={`New session in ${folderName(path)}`} onClick={() => void openFolder(path)}>
                  New session
                </button>
              )}
            </li>
          );
        })}
      </ul>
    </section>
  );
}
