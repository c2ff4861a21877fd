import { hostRequests, type HostEvent, type HostParams, type HostReply, type HostRequestName, type HostResult } from '../../shared/host/contract.js';
import { HostRequestError } from '../../shared/host/host-error.js';
import { describeIssues } from '../../shared/protocol/index.js';
import { INTERNAL_CONTEXT, type DoorContext } from './door-context.js';
import { createHandlers, type AttentionRequest, type AttentionResult, type HostHandlers, type SaveTextFileRequest } from './handlers.js';
import { LiveSessions } from './live-sessions.js';
import { RecentProjects } from './recent-projects.js';
import { IndexFollower, SessionSearch, type SessionHolder } from '../store/index.js';
import type { SessionOverrides } from './settings/effective-settings.js';
import type { ProjectFiles } from '../files/project-files.js';
import type { SecretStore } from './settings/secret-store.js';
import { SettingsStore } from './settings/settings-store.js';

export interface HostOptions {
  /** TANDEM_HOME: sessions, settings, recent projects. */
  home: string;
  /** Where the API key is kept (safeStorage under Electron, a 0600 file under `tandem serve`). */
  secrets: SecretStore;
  /** A native folder picker; without one (a browser) pick_folder answers null. */
  pickFolder?: (origin: DoorContext) => Promise<string | null>;
  /**
   * A native save dialog for save_text_file (Electron: electron/doors/ipc/save-dialog.ts); without one (a
   * browser) the request answers null and the page downloads the text itself.
   */
  saveTextFile?: (request: SaveTextFileRequest, origin: DoorContext) => Promise<string | null>;
  /**
   * Tells the person that sessions need them: the dock or taskbar badge (`badge`, 0 clears it) and, with
   * `notify`, a system notification whose click shows that session. Under Electron the main process passes
   * one that does both and answers `shown: true` when it showed the notification. Without one (the browser
   * door of `tandem serve`, the CLI) the attention request answers `shown: false`, and a page uses the web's
   * Notification API itself.
   */
  attention?: (request: AttentionRequest, origin: DoorContext) => Promise<AttentionResult>;
  /** Command-line settings that win over saved ones for this run. */
  overrides?: SessionOverrides;
  /** Where OPENAI_API_KEY, OPENAI_BASE_URL and TANDEM_MODEL are read; process.env by default. */
  env?: NodeJS.ProcessEnv;
  /** How long shutdown and close_session wait for a session to end. */
  closeGraceMs?: number;
  warn?: (message: string) => void;
  /**
   * How long after the host starts the search begins reading the saved sessions in the background (see
   * SessionSearch.warmUp): a moment, so that a window opening meanwhile is not slowed. null: no warm-up (the
   * first search then reads everything itself).
   */
  searchWarmUpAfterMs?: number | null;
  /**
   * Who this host is, as the lock of each session it opens names it to another process that finds the
   * session open: the app, or `tandem serve` on its port (a function, since the port is known only later).
   */
  holder?: SessionHolder | (() => SessionHolder);
  /**
   * How long after a session opens its files are listed for @-mentions, in the background (see
   * ProjectFileIndex.warmUp): at once by default (after the open's reply), since git lists in a process of its
   * own and a big repository takes a second or more. null: listed on the first @.
   */
  fileListWarmUpAfterMs?: number | null;
  /** Lists a project's files for @-mentions; electron/files' lister by default (tests count its calls). */
  listFiles?: (cwd: string) => Promise<ProjectFiles>;
}

const DEFAULT_CLOSE_GRACE_MS = 5_000;
const DEFAULT_FILE_LIST_WARM_UP_AFTER_MS = 0;
const DEFAULT_SEARCH_WARM_UP_AFTER_MS = 1_000;

type Listener = (event: HostEvent) => void;

/**
 * The core every door opens onto: it owns the sessions and answers the one table of requests. A door only
 * carries requests here (`handle`) and events out (`onEvent`); validation and behaviour live here, once.
 * Plain Node: it runs in Electron's main process and under `tandem serve` alike.
 */
export class Host {
  private readonly listeners = new Set<Listener>();
  private readonly sessions: LiveSessions;
  private readonly handlers: HostHandlers;
  private readonly starting = new Set<Promise<unknown>>();
  private stopping: Promise<void> | null = null;
  private readonly warn: (message: string) => void;
  private readonly search: SessionSearch;
  private warmUpTimer: NodeJS.Timeout | undefined;

