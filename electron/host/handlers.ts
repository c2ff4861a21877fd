import os from 'node:os';
import type { HostParams, HostRequestName, HostResult } from '../../shared/host/contract.js';
import { HostRequestError } from '../../shared/host/host-error.js';
import {
  SESSION_TITLE_MAX_CHARS,
  SessionLockedError,
  checkSessionId,
  type IndexFollower,
  normalizeCustomTitle,
  renameSavedSession,
  restoreSession,
  savedSessionCwd,
  trashSession,
  type SessionSearch,
  type SessionHolder,
} from '../store/index.js';
import type { ProjectFileIndex } from '../files/project-file-index.js';
import type { ProjectFiles } from '../files/project-files.js';
import { broadFolderOf, checkFolderBreadth } from './broad-folder.js';
import type { DoorContext } from './door-context.js';
import type { LiveSessions } from './live-sessions.js';
import { resolveProjectFolder } from './project-folder.js';
import type { RecentProjects } from './recent-projects.js';
import { builtinHiddenPaths, effectiveSettings, publicSettings, withoutFlagValues, type EffectiveSettings, type SessionOverrides } from './settings/effective-settings.js';
import { testConnection } from './settings/test-connection.js';
import type { SettingsStore } from './settings/settings-store.js';
import { withReplay } from './session-replay.js';

export type AttentionRequest = HostParams<'attention'>;
export type AttentionResult = HostResult<'attention'>;
export type SaveTextFileRequest = HostParams<'save_text_file'>;

/** A page of session_events with a limit holds about this much JSON. */
export const SESSION_EVENTS_PAGE_MAX_CHARS = 256 * 1024;

/** One handler per request of the contract: the compiler lists any request left without one. */
export type HostHandlers = {
  [N in HostRequestName]: (params: HostParams<N>, origin: DoorContext) => Promise<HostResult<N>>;
};

/** What the handlers work with; the Host owns it. */
export interface HandlerDeps {
  home: string;
  env: NodeJS.ProcessEnv;
  overrides: SessionOverrides;
  sessions: LiveSessions;
  settings: SettingsStore;
  recent: RecentProjects;
  /** The session index as this host follows it: what list_sessions answers from. */
  index: IndexFollower;
  /** Search over the saved sessions, built on the first search_sessions. */
  search: SessionSearch;
  pickFolder: (origin: DoorContext) => Promise<string | null>;
  /** A native save dialog that writes the text where the person chose; null when there is none or they cancelled. */
  saveTextFile: (request: SaveTextFileRequest, origin: DoorContext) => Promise<string | null>;
  /** Shows the person that sessions need them (badge, notification); see Host's `attention` option. */
  attention: (request: AttentionRequest, origin: DoorContext) => Promise<AttentionResult>;
  /** Throws when the host is shutting down, so no new session outlives it. */
  assertAcceptingSessions(): void;
  /** Sessions being created, so that shutdown can wait for them and close them too. */
  track<T>(work: Promise<T>): Promise<T>;
  closeGraceMs: number;
  warn(message: string): void;
  /** How the sessions this host opens name it to another process that finds one open (the app, `tandem serve` on its port). */
  holder(): SessionHolder | null;
  /** How long after a session opens its files are listed for @-mentions (see HostOptions.fileListWarmUpAfterMs); null: on the first @. */
  fileListWarmUpAfterMs: number | null;
  /** Lists a project's files; the real lister (electron/files) when absent. Tests count its calls. */
  listFiles?: (cwd: string) => Promise<ProjectFiles>;
}

/** The settings as a client may see them, with the places every session hides whatever they say. */
function settingsView(deps: HandlerDeps, settings: EffectiveSettings) {
  return publicSettings(settings, builtinHiddenPaths(deps.home, deps.env.HOME || os.homedir()));
}

function runningOrThrow(deps: HandlerDeps, sessionId: string) {
  const running = deps.sessions.get(sessionId);
  if (!running) {
    throw new Error(`No session ${sessionId} is running here. It may have ended, or Tandem was restarted: open it again from the session list.`);
  }
  return running;
}

