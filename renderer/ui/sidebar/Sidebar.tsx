import { useMemo, useRef, type KeyboardEvent, type PointerEvent as ReactPointerEvent } from 'react';
import { groupByProject, sameRows, sessionRows, type SessionRow } from '../../sidebar/sessionRows.js';
import { useApp, useAppStable } from '../../store/StoreContext.js';
import { SIDEBAR_MAX_WIDTH, SIDEBAR_MIN_WIDTH } from '../../store/workspaceSlice.js';
import { SettingsButton } from '../settings/SettingsButton.js';
import { folderName } from '../start/folderName.js';
import { useNow } from '../useNow.js';
import { SearchResults } from './SearchResults.js';
import { SessionRowView } from './SessionRowView.js';

/** The sessions of every project, grouped by folder, newest first. */
function SessionGroups() {
  // Recomputed at every change of the state, but drawn again only when a row changes.
  const rows = useAppStable(
    (s) =>
      sessionRows(
        { saved: s.sessionList, views: s.sessions, folders: s.sessionFolders, live: s.liveSessions, activity: s.activity, hidden: new Set(s.hiddenSessions) },
        s.activeSessionId,
      ),
    sameRows,
  );
  const activeSessionId = useApp((s) => s.activeSessionId);
  const screen = useApp((s) => s.screen);
  const more = useApp((s) => s.sessionListMore);
  const showRow = useApp((s) => s.showRow);
  const newSession = useApp((s) => s.newSession);
  const renameSession = useApp((s) => s.renameSession);
  const deleteSession = useApp((s) => s.deleteSession);
  const showMoreSessions = useApp((s) => s.showMoreSessions);
  const now = useNow(true, 30_000);

  const groups = useMemo(() => groupByProject(rows), [rows]);
  if (groups.length === 0) {
    return <p className="sidebar__empty">Sessions you start are listed here, by project.</p>;
  }
  const shownId = screen === 'conversation' ? activeSessionId : null;
  return (
    <div className="sidebar__groups">
      {groups.map((group) => (
        <section key={group.cwd} className="project-group" aria-label={`Project ${folderName(group.cwd)}`}>
          <div className="project-group__head">
            <h2 className="project-group__name" title={group.cwd}>
              {folderName(group.cwd)}
            </h2>
            <button
              type="button"
              className="icon-button project-group__new"
              aria-label={`New session in ${folderName(group.cwd)}`}
              title={`New session in ${group.cwd}`}
              onClick={() => void newSession(group.cwd)}
            >
              <svg viewBox="0 0 16 16" aria-hidden="true">
                <path d="M8 3v10M3 8h10" />
              </svg>
            </button>
          </div>
          <ul className="project-group__rows">
            {group.rows.map((row) => (
              <SessionRowView
                key={row.id}
                row={row}
                active={row.id === shownId}
                now={now}
                onShow={(picked: SessionRow) => void showRow(picked)}
                onRename={(picked, title) => renameSession(picked.id, title)}
                onDelete={(picked) => void deleteSession(picked.id)}
              />
            ))}
          </ul>
        </section>
      ))}
      {more && (
        <button type="button" className="button button--small sidebar__more" onClick={() => void showMoreSessions()}>
          Show older sessions
        </button>
      )}
    </div>
  );
}

/** The edge between the sidebar and the conversation: drag it, or focus it and use the arrow keys. */
function Resizer() {
  const width = useApp((s) => s.sidebar.width);
  const setSidebar = useApp((s) => s.setSidebar);
  const start = useRef<{ x: number; width: number } | null>(null);

  const onPointerDown = (event: ReactPointerEvent<HTMLDivElement>) => {
    event.currentTarget.setPointerCapture(event.pointerId);
    start.current = { x: event.clientX, width };
  };
  const onPointerMove = (event: ReactPointerEvent<HTMLDivElement>) => {
    if (!start.current) return;
    setSidebar({ width: start.current.width + event.clientX - start.current.x });
  };
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const step = event.shiftKey ? 48 : 16;
    if (event.key === 'ArrowLeft') setSidebar({ width: width - step });
    else if (event.key === 'ArrowRight') setSidebar({ width: width + step });
    else return;
    event.preventDefault();
  };
  return (
    <div
      className="sidebar__resizer"
      role="separator"
      aria-orientation="vertical"
      aria-label="Resize the sessions sidebar"
      aria-valuemin={SIDEBAR_MIN_WIDTH}
      aria-valuemax={SIDEBAR_MAX_WIDTH}
      aria-valuenow={width}
      tabIndex={0}
      onPointerDown={onPointerDown}
      onPointerMove={onPointerMove}
      onPointerUp={() => (start.current = null)}
      onPointerCancel={() => (start.current = null)}
      onKeyDown={onKeyDown}
    />
  );
}

/**
 * The sessions sidebar beside the conversation: New session and Open Folder, the search over every session,
 * then the sessions grouped by project with their live state. Collapsible (the button, or Ctrl/Cmd+B) and
 * resizable.
 */
export function Sidebar({ browser }: { browser: boolean }) {
  const layout = useApp((s) => s.sidebar);
  const query = useApp((s) => s.search.query);
  const setSearchQuery = useApp((s) => s.setSearchQuery);
  const newSession = useApp((s) => s.newSession);
  const showStart = useApp((s) => s.showStart);
  const pickFolder = useApp((s) => s.pickFolder);
  const setSidebar = useApp((s) => s.setSidebar);
  const openShortcuts = useApp((s) => s.openShortcuts);
  const opening = useApp((s) => s.opening);
  const sidebarRef = useRef<HTMLElement>(null);

  if (!layout.open) return null;

  const onOpenFolder = async () => {
    // A browser has no folder picker: the start screen takes a typed path.
    if (browser || !(await pickFolder())) showStart(true);
  };

  return (
    <nav className="sidebar" aria-label="Sessions" ref={sidebarRef} style={{ width: layout.width }}>
      <div className="sidebar__top">
        <button
          type="button"
          className="button button--primary button--small sidebar__new"
          disabled={opening}
          title={browser ? 'New session (Alt+N)' : 'New session (Ctrl+N)'}
          onClick={() => void newSession()}
        >
          New session
        </button>
        <button type="button" className="button button--small" disabled={opening} onClick={() => void onOpenFolder()}>
          Open Folder
        </button>
        <button type="button" className="icon-button sidebar__collapse" aria-label="Hide the sessions sidebar" title="Hide the sessions sidebar (Ctrl+B)" onClick={() => setSidebar({ open: false })}>
          <svg viewBox="0 0 16 16" aria-hidden="true">
            <path d="M10 3.5L5.5 8l4.5 4.5" />
          </svg>
        </button>
      </div>
      <div className="sidebar__search">
        <input
          type="search"
          className="sidebar__search-input"
          aria-label="Search sessions"
          placeholder="Search sessions"
          value={query}
          onChange={(event) => setSearchQuery(event.target.value)}
          onKeyDown={(event) => {
            if (event.key === 'Escape' && query !== '') {
              event.preventDefault();
              event.stopPropagation();
              setSearchQuery('');
            }
          }}
        />
      </div>
      <div className="sidebar__body">{query.trim() !== '' ? <SearchResults /> : <SessionGroups />}</div>
      <div className="sidebar__bottom">
        <SettingsButton inSidebar />
        <button type="button" className="button button--small" onClick={() => openShortcuts(true)}>
          Keyboard shortcuts
        </button>
      </div>
      <Resizer />
    </nav>
  );
}