  constructor(options: HostOptions) {
    const env = options.env ?? process.env;
    this.warn = options.warn ?? ((message) => console.warn(message));
    this.sessions = new LiveSessions((event) => this.deliver(event), this.warn);
    const index = new IndexFollower(options.home);
    const warmUpAfter = options.searchWarmUpAfterMs === undefined ? DEFAULT_SEARCH_WARM_UP_AFTER_MS : options.searchWarmUpAfterMs;
    this.search = new SessionSearch(options.home, index, { background: warmUpAfter !== null });
    if (warmUpAfter !== null) {
      this.warmUpTimer = setTimeout(() => void this.search.warmUp(), warmUpAfter);
      // The warm-up never keeps a process alive that has nothing else to do.
      this.warmUpTimer.unref();
    }
    this.handlers = createHandlers({
      home: options.home,
      env,
      overrides: options.overrides ?? {},
      sessions: this.sessions,
      settings: new SettingsStore(options.home, options.secrets),
      recent: new RecentProjects(options.home),
      index,
      search: this.search,
      pickFolder: options.pickFolder ?? (async () => null),
      saveTextFile: options.saveTextFile ?? (async () => null),
      attention: options.attention ?? (async () => ({ shown: false })),
      assertAcceptingSessions: () => {
        if (this.stopping) throw new Error('Tandem is shutting down and opens no new sessions.');
      },
      track: (work) => {
        this.starting.add(work);
        void work.finally(() => this.starting.delete(work)).catch(() => undefined);
        return work;
      },
      closeGraceMs: options.closeGraceMs ?? DEFAULT_CLOSE_GRACE_MS,
      warn: this.warn,
      holder: () => (typeof options.holder === 'function' ? options.holder() : (options.holder ?? null)),
      fileListWarmUpAfterMs: options.fileListWarmUpAfterMs === undefined ? DEFAULT_FILE_LIST_WARM_UP_AFTER_MS : options.fileListWarmUpAfterMs,
      listFiles: options.listFiles,
    });
  }

  /**
   * Answers one request from any door. Never throws: an unknown name, params that do not fit the contract
   * and a failing handler all come back as `{ok: false, error}` in words a person can act on.
   */
  async handle(name: string, params: unknown, origin: DoorContext): Promise<HostReply<unknown>> {
    if (!Object.hasOwn(hostRequests, name)) return { ok: false, error: `unknown request "${name}"` };
    const requestName = name as HostRequestName;
    const spec = hostRequests[requestName];
    // Requests without fields may leave params out.
    const checked = spec.params.safeParse(params === undefined ? {} : params);
    if (!checked.success) return { ok: false, error: `invalid ${requestName} request: ${describeIssues(checked.error)}` };
    let result: unknown;
    try {
      const handler = this.handlers[requestName] as (params: unknown, origin: DoorContext) => Promise<unknown>;
      result = await handler(checked.data, origin);
    } catch (err) {
      const code = err instanceof HostRequestError ? err.code : null;
      return { ok: false, error: err instanceof Error ? err.message : String(err), ...(code === null ? {} : { code }) };
    }
    // The result crosses a door too: check it, and drop anything the contract does not name.
    const answer = spec.result.safeParse(result);
    if (!answer.success) return { ok: false, error: `internal error: the answer to ${requestName} does not fit the contract: ${describeIssues(answer.error)}` };
    return { ok: true, result: answer.data };
  }

  /** `handle` for the host's owner: typed, and throwing the error (and its code) a client would have been sent. */
  async request<N extends HostRequestName>(name: N, params: HostParams<N>, origin: DoorContext = INTERNAL_CONTEXT): Promise<HostResult<N>> {
    const reply = await this.handle(name, params, origin);
    if (!reply.ok) throw new HostRequestError(reply.error, reply.code ?? null);
    return reply.result as HostResult<N>;
  }

  /** Every session's events, as they happen. Returns the unsubscribe. */
  onEvent(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Sessions running now. */
  get liveSessionCount(): number {
    return this.sessions.size;
  }

  /**
   * Starts the search's background reading of the saved sessions now (if it is not running or done) and
   * resolves when every session is read.
   */
  warmUpSearch(): Promise<void> {
    clearTimeout(this.warmUpTimer);
    return this.search.warmUp();
  }

  /** Shuts every session down (those still starting too) and opens no more. Safe to call more than once. */
  shutdown(graceMs = DEFAULT_CLOSE_GRACE_MS): Promise<void> {
    this.stopping ??= (async () => {
      clearTimeout(this.warmUpTimer);
      await this.search.stopWarmUp();
      await Promise.allSettled([...this.starting]);
      await this.sessions.closeAll(graceMs);
    })();
    return this.stopping;
  }

  private deliver(event: HostEvent): void {
    for (const listener of this.listeners) {
      try {
        listener(event);
      } catch (err) {
        // One broken client must not cost the others their events.
        this.warn(`Tandem: an event listener failed: ${err instanceof Error ? err.message : String(err)}`);
      }
    }
  }
}
