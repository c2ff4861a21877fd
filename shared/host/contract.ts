import { z } from 'zod';
import { Submission } from '../protocol/ops.js';
import { Event, ReplayedEventMsg } from '../protocol/events.js';
import { EnvPassthrough, HiddenPaths } from './sandbox-privacy-schemas.js';

/**
 * The one table of requests a client may make of the host. Every door (Electron IPC, the WebSocket of
 * `tandem serve`) carries exactly these, validated against these schemas, and adds only transport.
 */

export const ApprovalPreset = z.enum(['ask', 'auto', 'full-access']);
export type ApprovalPreset = z.infer<typeof ApprovalPreset>;

/** The window's colours: follow the system's light or dark, or keep one. */
export const Theme = z.enum(['system', 'light', 'dark']);
export type Theme = z.infer<typeof Theme>;

/**
 * A setting this run of Tandem fixes whatever Settings say: `by` a command-line flag (`--base-url`, `-m`, `-a`,
 * `-s`), with `reason` saying which, in the person's words. Settings show such a value read-only and never save it.
 */
export const FixedSetting = z.object({ by: z.enum(['flag', 'environment']), reason: z.string() });
export type FixedSetting = z.infer<typeof FixedSetting>;

/** What a client may know of the settings: never the API key itself, only whether one is set. */
export const PublicSettings = z.object({
  has_api_key: z.boolean(),
  /** Where the key comes from: the settings store, the environment, or nowhere. */
  api_key_source: z.enum(['settings', 'environment', 'none']),
  base_url: z.string().nullable(),
  model: z.string(),
  approval_preset: ApprovalPreset,
  /** More places sandboxed commands must not see, as the person saved them (absolute or `~/…`). */
  hidden_paths: z.array(z.string()),
  /** Variables passed to commands although their names look secret, as saved. */
  env_passthrough: z.array(z.string()),
  /** The places always hidden from sandboxed commands, for the person to read: Settings cannot change them. */
  builtin_hidden_paths: z.array(z.string()),
  /** "Keep the conversation on the server", as saved: requests are chained on the provider (store: true). */
  server_state: z.boolean(),
  /** The window's colours. */
  theme: Theme,
  /** Whether the window tells the person (a system notification, the badge) when a session in the background needs them. */
  notifications: z.boolean(),
  /** The settings above that this run fixes (base_url, model and approval_preset are then this run's values, not the saved ones). */
  fixed: z
    .object({ base_url: FixedSetting.optional(), model: FixedSetting.optional(), approval_preset: FixedSetting.optional() })
    .default({}),
});
export type PublicSettings = z.infer<typeof PublicSettings>;

export const SettingsPatch = z.object({
  api_key: z.string().max(500).nullable().optional(),
  base_url: z.string().url().max(2000).nullable().optional(),
  model: z.string().min(1).max(200).optional(),
  approval_preset: ApprovalPreset.optional(),
  /** Replaces the saved list; [] clears it. */
  hidden_paths: HiddenPaths.optional(),
  /** Replaces the saved list; [] clears it. */
  env_passthrough: EnvPassthrough.optional(),
  server_state: z.boolean().optional(),
  theme: Theme.optional(),
  notifications: z.boolean().optional(),
});
export type SettingsPatch = z.infer<typeof SettingsPatch>;

export const SessionSummary = z.object({
  id: z.string(),
  cwd: z.string(),
  /** The name the person gave it, else its first request shortened. */
  title: z.string(),
  created_at: z.string(),
  updated_at: z.string(),
});
export type SessionSummary = z.infer<typeof SessionSummary>;

/** Where a search hit was found in a session. */
export const SearchHitKind = z.enum(['title', 'user', 'assistant', 'reasoning', 'command', 'output', 'patch']);
export type SearchHitKind = z.infer<typeof SearchHitKind>;

/**
 * One place a search found its words. `snippet` is a short stretch of the text around the match, on one line,
 * and `match` the [start, end) of the match within it (UTF-16 offsets, as JavaScript's strings count).
 * `occurrence` counts, from 0, the places in this session (in the order they happened, titles aside) whose
 * text holds the query, so that a window can find the same place among what it draws.
 */
export const SearchHit = z.object({
  session_id: z.string(),
  cwd: z.string(),
  title: z.string(),
  updated_at: z.string(),
  kind: SearchHitKind,
  snippet: z.string(),
  match: z.tuple([z.number().int().nonnegative(), z.number().int().nonnegative()]),
  occurrence: z.number().int().nonnegative(),
});
export type SearchHit = z.infer<typeof SearchHit>;