/** A session another process has open, as the refusal a window acts on (it may offer to look read-only). */
function lockedElsewhere<T>(work: Promise<T>): Promise<T> {
  return work.catch((err: unknown) => {
    throw err instanceof SessionLockedError ? new HostRequestError(err.message, 'session_locked') : err;
  });
}

/*
 * The agent (the model client, the shell parser, patches) and the file lister are loaded on the first session
 * and the first @-mention, not with the host: a window opens, and lists and searches sessions, without them.
 */
const loadSession = () => import('../agent/session.js');
const loadProjectFileIndex = () => import('../files/project-file-index.js');

/** How many paths list_files answers with when the client names no limit. */
export const LIST_FILES_DEFAULT_LIMIT = 50;

export function createHandlers(deps: HandlerDeps): HostHandlers {
  // Each running session's files, listed on its first @-mention and kept while it runs.
  const fileIndexes = new Map<string, ProjectFileIndex>();
  const fileIndexOf = async (sessionId: string): Promise<ProjectFileIndex> => {
    const { ProjectFileIndex } = await loadProjectFileIndex();
    const running = runningOrThrow(deps, sessionId);
    for (const id of fileIndexes.keys()) if (!deps.sessions.get(id)) fileIndexes.delete(id);
    let index = fileIndexes.get(sessionId);
    if (!index || index.cwd !== running.cwd) {
      index = new ProjectFileIndex(running.cwd, deps.listFiles);
      fileIndexes.set(sessionId, index);
    }
    return index;
  };
  // A person who opens a project to work in it often mentions a file in their first message: its files are listed
  // as it opens, in the background (git runs in its own process; the host prepares the list a slice at
  // a time), so the first @ is answered from that list. A session opened read-only to look at runs nothing and
  // mentions nothing, and a broad folder (the home folder, /) is listed only if someone asks.
  const warmUpFileIndex = (sessionId: string) => {
    const after = deps.fileListWarmUpAfterMs;
    if (after === null) return;
    setTimeout(() => {
      if (!deps.sessions.get(sessionId)) return;
      fileIndexOf(sessionId).then(
        (index) => index.warmUp(LIST_FILES_DEFAULT_LIMIT),
        () => undefined,
      );
    }, after).unref();
  };

  return {
    async open_session({ cwd, resume_id, replay_limit, allow_broad_folder, read_only }) {
      deps.assertAcceptingSessions();
      const readOnly = read_only === true;
      if (readOnly && resume_id === undefined) throw new Error('read_only opens a saved session to look at: give its resume_id.');
      if (resume_id !== undefined) {
        // Resuming a session that is still running joins it: two Sessions must never share one rollout. A
        // running writer serves a look too; a read-only one is closed to make way for a writer.
        const live = deps.sessions.get(resume_id);
        if (live && !live.closing && (readOnly || !live.session.readOnly)) return { session_id: resume_id };
        // One that is shutting down is let finish first, so its last lines are on disk before it is read.
        if (live) await deps.sessions.close(resume_id, deps.closeGraceMs);
      }
      // The agent's modules load (the first time) while the checks below wait on the disk.
      const agent = loadSession();
      agent.catch(() => undefined);
      const homeDir = deps.env.HOME || os.homedir();
      const folder = await resolveProjectFolder(cwd, homeDir);
      const settings = effectiveSettings(await deps.settings.read(), deps.env, deps.overrides);
      // Checked here, not in a client, so that every door keeps the rule. A resumed session goes back to the
      // folder its file names, whatever folder the client sent.
      const workFolder = resume_id === undefined ? folder : ((await savedSessionCwd(deps.home, resume_id)) ?? folder);
      // A read-only session runs nothing, so its folder needs no confirming.
      if (!readOnly) await checkFolderBreadth(workFolder, { sandboxPolicy: settings.sandboxPolicy, allowed: allow_broad_folder === true, homeDir });
      const { Session } = await agent;
      const session = await deps.track(
        Session.create({
          cwd: folder,
          allowBroadFolder: allow_broad_folder === true,
          model: settings.model,
          baseUrl: settings.baseUrl ?? undefined,
          apiKey: settings.apiKey ?? undefined,
          approvalPolicy: settings.approvalPolicy,
          sandboxPolicy: settings.sandboxPolicy,
          home: deps.home,
          resumeId: resume_id,
          env: deps.env,
          hiddenPaths: settings.hiddenPaths,
          envPassthrough: settings.envPassthrough,
          serverState: settings.serverState,
          readOnly,
          holder: deps.holder() ?? undefined,
          // The host keeps the replay and parses it a page at a time (see SessionReplay).
          replayApart: true,
        }).catch((err: unknown) => {
          // With its code, so that a window can offer to open it read-only.
          throw err instanceof SessionLockedError ? new HostRequestError(err.message, 'session_locked') : err;
        }),
      );
      deps.sessions.adopt(session, folder, { replayLimit: replay_limit });
      try {
        deps.assertAcceptingSessions();
      } catch (err) {
        // The host began to shut down while this session was starting: it must not outlive the host.
        await deps.sessions.close(session.sessionId, deps.closeGraceMs);
        throw err;
      }
      await deps.recent.remember(folder).catch((err: unknown) => deps.warn(`Tandem could not update the recent projects: ${String(err)}`));
      if (!readOnly && (await broadFolderOf(folder, homeDir)) === null) warmUpFileIndex(session.sessionId);
      return { session_id: session.sessionId };
    },

    async submit({ session_id, submission }) {
      const running = runningOrThrow(deps, session_id);
      if (running.closing) throw new Error(`Session ${session_id} is shutting down and takes no more requests.`);
      if (submission.op.type === 'shutdown') running.closing = true;
      return { id: running.session.submit(submission.op, submission.id) };
    },

    async close_session({ session_id }) {
      return { closed: await deps.sessions.close(session_id, deps.closeGraceMs) };
    },

    async list_sessions({ cwd, limit }) {
      const sessions = await deps.index.list({ cwd, limit });
      return { sessions: sessions.map(({ path: _path, ...summary }) => summary) };
    },

    async live_sessions() {
      return { sessions: deps.sessions.list() };
    },

    async session_events({ session_id, after_seq, limit, replay_limit }) {
      const running = runningOrThrow(deps, session_id);
      const { events, more } = limit === undefined ? { events: running.log.since(after_seq), more: undefined } : running.log.page(after_seq ?? -1, limit, SESSION_EVENTS_PAGE_MAX_CHARS);
      return { events: events.map((event) => withReplay(event, running.replay, replay_limit)), ...(more === undefined ? {} : { more }) };
    },

    async session_replay({ session_id, before, limit }) {
      const replay = runningOrThrow(deps, session_id).replay;
      if (replay === null) return { start: 0, messages: [] };
      const { start, messages } = replay.page(before, limit);
      return { start, messages };
    },

    async recent_projects() {
      return { projects: await deps.recent.list() };
    },

    async get_settings() {
      return settingsView(deps, effectiveSettings(await deps.settings.read(), deps.env, deps.overrides));
    },

    async save_settings(patch) {
      const before = effectiveSettings(await deps.settings.read(), deps.env, deps.overrides);
      // A value a flag of this run fixes is shown, never saved: it would outlive the run.
      await deps.settings.save(withoutFlagValues(patch, before));
      const settings = effectiveSettings(await deps.settings.read(), deps.env, deps.overrides);
      // Sessions already open take the new key and base URL at once: a person who opened a folder before
      // entering a key should not have to open it again. The privacy lists too: a place the person just hid
      // should not stay readable to the sessions already running. And "Keep the conversation on the server",
      // so that turning it off stops the next request from being stored. A new model or approval preset
      // applies from each session's next request, as an override_turn_context would (it is recorded so).
      const modelChanged = before.model !== settings.model;
      const policiesChanged = before.approvalPolicy !== settings.approvalPolicy || before.sandboxPolicy.mode !== settings.sandboxPolicy.mode;
      for (const live of deps.sessions.list()) {
        const running = deps.sessions.get(live.session_id);
        const session = running?.session;
        session?.setModelCredentials({ apiKey: settings.apiKey, baseUrl: settings.baseUrl ?? undefined });
        session?.setSandboxPreferences({ hiddenPaths: settings.hiddenPaths, envPassthrough: settings.envPassthrough });
        session?.setServerState(settings.serverState);
        if (!session || running.closing || session.readOnly || (!modelChanged && !policiesChanged)) continue;
        session.submit({
          type: 'override_turn_context',
          ...(modelChanged ? { model: settings.model } : {}),
          ...(policiesChanged ? { approval_policy: settings.approvalPolicy, sandbox_policy: settings.sandboxPolicy } : {}),
        });
      }
      return settingsView(deps, settings);
    },

    async rename_session({ session_id, title }) {
      checkSessionId(session_id);
      const name = normalizeCustomTitle(title, SESSION_TITLE_MAX_CHARS);
      const live = deps.sessions.get(session_id);
      // A session this host is writing is renamed through its own recorder: one writer per rollout.
      if (live && !live.closing && !live.session.readOnly) return { title: live.session.rename(name) };
      // One shutting down is let finish, so that its last lines are on disk before ours.
      if (live?.closing) await deps.sessions.close(session_id, deps.closeGraceMs);
      return { title: await lockedElsewhere(renameSavedSession(deps.home, session_id, name, deps.holder())) };
    },

    async delete_session({ session_id }) {
      checkSessionId(session_id);
      // Closed first: its recorder writes its last lines and lets go of its lock.
      const wasRunning = await deps.sessions.close(session_id, deps.closeGraceMs);
      const deleted = await lockedElsewhere(trashSession(deps.home, session_id, deps.holder()));
      if (deleted) await deps.search.forget(session_id).catch((err: unknown) => deps.warn(`Tandem could not remove the search cache of session ${session_id}: ${String(err)}`));
      // A session closed before its first message left nothing to delete.
      if (!deleted && !wasRunning) throw new Error(`There is no saved session ${session_id}.`);
      return { deleted };
    },

    async restore_session({ session_id }) {
      checkSessionId(session_id);
      if (!(await restoreSession(deps.home, session_id))) throw new Error(`There is no deleted session ${session_id} in the trash.`);
      return { restored: true };
    },

    async search_sessions({ query, cwd, limit }) {
      // The sessions running here are searched as they are now: their index entries lag their files.
      const live = new Set(deps.sessions.list().map((running) => running.session_id));
      return deps.search.search(query, { cwd, limit, live });
    },

    async attention(params, origin) {
      return deps.attention(params, origin);
    },

    async pick_folder(_params, origin) {
      return { path: await deps.pickFolder(origin) };
    },

    async test_connection({ base_url, api_key }) {
      const settings = effectiveSettings(await deps.settings.read(), deps.env, deps.overrides);
      const key = api_key?.trim() || settings.apiKey;
      // A base URL a flag fixes is the one sessions use, whatever the person typed.
      const base = settings.fixed.base_url ? settings.baseUrl : base_url === undefined ? settings.baseUrl : base_url;
      return testConnection(base, key);
    },

    async revert_file({ session_id, turn_id, path }) {
      const running = runningOrThrow(deps, session_id);
      if (running.closing) throw new Error(`Session ${session_id} is shutting down and takes no more requests.`);
      return { message: await running.session.revertFile(turn_id, path) };
    },

    async save_text_file(params, origin) {
      return { path: await deps.saveTextFile(params, origin) };
    },

    async list_files({ session_id, query, limit }) {
      return (await fileIndexOf(session_id)).query(query, limit ?? LIST_FILES_DEFAULT_LIMIT);
    },
  };
}
