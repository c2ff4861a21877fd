import { z } from 'zod';
import { ApprovalPolicy, ReasoningEffort, ReviewDecision, SandboxPolicy } from './policy.js';

/** A file change proposed or made by apply_patch, keyed by path in `changes` maps. */
export const FileChange = z.discriminatedUnion('type', [
  z.object({ type: z.literal('add'), content: z.string() }),
  z.object({ type: z.literal('delete'), content: z.string() }),
  z.object({ type: z.literal('update'), unified_diff: z.string(), move_path: z.string().nullable().optional() }),
]);
export type FileChange = z.infer<typeof FileChange>;
export const FileChanges = z.record(z.string(), FileChange);

export const PlanStepStatus = z.enum(['pending', 'in_progress', 'completed']);
export const PlanItem = z.object({ step: z.string(), status: PlanStepStatus });
export type PlanItem = z.infer<typeof PlanItem>;

export const TokenUsage = z.object({
  input_tokens: z.number(),
  cached_input_tokens: z.number(),
  output_tokens: z.number(),
  reasoning_output_tokens: z.number(),
  total_tokens: z.number(),
});
export type TokenUsage = z.infer<typeof TokenUsage>;

export const TokenUsageInfo = z.object({
  total_token_usage: TokenUsage,
  last_token_usage: TokenUsage,
  model_context_window: z.number().nullable(),
});
export type TokenUsageInfo = z.infer<typeof TokenUsageInfo>;

export const ExecStream = z.enum(['stdout', 'stderr']);

const message = { message: z.string() };

/** Wire names are Codex's `EventMsg`. Every event but `session_configured`, which carries these for replay. */
const turnEventVariants = [
  /**
   * `turn_id` is Tandem's addition: the id this turn goes by in later events (its turn_diff, the undo of it, a
   * file reverted from it), unique within the session file across resumes. Turns recorded before it have none.
   */
  z.object({ type: z.literal('task_started'), model_context_window: z.number().nullable().optional(), turn_id: z.string().optional() }),
  /** `images`: the data URLs of the images the message carried (Codex's UserMessageEvent), when it had any. */
  z.object({ type: z.literal('user_message'), message: z.string(), images: z.array(z.string()).optional() }),
  z.object({ type: z.literal('agent_message_delta'), delta: z.string() }),
  /**
   * `incomplete` is Tandem's addition: the text the model had streamed when a failure ended the turn, saved so
   * that a reload or a resume shows the answer as it was cut off, and marked so.
   */
  z.object({ type: z.literal('agent_message'), ...message, incomplete: z.boolean().optional() }),
  z.object({ type: z.literal('agent_reasoning_delta'), delta: z.string() }),
  z.object({ type: z.literal('agent_reasoning'), text: z.string() }),
  z.object({
    type: z.literal('exec_command_begin'),
    call_id: z.string(),
    command: z.array(z.string()),
    cwd: z.string(),
  }),
  z.object({ type: z.literal('exec_command_output_delta'), call_id: z.string(), stream: ExecStream, chunk: z.string() }),
  z.object({
    type: z.literal('exec_command_end'),
    call_id: z.string(),
    command: z.array(z.string()),
    cwd: z.string(),
    stdout: z.string(),
    stderr: z.string(),
    aggregated_output: z.string(),
    exit_code: z.number(),
    duration_ms: z.number(),
    formatted_output: z.string(),
    /**
     * Tandem's addition: the command was stopped by an interrupt, and this carries what it printed until then
     * (so a stopped command keeps its output in the session file). Clients that do not know it see an end.
     */
    interrupted: z.boolean().optional(),
  }),
  z.object({
    type: z.literal('exec_approval_request'),
    call_id: z.string(),
    command: z.array(z.string()),
    cwd: z.string(),
    reason: z.string().nullable().optional(),
  }),
  z.object({
    type: z.literal('apply_patch_approval_request'),
    call_id: z.string(),
    changes: FileChanges,
    cwd: z.string(),
    reason: z.string().nullable().optional(),
    grant_root: z.string().nullable().optional(),
  }),
  /**
   * Tandem's addition (Codex keeps no record of it): the person's answer to an exec or patch approval
   * request, so a reload or a resume shows each card as it was answered.
   */
  z.object({ type: z.literal('approval_decision'), call_id: z.string(), decision: ReviewDecision }),
  z.object({ type: z.literal('patch_apply_begin'), call_id: z.string(), auto_approved: z.boolean(), changes: FileChanges }),
  z.object({
    type: z.literal('patch_apply_end'),
    call_id: z.string(),
    stdout: z.string(),
    stderr: z.string(),
    success: z.boolean(),
  }),
  /** `turn_id` (Tandem's addition): the turn whose changes these are, as its task_started named it. */
  z.object({ type: z.literal('turn_diff'), unified_diff: z.string(), turn_id: z.string().optional() }),
  z.object({ type: z.literal('plan_update'), explanation: z.string().nullable().optional(), plan: z.array(PlanItem) }),
  z.object({ type: z.literal('token_count'), info: TokenUsageInfo.nullable() }),
  z.object({ type: z.literal('stream_error'), ...message, attempt: z.number().optional(), max_attempts: z.number().optional() }),
  z.object({ type: z.literal('error'), ...message }),
  z.object({ type: z.literal('warning'), ...message }),
  z.object({ type: z.literal('background_event'), ...message }),
  /** `summary` (Tandem's addition): the model's summary that replaced the conversation, for the person to read. */
  z.object({ type: z.literal('context_compacted'), summary: z.string().optional() }),
  z.object({ type: z.literal('undo_started'), message: z.string().nullable().optional() }),
  /** `turn_id` (Tandem's addition): the turn whose files a successful undo put back. */
  z.object({ type: z.literal('undo_completed'), success: z.boolean(), message: z.string().nullable().optional(), turn_id: z.string().optional() }),
  /**
   * Tandem's addition: the person put one file back as it was before a turn (the `revert_file` request). `path`
   * is the file as that turn's diff names it; `message` says what was done, in plain words.
   */
  z.object({ type: z.literal('file_reverted'), turn_id: z.string(), path: z.string(), message: z.string() }),
  z.object({ type: z.literal('thread_rolled_back'), num_turns: z.number() }),
  z.object({ type: z.literal('turn_aborted'), reason: z.enum(['interrupted', 'replaced']) }),
  z.object({ type: z.literal('task_complete'), last_agent_message: z.string().nullable() }),
  z.object({ type: z.literal('shutdown_complete') }),
] as const;

export const ReplayedEventMsg = z.discriminatedUnion('type', turnEventVariants);
export type ReplayedEventMsg = z.infer<typeof ReplayedEventMsg>;

export const SessionConfigured = z.object({
  type: z.literal('session_configured'),
  session_id: z.string(),
  model: z.string(),
  reasoning_effort: ReasoningEffort.nullable().optional(),
  cwd: z.string(),
  approval_policy: ApprovalPolicy,
  sandbox_policy: SandboxPolicy,
  rollout_path: z.string().nullable(),
  /** On resume: the earlier events, so a client can redraw the conversation. */
  initial_messages: z.array(ReplayedEventMsg).optional(),
});

export const EventMsg = z.discriminatedUnion('type', [SessionConfigured, ...turnEventVariants]);
export type EventMsg = z.infer<typeof EventMsg>;
export type EventType = EventMsg['type'];
export type EventMsgOf<T extends EventType> = Extract<EventMsg, { type: T }>;

/** An event and the id of the submission that caused it. */
export const Event = z.object({ id: z.string(), msg: EventMsg });
export type Event = z.infer<typeof Event>;
