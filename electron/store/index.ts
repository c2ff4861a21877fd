export {
  RolloutLine,
  SessionMetaLine,
  ROLLOUT_FORMAT_VERSION,
  type RolloutLineType,
  type RolloutLineOf,
  type RecordableLine,
  type NewSessionMeta,
} from './rollout-line.js';
export { SessionRecorder, INDEX_REFRESH_MS } from './session-recorder.js';
export { readRollout, parseRollout, RolloutReadError, type Rollout } from './read-rollout.js';
export { findRolloutById } from './find-rollout.js';
export { listSessions, type SessionSummary } from './list-sessions.js';
export { rebuildSessionIndex, compactSessionIndex, type RebuiltIndex } from './session-index-rewrite.js';
export { sessionsDir, isValidSessionId } from './rollout-file-name.js';
export { sessionTitle } from './session-title.js';
