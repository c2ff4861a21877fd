import type { LiveSession, SessionSummary } from '../../shared/host/contract.js';
import type { Cell } from '../conversation/cells.js';
import type { SessionView } from '../conversation/sessionView.js';

/**
 * What a session's row says about it at a glance:
 * - `waiting`: an approval waits for the person (highlighted, and counted in the window's title);
 * - `working`: a turn is running;
 * - `failed`: the last turn ended in an error;
 * - `finished`: the last turn ended with the agent's answer;
 * - `saved`: on disk, not open here (or open, with nothing done yet).
 */
export type SessionRowState = 'waiting' | 'working' | 'failed' | 'finished' | 'saved';

export interface SessionRow {
  id: string;
  cwd: string;
  title: string;
  /** When it last changed, ms since the epoch; for the age and the order. */
  updatedAt: number;
  state: SessionRowState;
  /** The page holds this session's conversation (it is running in the host). */
  open: boolean;
}

export interface ProjectGroup {
  cwd: string;
  rows: SessionRow[];
}

export interface RowSources {
  saved: readonly SessionSummary[];
  views: Readonly<Record<string, SessionView>>;
  folders: Readonly<Record<string, string>>;
  live: readonly LiveSession[];
  /** When each open session last had an event, ms. */
  activity: Readonly<Record<string, number>>;
  /** Sessions deleted here whose deletion the host has not confirmed yet, or that wait in the trash for Undo. */
  hidden: ReadonlySet<string>;
}

export const UNTITLED = 'New session';

/** Titles a row shows on one line: about as long as the host's. */
const TITLE_CHARS = 80;

function oneLine(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  const chars = Array.from(flat);
  return chars.length <= TITLE_CHARS ? flat : `${chars.slice(0, TITLE_CHARS - 1).join('').trimEnd()}…`;
}

function firstRequest(cells: readonly Cell[]): string | null {
  for (const cell of cells) if (cell.kind === 'user') return cell.text;
  return null;
}

/** The state a session the page holds is in. */
export function viewState(view: SessionView): SessionRowState {
  if (view.turn.pendingApprovalCallIds.length > 0) return 'waiting';
  if (view.turn.active) return 'working';
  // The last turn's outcome: the newest error or answer after the newest request.
  for (let i = view.cells.length - 1; i >= 0; i -= 1) {
    const cell = view.cells[i]!;
    if (cell.kind === 'user') return 'saved';
    if (cell.kind === 'notice' && cell.level === 'error') return 'failed';
    if (cell.kind === 'assistant') return 'finished';
  }
  return 'saved';
}

function parseTime(iso: string): number {
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? 0 : ms;
}

/**
 * Every session the sidebar lists: saved ones, the ones this page holds and those running in the host,
 * once each. A session with nothing said yet is left out unless it is the one shown: the host saves a
 * session only from its first message, and a list of empty "New session" rows helps nobody.
 */
export function sessionRows(sources: RowSources, activeSessionId: string | null): SessionRow[] {
  const rows = new Map<string, SessionRow>();
  for (const summary of sources.saved) {
    if (sources.hidden.has(summary.id)) continue;
    rows.set(summary.id, {
      id: summary.id,
      cwd: summary.cwd,
      title: summary.title || UNTITLED,
      updatedAt: parseTime(summary.updated_at),
      state: 'saved',
      open: false,
    });
  }
  for (const view of Object.values(sources.views)) {
    if (sources.hidden.has(view.sessionId)) continue;
    const cwd = view.config?.cwd ?? sources.folders[view.sessionId];
    if (cwd === undefined) continue;
    const saved = rows.get(view.sessionId);
    const request = firstRequest(view.cells);
    if (!saved && request === null && view.sessionId !== activeSessionId) continue;
    rows.set(view.sessionId, {
      id: view.sessionId,
      cwd,
      // A saved title may be the person's own name for it; it wins over the first request.
      title: saved && saved.title !== UNTITLED ? saved.title : request !== null ? oneLine(request) : UNTITLED,
      updatedAt: Math.max(saved?.updatedAt ?? 0, sources.activity[view.sessionId] ?? 0),
      state: viewState(view),
      open: !view.closed,
    });
  }
  for (const live of sources.live) {
    // One the page follows was decided on above, from what it has said.
    if (rows.has(live.session_id) || sources.views[live.session_id] || sources.hidden.has(live.session_id)) continue;
    rows.set(live.session_id, { id: live.session_id, cwd: live.cwd, title: UNTITLED, updatedAt: parseTime(live.started_at), state: 'saved', open: true });
  }
  return [...rows.values()];
}

/** Rows grouped by project folder: the project touched last first, and within one the newest session first. */
export function groupByProject(rows: readonly SessionRow[]): ProjectGroup[] {
  const groups = new Map<string, SessionRow[]>();
  for (const row of rows) {
    const list = groups.get(row.cwd) ?? [];
    list.push(row);
    groups.set(row.cwd, list);
  }
  const byNewest = (a: SessionRow, b: SessionRow) => b.updatedAt - a.updatedAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
  const result = [...groups.entries()].map(([cwd, list]) => ({ cwd, rows: list.sort(byNewest) }));
  result.sort((a, b) => byNewest(a.rows[0]!, b.rows[0]!));
  return result;
}

/** The rows in the order the sidebar shows them, for Ctrl+1..9 and Ctrl+Tab. */
export function rowsInOrder(groups: readonly ProjectGroup[]): SessionRow[] {
  return groups.flatMap((group) => group.rows);
}

/** How long ago, as a row says it: "now", "5 min", "3 h", "2 d", then the date. */
export function ageOf(updatedAt: number, now: number): string {
  const seconds = Math.max(0, Math.round((now - updatedAt) / 1000));
  if (seconds < 60) return 'now';
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return `${hours} h`;
  const days = Math.floor(hours / 24);
  if (days < 7) return `${days} d`;
  return new Date(updatedAt).toLocaleDateString(undefined, { month: 'short', day: 'numeric' });
}

/** How many sessions wait for the person: the window's title counts them. */
export function waitingCount(views: Readonly<Record<string, SessionView>>): number {
  let count = 0;
  for (const view of Object.values(views)) if (!view.closed && view.turn.pendingApprovalCallIds.length > 0) count += 1;
  return count;
}

/** Whether two lists of rows would draw the same sidebar. */
export function sameRows(a: readonly SessionRow[], b: readonly SessionRow[]): boolean {
  if (a.length !== b.length) return false;
  return a.every((row, i) => {
    const other = b[i]!;
    return row.id === other.id && row.cwd === other.cwd && row.title === other.title && row.updatedAt === other.updatedAt && row.state === other.state && row.open === other.open;
  });
}
