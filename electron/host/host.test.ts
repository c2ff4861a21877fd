import { describe, expect, it } from 'vitest';
import { readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { message, reply, shellCommand, startFakeModelServer, type FakeModelServer, type ScriptedResponse } from '../../e2e/fake-model-server/index.js';
import type { HostEvent } from '../../shared/host/contract.js';
import type { EventMsg, ReplayedEventMsg } from '../../shared/protocol/index.js';
import { SessionRecorder } from '../store/index.js';
import { Host } from './host.js';
import type { DoorContext } from './door-context.js';
import { FileSecretStore } from './settings/file-secret-store.js';
import { EventCollector } from './test-support/event-collector.js';
import { useCleanups } from '../../test-support/cleanups.js';

const client: DoorContext = { door: 'websocket', client: 'test-1' };

const { defer, tempDir } = useCleanups();

interface Setup {
  host: Host;
  home: string;
  project: string;
  server: FakeModelServer;
  events: EventCollector;
  warnings: string[];
}

async function setup(options: { script?: ScriptedResponse[]; env?: NodeJS.ProcessEnv; withServerUrl?: boolean } = {}): Promise<Setup> {
  const server = await startFakeModelServer({ script: options.script ?? [] });
  defer(() => server.close());
  const home = await tempDir('tandem-host-home-');
  const project = await tempDir('tandem-host-project-');
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    ...(options.withServerUrl === false ? {} : { OPENAI_API_KEY: 'env-key', OPENAI_BASE_URL: server.baseUrl, TANDEM_MODEL: 'test-model' }),
    ...options.env,
  };
  const warnings: string[] = [];
  const host = new Host({ home, secrets: new FileSecretStore(home), env, warn: (message) => warnings.push(message) });
  defer(() => host.shutdown());
  const events = new EventCollector();
  host.onEvent(events.listener);
  return { host, home, project, server, events, warnings };
}

describe('the request table', () => {
  it('refuses a name it does not know, including names every object has', async () => {
    const { host } = await setup();
    expect(await host.handle('format_disk', {}, client)).toEqual({ ok: false, error: 'unknown request "format_disk"' });
    expect(await host.handle('toString', {}, client)).toEqual({ ok: false, error: 'unknown request "toString"' });
    expect(await host.handle('__proto__', {}, client)).toEqual({ ok: false, error: 'unknown request "__proto__"' });
  });

  it('refuses params that do not fit, naming the field', async () => {
    const { host } = await setup();
    const wrongType = await host.handle('open_session', { cwd: 42 }, client);
    expect(wrongType.ok).toBe(false);
    expect(!wrongType.ok && wrongType.error).toMatch(/^invalid open_session request: cwd: /);

    const missing = await host.handle('submit', { session_id: 's' }, client);
    expect(!missing.ok && missing.error).toMatch(/submission: /);

    const nested = await host.handle('submit', { session_id: 's', submission: { op: { type: 'exec_approval', id: 'c1', decision: 'maybe' } } }, client);
    expect(!nested.ok && nested.error).toMatch(/submission\.op\.decision: /);

    const notAnObject = await host.handle('get_settings', 'please', client);
    expect(!notAnObject.ok && notAnObject.error).toMatch(/^invalid get_settings request: \(root\): /);
  });

  it('accepts requests without fields when params are left out', async () => {
    const { host } = await setup();
    expect(await host.handle('recent_projects', undefined, client)).toEqual({ ok: true, result: { projects: [] } });
  });
});

