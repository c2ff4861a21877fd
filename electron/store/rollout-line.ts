import { z } from 'zod';
import { ApprovalPolicy, EventMsg, SandboxPolicy } from '../../shared/protocol/index.js';

/**
 * One line of a session's rollout file. Fields sit flat beside `type` (no payload wrapper) so a line
 * reads well under `jq` and the schema stays one discriminated union.
 */
const timestamp = z.string();

export const ROLLOUT_FORMAT_VERSION = 1;

/** The longest name a person may give a session, in UTF-16 units as the contract counts. */
export const SESSION_TITLE_MAX_CHARS = 200;

export const SessionMetaLine = z.object({
  type: z.literal('session_meta'),
  timestamp,
  session_id: z.string(),
  cwd: z.string(),
  model: z.string(),
  approval_policy: ApprovalPolicy,
  sandbox_policy: SandboxPolicy,
  created_at: z.string(),
  /** The instructions the session started with, so a resumed session sends the same ones. */
  instructions: z.string().optional(),
  version: z.literal(ROLLOUT_FORMAT_VERSION),
});
export type SessionMetaLine = z.infer<typeof SessionMetaLine>;

export const RolloutLine = z.discriminatedUnion('type', [
  SessionMetaLine,
  /** One conversation history item; its shape belongs to the agent's history, not to the store. */
  z.object({ type: z.literal('response_item'), timestamp, item: z.unknown() }),
  z.object({ type: z.literal('event'), timestamp, msg: EventMsg }),
  /** The whole history as it stood after a compaction; a resume starts from the last one of these. */
  z.object({ type: z.literal('compacted'), timestamp, replacement_history: z.array(z.unknown()) }),
  z.object({
    type: z.literal('turn_context'),
    timestamp,
    cwd: z.string(),
    model: z.string(),
    approval_policy: ApprovalPolicy,
    sandbox_policy: SandboxPolicy,
  }),
  z.object({ type: z.literal('snapshot'), timestamp, turn_id: z.string(), snapshot: z.unknown() }),
  z.object({ type: z.literal('rollback'), timestamp, num_turns: z.number().int().min(0) }),
  /**
   * A response the provider keeps (the session keeps its conversation on the server): the next request may
   * name it as `previous_response_id` and send only the history past its first `items` items.
   */
  z.object({ type: z.literal('response'), timestamp, response_id: z.string().min(1), items: z.number().int().min(0), model: z.string() }),
  /**
   * The name the person gave the session (rename_session); the last such line wins, and an empty title gives
   * the session back its first request as its title. Read by listings (the index keeps it) and by search.
   */
  z.object({ type: z.literal('session_title'), timestamp, title: z.string().max(SESSION_TITLE_MAX_CHARS) }),
]);
export type RolloutLine = z.infer<typeof RolloutLine>;
export type RolloutLineType = RolloutLine['type'];
export type RolloutLineOf<T extends RolloutLineType> = Extract<RolloutLine, { type: T }>;

type WithoutTimestamp<T> = T extends unknown ? Omit<T, 'timestamp'> : never;

/**
 * What a recorder is handed: any line but the session's metadata (the recorder writes that itself, once,
 * as the first line), without a timestamp (the recorder stamps it).
 */
export type RecordableLine = WithoutTimestamp<Exclude<RolloutLine, SessionMetaLine>>;

/** The metadata a new session starts with; the id is generated when absent. */
export type NewSessionMeta = Omit<SessionMetaLine, 'type' | 'timestamp' | 'version' | 'session_id' | 'created_at'> & {
  session_id?: string;
  created_at?: string;
};
