/*
 * Sessions on disk. Each session is one append-only JSONL rollout under TANDEM_HOME/sessions/YYYY/MM/DD/
 * (SessionRecorder writes it, readRollout reads it back for a resume), and TANDEM_HOME/sessions/index.jsonl
 * lists the sessions for the session list (see session-index-file.ts for why it is a log of upserts).
 * The rollouts are the truth; the index is a cache that rebuildSessionIndex can always regenerate. A session
 * open for writing is locked (TANDEM_HOME/sessions/locks/, see session-lock.ts): one writer per rollout. A new
 * session is written from its first message on (SessionRecorder.deferred); a deleted one waits in
 * TANDEM_HOME/trash/ (session-trash.ts) to be restored. Search (search/) keeps the words of each session in
 * TANDEM_HOME/search/, caught up from the rollouts as they grow.
 */
export {
  RolloutLine,
  SessionMetaLine,
  ROLLOUT_FORMAT_VERSION,
  SESSION_TITLE_MAX_CHARS,
  type RolloutLineType,
  type RolloutLineOf,
  type RecordableLine,
  type NewSessionMeta,
} from './rollout-line.js';
export { SessionRecorder, INDEX_REFRESH_MS } from './session-recorder.js';
export { readRollout, readRolloutLazily, parseRollout, RolloutReadError, type Rollout, type SavedEventLine } from './read-rollout.js';
export { SavedEvent } from './saved-event.js';
export { findRolloutById, savedSessionCwd } from './find-rollout.js';
export { listSessions, type SessionSummary } from './list-sessions.js';
export { IndexFollower } from './index-follower.js';
export { rebuildSessionIndex, compactSessionIndex, type RebuiltIndex } from './session-index-rewrite.js';
export { sessionsDir, isValidSessionId } from './rollout-file-name.js';
export { sessionTitle, normalizeCustomTitle } from './session-title.js';
export { renameSavedSession, checkSessionId } from './rename-session.js';
export { trashSession, restoreSession, trashHome } from './session-trash.js';
export { SessionSearch, HITS_PER_SESSION, DEFAULT_SEARCH_LIMIT, type SearchOptions, type SearchAnswer, type SessionSearchOptions } from './search/session-search.js';
export { PLACE_KINDS, PLACE_MAX_CHARS, type PlaceKind } from './search/places.js';
export { searchCacheDir } from './search/session-text.js';
export {
  acquireSessionLock,
  describeHolder,
  processStartTime,
  sessionLockPath,
  SessionLockedError,
  type SessionHolder,
  type SessionLock,
  type SessionLockRecord,
} from './session-lock.js';