const path = z.string().min(1).max(4096);
const sessionId = z.string().min(1).max(200);
/**
 * On resume, a session_configured whose initial_messages hold only the newest whole turns of the
 * conversation: at most this many events and about 256 KB of them, though always one turn at least. A client
 * draws these first and fetches the earlier turns with `session_replay`. Left out, the whole conversation
 * comes in the one event, as it always did.
 */
const replayLimit = z.number().int().min(1).max(10_000);

/**
 * An event pushed from the host to a client: which session, and the session's event. `seq` numbers a
 * session's events 0, 1, 2, ... as the host saw them (the host always sets it; it is optional only so that
 * hand-made events in tests stay valid). A client that replays with `session_events` while events are being
 * pushed drops any event whose seq it has already applied.
 *
 * `replay_start` is set on a resumed session's session_configured when it comes paged (see `replay_limit`):
 * its initial_messages are then only the newest turns of the conversation so far, which begin at this index
 * of the session's replay. The earlier ones are fetched with `session_replay`; 0 means there are none.
 */
export const HostEvent = z.object({
  session_id: sessionId,
  event: Event,
  seq: z.number().int().nonnegative().optional(),
  replay_start: z.number().int().nonnegative().optional(),
});
export type HostEvent = z.infer<typeof HostEvent>;

/** A session running in the host right now (as opposed to one saved on disk, which SessionSummary describes). */
export const LiveSession = z.object({
  session_id: sessionId,
  cwd: z.string(),
  started_at: z.string(),
});
export type LiveSession = z.infer<typeof LiveSession>;