describe('open_session', () => {
  it('says plainly when the folder does not exist, is a file, or is not a full path', async () => {
    const { host, project } = await setup();
    const missing = path.join(project, 'no-such-folder');
    expect(await host.handle('open_session', { cwd: missing }, client)).toEqual({
      ok: false,
      error: `There is no folder at ${missing}. Check the path, or pick the folder again.`,
    });
    const file = path.join(project, 'notes.txt');
    await writeFile(file, 'x');
    expect(await host.handle('open_session', { cwd: file }, client)).toEqual({ ok: false, error: `${file} is a file, not a folder. Open the folder that contains it.` });
    const relative = await host.handle('open_session', { cwd: 'src/app' }, client);
    expect(!relative.ok && relative.error).toMatch(/"src\/app" is not a full path/);
    expect(host.liveSessionCount).toBe(0);
  });

  it('starts a session whose events reach every listener, numbered, and remembers the folder', async () => {
    const { host, project, events } = await setup({ script: [{ items: [message('Hello there, from the fake model.')], deltaChunks: 3 }] });
    const second = new EventCollector();
    host.onEvent(second.listener);

    const { session_id } = await host.request('open_session', { cwd: project }, client);
    const configured = await events.waitFor('session_configured', session_id);
    expect(configured).toMatchObject({ cwd: project, model: 'test-model' });

    await host.request('submit', { session_id, submission: { op: { type: 'user_input', items: [{ type: 'text', text: 'hi' }] } } }, client);
    const done = await events.waitFor('task_complete', session_id);
    expect(done.last_agent_message).toBe('Hello there, from the fake model.');
    expect(events.of('agent_message_delta', session_id).map((m) => m.delta).join('')).toBe('Hello there, from the fake model.');
    await second.waitFor('task_complete', session_id);
    expect(second.events).toEqual(events.events);
    expect(events.events.map((e) => e.seq)).toEqual(events.events.map((_, i) => i));

    expect(await host.request('recent_projects', {})).toEqual({ projects: [project] });
    expect(await host.request('live_sessions', {})).toEqual({
      sessions: [{ session_id, cwd: project, started_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) }],
    });
  });

  it('joins a session that is still running when asked to resume it', async () => {
    const { host, project } = await setup();
    const { session_id } = await host.request('open_session', { cwd: project });
    expect(await host.request('open_session', { cwd: project, resume_id: session_id })).toEqual({ session_id });
    expect(host.liveSessionCount).toBe(1);
  });

  it('takes the API key, base URL, model and approval preset from the settings', async () => {
    const { host, project, server, events } = await setup({ withServerUrl: false, script: [reply(message('ok'))] });
    await host.request('save_settings', { api_key: 'saved-key', base_url: server.baseUrl, model: 'saved-model', approval_preset: 'full-access' });
    const { session_id } = await host.request('open_session', { cwd: project });
    expect(await events.waitFor('session_configured', session_id)).toMatchObject({
      model: 'saved-model',
      approval_policy: 'never',
      sandbox_policy: { mode: 'danger-full-access' },
    });
    await host.request('submit', { session_id, submission: { op: { type: 'user_input', items: [{ type: 'text', text: 'hi' }] } } });
    await events.waitFor('task_complete', session_id);
    expect(server.requests[0]?.headers.authorization).toBe('Bearer saved-key');
    expect(server.requests[0]?.body.model).toBe('saved-model');
  });

  it('maps the Ask and Auto presets to their policies', async () => {
    const { host, project, events } = await setup();
    const ask = await host.request('open_session', { cwd: project });
    expect(await events.waitFor('session_configured', ask.session_id)).toMatchObject({ approval_policy: 'untrusted', sandbox_policy: { mode: 'workspace-write' } });
    await host.request('save_settings', { approval_preset: 'auto' });
    const auto = await host.request('open_session', { cwd: project });
    expect(await events.waitFor('session_configured', auto.session_id)).toMatchObject({ approval_policy: 'on-request', sandbox_policy: { mode: 'workspace-write' } });
  });
});

describe('submit, replay and close', () => {
  it('refuses a submission for a session that is not running', async () => {
    const { host } = await setup();
    const answer = await host.handle('submit', { session_id: 'gone', submission: { op: { type: 'interrupt' } } }, client);
    expect(answer).toEqual({ ok: false, error: expect.stringMatching(/^No session gone is running here\./) });
  });

  it('replays a session to a late client without the deltas of finished items, and from a seq on', async () => {
    const { host, project, events } = await setup({
      script: [
        { items: [shellCommand('printf "one\\ntwo\\n"', { callId: 'call_print' })], deltaChunks: 2 },
        { items: [message('Printed two lines for you.')], deltaChunks: 3 },
      ],
    });
    await host.request('save_settings', { approval_preset: 'auto' });
    const { session_id } = await host.request('open_session', { cwd: project });
    await host.request('submit', { session_id, submission: { op: { type: 'user_input', items: [{ type: 'text', text: 'print' }] } } });
    await events.waitFor('task_complete', session_id);

    const { events: replayed } = await host.request('session_events', { session_id });
    const live = events.events.filter((e) => e.session_id === session_id);
    const isFinishedDelta = (e: HostEvent) => e.event.msg.type === 'agent_message_delta' || e.event.msg.type === 'exec_command_output_delta';
    expect(live.some(isFinishedDelta)).toBe(true);
    expect(replayed).toEqual(live.filter((e) => !isFinishedDelta(e)));
    expect(replayed.map((e) => e.event.msg.type)).toEqual(expect.arrayContaining(['session_configured', 'exec_command_end', 'agent_message', 'task_complete']));

    const last = replayed.at(-1)!;
    const tail = await host.request('session_events', { session_id, after_seq: replayed.at(-2)!.seq! });
    expect(tail.events).toEqual([last]);
  });

  it('closes a session on request, and says whether one was running', async () => {
    const { host, project, events } = await setup();
    const { session_id } = await host.request('open_session', { cwd: project });
    expect(await host.request('close_session', { session_id })).toEqual({ closed: true });
    await events.waitFor('shutdown_complete', session_id);
    expect(host.liveSessionCount).toBe(0);
    expect(await host.request('close_session', { session_id })).toEqual({ closed: false });
    const late = await host.handle('session_events', { session_id }, client);
    expect(late.ok).toBe(false);
  });

  it('closes every session at shutdown and opens none after it', async () => {
    const { host, project, events } = await setup();
    const a = await host.request('open_session', { cwd: project });
    const b = await host.request('open_session', { cwd: project });
    await host.shutdown();
    expect(host.liveSessionCount).toBe(0);
    expect(events.of('shutdown_complete', a.session_id)).toHaveLength(1);
    expect(events.of('shutdown_complete', b.session_id)).toHaveLength(1);
    expect(await host.handle('open_session', { cwd: project }, client)).toEqual({ ok: false, error: 'Tandem is shutting down and opens no new sessions.' });
  });
});

