import os from 'node:os';
import path from 'node:path';
import type { ApprovalPolicy, ReasoningEffort, SandboxPolicy } from '../../shared/protocol/index.js';
import type { SessionHolder } from '../store/index.js';

export const DEFAULT_MODEL = 'gpt-5-codex';
export const DEFAULT_COMMAND_TIMEOUT_MS = 10_000;

/** What a door hands the agent to open a session. Unset fields fall back to the environment, then defaults. */
export interface SessionOptions {
  cwd: string;
  model?: string | undefined;
  baseUrl?: string | undefined;
  apiKey?: string | undefined;
  approvalPolicy?: ApprovalPolicy | undefined;
  sandboxPolicy?: SandboxPolicy | undefined;
  effort?: ReasoningEffort | undefined;
  /** TANDEM_HOME: where sessions and settings live. `null` keeps nothing on disk. */
  home?: string | null | undefined;
  /** Resume the session with this id from TANDEM_HOME. */
  resumeId?: string | undefined;
  /**
   * With resumeId: open the saved session to look, even while another process has it open. Its conversation
   * is replayed; nothing is written, and ops that would write are answered with an error.
   */
  readOnly?: boolean | undefined;
  /** Which door opens the session, named to anyone who finds it open (see electron/store/session-lock.ts). */
  holder?: SessionHolder | undefined;
  /**
   * With resumeId: session_configured comes without initial_messages, and Session.takeResumedReplay hands
   * them over with the saved events still unparsed (the host parses a page of them at a time).
   */
  replayApart?: boolean | undefined;
  /** Extra writable roots for workspace-write. */
  writableRoots?: string[] | undefined;
  /** More folders or files sandboxed commands must not see (absolute or `~/…`), beside the built-in list. */
  hiddenPaths?: string[] | undefined;
  /** Environment variables passed to commands although their names look secret (`GITHUB_TOKEN`, say). */
  envPassthrough?: string[] | undefined;
  /**
   * The person confirmed working in `/`, their home folder or a folder holding it. Without it, a change of
   * folder or sandbox that would make such a folder writable is refused (the door checks the opening).
   */
  allowBroadFolder?: boolean | undefined;
  /**
   * Keep the conversation on the server: requests are stored (`store: true`) and chained with
   * `previous_response_id`, carrying only the items new since the last response. Off by default, when every
   * request carries the whole conversation and nothing is kept on the provider's side.
   */
  serverState?: boolean | undefined;
  /** Overrides the model's context window (tokens). */
  contextWindow?: number | undefined;
  /** The environment to read OPENAI_* and TANDEM_HOME from; process.env by default. */
  env?: NodeJS.ProcessEnv | undefined;
}

export interface TurnSettings {
  cwd: string;
  model: string;
  effort: ReasoningEffort | null;
  approvalPolicy: ApprovalPolicy;
  sandboxPolicy: SandboxPolicy;
  /** See SessionOptions.serverState. */
  serverState: boolean;
}

export interface ResolvedOptions extends TurnSettings {
  apiKey: string | null;
  baseUrl: string | undefined;
  home: string | null;
  writableRoots: string[];
  hiddenPaths: string[];
  envPassthrough: string[];
  allowBroadFolder: boolean;
  contextWindow: number | undefined;
  resumeId: string | undefined;
}

export function defaultTandemHome(env: NodeJS.ProcessEnv = process.env): string {
  return env.TANDEM_HOME || path.join(os.homedir(), '.tandem');
}

export function resolveOptions(options: SessionOptions): ResolvedOptions {
  const env = options.env ?? process.env;
  return {
    cwd: path.resolve(options.cwd),
    model: options.model || env.TANDEM_MODEL || DEFAULT_MODEL,
    effort: options.effort ?? null,
    serverState: options.serverState === true,
    approvalPolicy: options.approvalPolicy ?? 'on-request',
    sandboxPolicy: options.sandboxPolicy ?? { mode: 'workspace-write' },
    apiKey: options.apiKey || env.OPENAI_API_KEY || null,
    baseUrl: options.baseUrl || env.OPENAI_BASE_URL || undefined,
    home: options.home === null ? null : (options.home ?? defaultTandemHome(env)),
    writableRoots: (options.writableRoots ?? []).map((root) => path.resolve(options.cwd, root)),
    hiddenPaths: options.hiddenPaths ?? [],
    envPassthrough: options.envPassthrough ?? [],
    allowBroadFolder: options.allowBroadFolder === true,
    contextWindow: options.contextWindow,
    resumeId: options.resumeId,
  };
}

export const MISSING_API_KEY_MESSAGE =
  'No OpenAI API key is set. Add one in Settings, or set OPENAI_API_KEY in the environment, then send your request again.';