export const hostRequests = {
  /**
   * Starts a session in a folder, or resumes one by id. Events follow on the event channel.
   * `/`, the home folder or a folder that holds it is refused with the code `broad_folder` (see HostErrorCode)
   * unless `allow_broad_folder` is true: the person has been told and confirmed. On resume the saved session's
   * folder is the one checked.
   * A session open for writing in another process (another window's app, a `tandem serve`, a `tandem proto`) is
   * refused with the code `session_locked`; `read_only` (with `resume_id`) opens it anyway, to look: its
   * conversation is replayed, and every submission that would change it is answered with an error event.
   */
  open_session: {
    params: z.object({
      cwd: path,
      resume_id: sessionId.optional(),
      replay_limit: replayLimit.optional(),
      allow_broad_folder: z.boolean().optional(),
      read_only: z.boolean().optional(),
    }),
    result: z.object({ session_id: sessionId }),
  },
  submit: {
    params: z.object({ session_id: sessionId, submission: Submission }),
    result: z.object({ id: z.string() }),
  },
  close_session: {
    params: z.object({ session_id: sessionId }),
    result: z.object({ closed: z.boolean() }),
  },
  list_sessions: {
    params: z.object({ cwd: path.optional(), limit: z.number().int().min(1).max(10_000).optional() }),
    result: z.object({ sessions: z.array(SessionSummary) }),
  },
  recent_projects: {
    params: z.object({}),
    result: z.object({ projects: z.array(z.string()) }),
  },
  get_settings: {
    params: z.object({}),
    result: PublicSettings,
  },
  save_settings: {
    params: SettingsPatch,
    result: PublicSettings,
  },
  /**
   * The sessions running now, oldest first. A page that loads after a session was opened (a reload, a second
   * browser, `tandem serve -C DIR`) finds them here, then asks `session_events` for what it missed.
   */
  live_sessions: {
    params: z.object({}),
    result: z.object({ sessions: z.array(LiveSession) }),
  },
  /**
   * What a running session has said so far (every event with seq > after_seq; all of them without it), in
   * order. Deltas of messages, reasoning and command output that have since been completed are left out: the
   * completing event carries their full text. With `limit`, at most that many events and about 256 KB of them
   * (one at least), and `more` says whether later ones remain: ask again after the last seq received.
   * `replay_limit`: as for open_session, for the session_configured among them.
   */
  session_events: {
    params: z.object({
      session_id: sessionId,
      after_seq: z.number().int().nonnegative().optional(),
      limit: z.number().int().min(1).max(100_000).optional(),
      replay_limit: replayLimit.optional(),
    }),
    result: z.object({ events: z.array(HostEvent), more: z.boolean().optional() }),
  },
  /**
   * A page of the conversation a running session was resumed with (its replay: what an unpaged
   * session_configured carries in initial_messages), newest first: the latest whole turns that end before
   * index `before`, at most `limit` events (1,000 by default) and about 256 KB, though always one turn at
   * least. `start` is the index of the page's first event; the page before it is asked with before = start,
   * down to 0. Replayed events that do not fit the protocol (a damaged file) are left out, so a page may hold
   * fewer events than its span.
   */
  session_replay: {
    params: z.object({ session_id: sessionId, before: z.number().int().nonnegative(), limit: replayLimit.optional() }),
    result: z.object({ start: z.number().int().nonnegative(), messages: z.array(ReplayedEventMsg) }),
  },
  /**
   * Gives a saved session a name of the person's choosing (trimmed, on one line); it replaces the first-request
   * title everywhere the session is listed. An empty title goes back to the first request. The answer is the title
   * the session is now listed under. The name is written to the session's file, so the rename is also an update:
   * the session's updated_at moves to now. A session open for writing in another process is refused
   * (`session_locked`); one running here with no message yet takes the name, and is listed under it from its
   * first message (until then it is not saved at all).
   */
  rename_session: {
    params: z.object({ session_id: sessionId, title: z.string().max(200) }),
    result: z.object({ title: z.string() }),
  },
  /**
   * Moves a saved session to the trash folder of TANDEM_HOME (running here, it is closed first); it is then
   * neither listed nor found. A session open for writing in another process is refused (`session_locked`).
   * `deleted` is false only for a session running here that had no message yet: closing it left nothing to delete.
   * An id of no saved session is an error.
   */
  delete_session: {
    params: z.object({ session_id: sessionId }),
    result: z.object({ deleted: z.boolean() }),
  },
  /**
   * Puts a session deleted with delete_session back where it was, listed and found again under the same title and
   * updated_at: the Undo of a delete. An error when the trash holds no such session.
   */
  restore_session: {
    params: z.object({ session_id: sessionId }),
    result: z.object({ restored: z.boolean() }),
  },
  /**
   * Finds words (case-insensitive, as typed: no syntax) in every saved session's title and text (messages,
   * reasoning, commands, their output, patches), newest sessions first; per session, the title hit if any,
   * then its first few hits (at most 3) in order. `cwd` keeps to one project folder. Sessions running now are
   * searched as they stand.
   *
   * The places of a session are the events of its replay (what session_configured carries in initial_messages on
   * resume), in order, one place per user_message ('user'), agent_message ('assistant'), agent_reasoning
   * ('reasoning'), exec_command_begin ('command': its command joined with spaces), exec_command_end ('output': its
   * aggregated_output, the first 256 KB) and patch_apply_begin ('patch': each path, then its diff or content).
   * A hit's `occurrence` counts from 0 the places whose text holds the query. `limit` (200 by default) caps the
   * hits; `truncated` says whether more were left out. `partial` is true while the host is still reading the
   * saved sessions in the background (just after it started): the sessions not read yet were not searched, and
   * asking again later finds more.
   */
  search_sessions: {
    params: z.object({
      query: z.string().min(1).max(500),
      cwd: path.optional(),
      limit: z.number().int().min(1).max(1_000).optional(),
    }),
    result: z.object({ hits: z.array(SearchHit), truncated: z.boolean(), partial: z.boolean().optional() }),
  },
  /**
   * Tells the person about sessions that need them, where the door can: `badge` is how many wait (the dock or
   * taskbar count, 0 to clear it), `notify` a system notification which, when clicked, brings the window
   * forward and shows its session. Under Electron the main process does both; through the browser door the
   * page uses the web's Notification API itself and this answers `shown: false`.
   */
  attention: {
    params: z.object({
      badge: z.number().int().min(0).max(10_000),
      notify: z.object({ session_id: sessionId, title: z.string().max(200), body: z.string().max(1_000) }).optional(),
    }),
    result: z.object({ shown: z.boolean() }),
  },
  /** A native folder picker; in a browser, where none exists, the result is null. */
  pick_folder: {
    params: z.object({}),
    result: z.object({ path: z.string().nullable() }),
  },
  /**
   * Asks the model server one cheap question (GET {base URL}/models, a few seconds at most) to tell whether
   * Settings would work: with the base URL and key given (what the person typed but has not saved), else the
   * ones sessions would use. `outcome` in plain words: `reachable`, `key_refused` (401/403, or no key at all),
   * `not_reachable` (refused, unknown name, no answer in time, a server error), `not_responses` (something
   * answered, but not as an OpenAI-style API does). `message` says it for a person; `base_url` is what was asked.
   */
  test_connection: {
    params: z.object({ base_url: z.string().url().max(2000).nullable().optional(), api_key: z.string().max(500).optional() }),
    result: z.object({
      outcome: z.enum(['reachable', 'key_refused', 'not_reachable', 'not_responses']),
      message: z.string(),
      base_url: z.string(),
    }),
  },
  /**
   * Puts one file back as it was before a turn: `turn_id` as the turn's task_started and turn_diff named it,
   * `path` as its diff names the file. In git the turn's snapshot gives the content; elsewhere the turn's own
   * diff is applied the other way round (refused when the file has changed since so that it no longer fits).
   * The session records a file_reverted event, which every window draws, and tells the model in its next input
   * which file the person reverted. Refused while a turn runs, for a turn that was undone, and for a file the
   * turn did not change.
   */
  revert_file: {
    params: z.object({ session_id: sessionId, turn_id: z.string().min(1).max(200), path }),
    result: z.object({ message: z.string() }),
  },
  /**
   * Writes text to a file the person chooses in a native save dialog (`suggested_name` is offered) and answers
   * where, or null when they cancelled. Through the browser door, which has no dialog, it answers null without
   * asking, and a page offers the text as a download instead.
   */
  save_text_file: {
    params: z.object({ suggested_name: z.string().min(1).max(255), content: z.string().max(64 * 1024 * 1024) }),
    result: z.object({ path: z.string().nullable() }),
  },
  /**
   * The project's files for an @-mention in the composer, best match first: fuzzy (the letters of `query` in
   * order, any case; an empty query lists shallow files first). In a git repository the files git tracks and
   * the untracked ones it does not ignore; elsewhere a walk honouring `.gitignore`. Paths are relative to the
   * session's folder, with `/`. The list is kept per session and made again when older than a few seconds.
   * `matched`: how many files matched; `total`: how many the project has; `truncated`: the project has more
   * files than are listed (200,000).
   */
  list_files: {
    params: z.object({ session_id: sessionId, query: z.string().max(500), limit: z.number().int().min(1).max(500).optional() }),
    result: z.object({
      paths: z.array(z.string()),
      matched: z.number().int().nonnegative(),
      total: z.number().int().nonnegative(),
      truncated: z.boolean(),
    }),
  },
} as const;