describe('settings', () => {
  it('never hands out the key, and says where it comes from', async () => {
    const { host, home } = await setup({ withServerUrl: false });
    expect(await host.request('get_settings', {})).toEqual({
      has_api_key: false,
      api_key_source: 'none',
      base_url: null,
      model: 'gpt-5-codex',
      approval_preset: 'ask',
      hidden_paths: [],
      env_passthrough: [],
      builtin_hidden_paths: expect.arrayContaining(['~/.ssh', home]),
      server_state: false,
      theme: 'system',
      notifications: true,
      fixed: {},
    });
    const saved = await host.handle('save_settings', { api_key: 'sk-very-secret', model: 'm1' }, client);
    expect(saved).toEqual({
      ok: true,
      result: {
        has_api_key: true,
        api_key_source: 'settings',
        base_url: null,
        model: 'm1',
        approval_preset: 'ask',
        hidden_paths: [],
        env_passthrough: [],
        builtin_hidden_paths: expect.arrayContaining(['~/.ssh']),
        server_state: false,
        theme: 'system',
        notifications: true,
        fixed: {},
      },
    });
    expect(JSON.stringify(await host.handle('get_settings', {}, client))).not.toContain('sk-very-secret');

    const secrets = path.join(home, 'secrets');
    expect((await stat(secrets)).mode & 0o777).toBe(0o600);
    expect(await readFile(path.join(home, 'settings.json'), 'utf8')).not.toContain('sk-very-secret');

    await host.request('save_settings', { api_key: null });
    expect(await host.request('get_settings', {})).toMatchObject({ has_api_key: false, api_key_source: 'none', model: 'm1' });
  });

  it('falls back to OPENAI_API_KEY and OPENAI_BASE_URL', async () => {
    const { host, server } = await setup();
    expect(await host.request('get_settings', {})).toMatchObject({ has_api_key: true, api_key_source: 'environment', base_url: server.baseUrl });
  });

  it('refuses a base URL that is not a URL, naming the field', async () => {
    const { host } = await setup();
    const answer = await host.handle('save_settings', { base_url: 'not a url' }, client);
    expect(!answer.ok && answer.error).toMatch(/^invalid save_settings request: base_url: /);
  });

  it('answers pick_folder with null when the door has no picker', async () => {
    const { host } = await setup();
    expect(await host.request('pick_folder', {})).toEqual({ path: null });
  });
});

/** A saved session of `turns` turns in the host's home, as the recorder writes one; returns its id. */
function recordSession(home: string, project: string, turns: number, damage: (turn: number) => boolean = () => false): string {
  const recorder = SessionRecorder.create(home, { cwd: project, model: 'test-model', approval_policy: 'untrusted', sandbox_policy: { mode: 'workspace-write' } });
  const event = (msg: EventMsg) => recorder.record({ type: 'event', msg });
  for (let t = 0; t < turns; t++) {
    const answer = `Answer ${t}.`;
    event({ type: 'task_started', model_context_window: 272_000 });
    event({ type: 'user_message', message: `Request ${t}` });
    recorder.record({ type: 'response_item', item: { type: 'message', role: 'user', content: [{ type: 'input_text', text: `Request ${t}` }] } });
    // A file another version wrote, say: the right event type with a field of the wrong kind.
    event(damage(t) ? ({ type: 'agent_message', message: { text: answer } } as unknown as EventMsg) : { type: 'agent_message', message: answer });
    recorder.record({ type: 'response_item', item: { type: 'message', role: 'assistant', content: [{ type: 'output_text', text: answer }] } });
    event({ type: 'task_complete', last_agent_message: answer });
  }
  recorder.close();
  return recorder.sessionId;
}

function initialMessages(event: HostEvent | undefined): ReplayedEventMsg[] | undefined {
  return event?.event.msg.type === 'session_configured' ? event.event.msg.initial_messages : undefined;
}