export type HostRequestName = keyof typeof hostRequests;
export type HostParams<N extends HostRequestName> = z.infer<(typeof hostRequests)[N]['params']>;
export type HostResult<N extends HostRequestName> = z.infer<(typeof hostRequests)[N]['result']>;
export const hostRequestNames = Object.keys(hostRequests) as HostRequestName[];

/**
 * The API a renderer holds (window.tandem under Electron, the WebSocket client in a browser). A fixed set
 * of calls and one event subscription: no generic send/receive.
 */
export interface TandemApi {
  readonly door: 'ipc' | 'websocket';
  request<N extends HostRequestName>(name: N, params: HostParams<N>): Promise<HostResult<N>>;
  onEvent(listener: (event: HostEvent) => void): () => void;
  /**
   * Electron's preload only: the events the host said in one turn of its event loop, in order, as they crossed the
   * door and unchecked (one call across contextBridge per turn rather than one per event). The page checks each on
   * its own (renderer/api/ipcDoor.ts), so that one it cannot read costs it that event only.
   */
  onEventBatch?(listener: (events: readonly unknown[]) => void): () => void;
  /** Resolves a dropped File to its path (Electron only; null in a browser, where paths are typed). */
  pathForFile(file: unknown): string | null;
  /**
   * Electron only: the person clicked a notification of the attention request, and the window should show that
   * session. Absent in a browser, where the page handles its own notifications' clicks.
   */
  onShowSession?(listener: (sessionId: string) => void): () => void;
  /** Electron only: Help › Keyboard Shortcuts was chosen in the app's menu. */
  onShowShortcuts?(listener: () => void): () => void;
}

/**
 * Refusals a client acts on by their kind, not only by showing the words:
 * - `broad_folder`: open_session was asked for `/`, the home folder or a folder that holds the home folder, all
 *   of which the session's commands could then change. The error says so in plain words; a client asks the
 *   person and, if they confirm, sends the request again with `allow_broad_folder: true`.
 * - `session_locked`: open_session was asked to resume a session that another process has open for writing.
 *   The error names it (the app, `tandem serve` and its port, `tandem proto` or `exec`, with its pid); a client
 *   may offer to send the request again with `read_only: true`, to look. rename_session and delete_session are
 *   refused with it too, for the same reason: the session has one writer, and it is elsewhere.
 */
export const HostErrorCode = z.enum(['broad_folder', 'session_locked']);
export type HostErrorCode = z.infer<typeof HostErrorCode>;

/** Every door answers a request with one of these; `code` only on the refusals HostErrorCode names. */
export type HostReply<T> = { ok: true; result: T } | { ok: false; error: string; code?: HostErrorCode };