describe('resuming a saved session', () => {
  it('sends the conversation whole in session_configured to a client that does not ask for pages', async () => {
    const { host, home, project, events } = await setup();
    const resumeId = recordSession(home, project, 30);
    await host.request('open_session', { cwd: project, resume_id: resumeId });
    await events.waitFor('session_configured', resumeId);
    const pushed = events.events.find((e) => e.session_id === resumeId && e.event.msg.type === 'session_configured');
    expect(pushed?.replay_start).toBeUndefined();
    const replayed = initialMessages(pushed) ?? [];
    expect(replayed).toHaveLength(30 * 4);
    expect(replayed.slice(0, 4).map((msg) => msg.type)).toEqual(['task_started', 'user_message', 'agent_message', 'task_complete']);
    expect(replayed.at(-1)).toEqual({ type: 'task_complete', last_agent_message: 'Answer 29.' });

    // A late client catching up gets it whole too, unless it asks for pages.
    const { events: caughtUp } = await host.request('session_events', { session_id: resumeId });
    expect(initialMessages(caughtUp[0])).toEqual(replayed);
    const paged = await host.request('session_events', { session_id: resumeId, replay_limit: 8 });
    expect(paged.events[0]?.replay_start).toBe(30 * 4 - 8);
    expect(initialMessages(paged.events[0])).toEqual(replayed.slice(-8));
  });

  it('pushes only the newest turns when asked for pages, and hands out the older ones newest first', async () => {
    const { host, home, project, events } = await setup();
    const resumeId = recordSession(home, project, 30);
    await host.request('open_session', { cwd: project, resume_id: resumeId, replay_limit: 10 });
    await events.waitFor('session_configured', resumeId);
    const pushed = events.events.find((e) => e.session_id === resumeId && e.event.msg.type === 'session_configured');
    // Ten events hold two whole turns of four.
    expect(pushed?.replay_start).toBe(28 * 4);
    const pages = [initialMessages(pushed) ?? []];
    for (let before = pushed?.replay_start ?? 0; before > 0; ) {
      const page = await host.request('session_replay', { session_id: resumeId, before, limit: 10 });
      expect(page.start).toBeLessThan(before);
      expect(page.messages[0]?.type).toBe('task_started');
      pages.unshift(page.messages);
      before = page.start;
    }
    expect(pages).toHaveLength(15);
    const { events: whole } = await host.request('session_events', { session_id: resumeId });
    expect(pages.flat()).toEqual(initialMessages(whole[0]));
  });

  it('leaves out saved events that do not fit the protocol, and says so', async () => {
    const { host, home, project, events, warnings } = await setup();
    const resumeId = recordSession(home, project, 6, (turn) => turn === 1 || turn === 5);
    await host.request('open_session', { cwd: project, resume_id: resumeId, replay_limit: 8 });
    await events.waitFor('session_configured', resumeId);
    const pushed = events.events.find((e) => e.session_id === resumeId && e.event.msg.type === 'session_configured');
    expect(initialMessages(pushed)?.map((msg) => msg.type)).toEqual(['task_started', 'user_message', 'agent_message', 'task_complete', 'task_started', 'user_message', 'task_complete']);
    const older = await host.request('session_replay', { session_id: resumeId, before: pushed?.replay_start ?? 0, limit: 100 });
    expect(older.start).toBe(0);
    expect(older.messages).toHaveLength(4 * 4 - 1);
    expect(warnings.filter((w) => w.startsWith('Tandem left out 1 saved event(s)'))).toHaveLength(2);
  });

  it('answers session_replay for a session that was not resumed with an empty page', async () => {
    const { host, project } = await setup();
    const { session_id } = await host.request('open_session', { cwd: project });
    expect(await host.request('session_replay', { session_id, before: 100 })).toEqual({ start: 0, messages: [] });
  });
});

describe('session_events in pages', () => {
  it('hands out a running session\'s events in order, a bounded page at a time, saying when more remain', async () => {
    const { host, project, events } = await setup({ script: [reply(message('first')), reply(message('second'))] });
    const { session_id } = await host.request('open_session', { cwd: project });
    for (const text of ['one', 'two']) {
      await host.request('submit', { session_id, submission: { op: { type: 'user_input', items: [{ type: 'text', text }] } } });
      await events.waitFor('task_complete', session_id, (msg) => msg.last_agent_message === (text === 'one' ? 'first' : 'second'));
    }
    const { events: all } = await host.request('session_events', { session_id });
    const pages: HostEvent[][] = [];
    let after: number | undefined;
    for (;;) {
      const page = await host.request('session_events', after === undefined ? { session_id, limit: 3 } : { session_id, after_seq: after, limit: 3 });
      expect(page.events.length).toBeLessThanOrEqual(3);
      pages.push(page.events);
      after = page.events.at(-1)?.seq;
      if (!page.more) break;
    }
    expect(pages.flat()).toEqual(all);
    expect(pages.length).toBe(Math.ceil(all.length / 3));
  });
});
