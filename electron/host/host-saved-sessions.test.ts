import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { message, startFakeModelServer } from '../../e2e/fake-model-server/index.js';
import { requireBuiltCli, useCleanups } from '../../test-support/cleanups.js';
import { ProtoProcess } from '../../test-support/proto-process.js';
import type { DoorContext } from './door-context.js';
import { Host } from './host.js';
import { FileSecretStore } from './settings/file-secret-store.js';
import { EventCollector } from './test-support/event-collector.js';

/* The saved-session requests of the all-day app: saving from the first message, rename, delete and restore. */

requireBuiltCli();
const { defer, tempDir } = useCleanups();
const client: DoorContext = { door: 'websocket', client: 'saved-sessions' };

async function setup(answers: string[] = []) {
  const server = await startFakeModelServer({ script: answers.map((answer) => ({ items: [message(answer)] })) });
  defer(() => server.close());
  const home = await tempDir('tandem-saved-home-');
  const project = await tempDir('tandem-saved-project-');
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: process.env.HOME, OPENAI_API_KEY: 'env-key', OPENAI_BASE_URL: server.baseUrl, TANDEM_MODEL: 'test-model' };
  const host = new Host({ home, secrets: new FileSecretStore(home), env, warn: () => undefined, holder: { kind: 'desktop' } });
  defer(() => host.shutdown());
  const events = new EventCollector();
  host.onEvent(events.listener);
  /** A session with one request answered, still open. */
  const talk = async (text: string): Promise<string> => {
    const { session_id } = await host.request('open_session', { cwd: project });
    await host.request('submit', { session_id, submission: { op: { type: 'user_input', items: [{ type: 'text', text }] } } });
    await events.waitFor('task_complete', session_id);
    return session_id;
  };
  const titles = async () => Object.fromEntries((await host.request('list_sessions', {})).sessions.map((s) => [s.id, s.title]));
  const proto = (args: string[]) => {
    const started = ProtoProcess.start(['-a', 'never', '-s', 'read-only', ...args], { env: { ...process.env, ...env, TANDEM_HOME: home }, cwd: project });
    defer(() => started.kill());
    return started;
  };
  return { host, home, project, events, talk, titles, proto };
}

describe('a session with no message yet', () => {
  it('is neither saved nor listed, and leaves nothing when closed; its first message saves it where session_configured said', async () => {
    const { host, home, project, events } = await setup(['answer']);
    const { session_id: empty } = await host.request('open_session', { cwd: project });
    const configured = await events.waitFor('session_configured', empty);
    expect(configured.rollout_path).toMatch(new RegExp(`^${home}/sessions/\\d{4}/\\d{2}/\\d{2}/rollout-.*-${empty}\\.jsonl$`));
    expect(fs.existsSync(configured.rollout_path!)).toBe(false);
    expect(await host.request('list_sessions', {})).toEqual({ sessions: [] });
    await host.request('close_session', { session_id: empty });
    // Not a file, not an index entry, not a lock: the home holds only what the host keeps anyway.
    expect(fs.readdirSync(home, { recursive: true }).map(String).filter((name) => name !== 'secrets' && name !== 'recent-projects.json')).toEqual([]);
    expect(await host.request('list_sessions', {})).toEqual({ sessions: [] });
    expect(!(await host.handle('open_session', { cwd: project, resume_id: empty }, client)).ok).toBe(true);

    const { session_id: used } = await host.request('open_session', { cwd: project });
    const usedConfigured = await events.waitFor('session_configured', used);
    await host.request('submit', { session_id: used, submission: { op: { type: 'user_input', items: [{ type: 'text', text: 'Now it counts' }] } } });
    await events.waitFor('task_complete', used);
    expect(fs.existsSync(usedConfigured.rollout_path!)).toBe(true);
    expect((await host.request('list_sessions', {})).sessions.map((s) => [s.id, s.title])).toEqual([[used, 'Now it counts']]);
  });
});

describe('rename_session', () => {
  it('names a running session through its recorder and a closed one through its file; empty goes back to the first request', async () => {
    const { host, talk, titles } = await setup(['one', 'two']);
    const running = await talk('Make the tests pass');
    const closed = await talk('Write the README');
    await host.request('close_session', { session_id: closed });

    expect(await host.request('rename_session', { session_id: running, title: '  Green\n  tests ' })).toEqual({ title: 'Green tests' });
    expect(await host.request('rename_session', { session_id: closed, title: 'Docs' })).toEqual({ title: 'Docs' });
    expect(await titles()).toEqual({ [running]: 'Green tests', [closed]: 'Docs' });
    // The running session keeps writing; its index entries keep the name.
    await host.request('close_session', { session_id: running });
    expect(await titles()).toEqual({ [running]: 'Green tests', [closed]: 'Docs' });
    expect(await host.request('rename_session', { session_id: running, title: ' ' })).toEqual({ title: 'Make the tests pass' });
    expect(await titles()).toEqual({ [running]: 'Make the tests pass', [closed]: 'Docs' });
  });

  it('is refused with session_locked while another process has the session open', async () => {
    const { host, titles, proto } = await setup(['from proto']);
    const holder = proto([]);
    const id = (await holder.waitFor('session_configured')).session_id;
    holder.sendText('hello from proto');
    await holder.waitFor('task_complete');
    const refused = await host.handle('rename_session', { session_id: id, title: 'Mine' }, client);
    expect(refused).toMatchObject({ ok: false, code: 'session_locked' });
    expect(!refused.ok && refused.error).toMatch(/tandem proto \(pid \d+\)/);
    expect(await titles()).toEqual({ [id]: 'hello from proto' });
    const deleting = await host.handle('delete_session', { session_id: id }, client);
    expect(deleting).toMatchObject({ ok: false, code: 'session_locked' });
    expect(await titles()).toEqual({ [id]: 'hello from proto' });
  });

  it('refuses ids that are not ids, and ids of no session, in words', async () => {
    const { host, home } = await setup();
    for (const name of ['rename_session', 'delete_session', 'restore_session'] as const) {
      for (const id of ['../etc', 'a/b', 'a\u0000b']) {
        const answer = await host.handle(name, { session_id: id, title: 'x' }, client);
        expect(!answer.ok && answer.error).toBe(`${JSON.stringify(id)} is not a session id.`);
      }
    }
    expect(await host.handle('rename_session', { session_id: 'nope', title: 'x' }, client)).toEqual({ ok: false, error: 'There is no saved session nope.' });
    expect(await host.handle('delete_session', { session_id: 'nope' }, client)).toEqual({ ok: false, error: 'There is no saved session nope.' });
    expect(await host.handle('restore_session', { session_id: 'nope' }, client)).toEqual({ ok: false, error: 'There is no deleted session nope in the trash.' });
    expect(fs.readdirSync(home).filter((name) => name !== 'secrets')).toEqual([]);
  });
});

describe('delete_session and restore_session', () => {
  it('closes a running session, moves it to the trash unlisted, and restores it listed with its name', async () => {
    const { host, home, talk, titles } = await setup(['one', 'two']);
    const kept = await talk('Keep this one');
    const doomed = await talk('Delete this one');
    await host.request('rename_session', { session_id: doomed, title: 'Doomed' });

    expect(await host.request('delete_session', { session_id: doomed })).toEqual({ deleted: true });
    expect(host.liveSessionCount).toBe(1);
    expect(await titles()).toEqual({ [kept]: 'Keep this one' });
    const trashed = fs.readdirSync(path.join(home, 'trash', 'sessions'), { recursive: true }).map(String);
    expect(trashed.some((name) => name.endsWith(`-${doomed}.jsonl`))).toBe(true);

    expect(await host.request('restore_session', { session_id: doomed })).toEqual({ restored: true });
    expect(await titles()).toEqual({ [kept]: 'Keep this one', [doomed]: 'Doomed' });
    expect((await host.request('open_session', { cwd: home, resume_id: doomed })).session_id).toBe(doomed);
  });

  it('answers deleted: false for a running session that had no message, which left nothing', async () => {
    const { host, project, home } = await setup();
    const { session_id } = await host.request('open_session', { cwd: project });
    expect(await host.request('delete_session', { session_id })).toEqual({ deleted: false });
    expect(host.liveSessionCount).toBe(0);
    expect(fs.existsSync(path.join(home, 'trash'))).toBe(false);
  });
});

describe('search_sessions', () => {
  it('finds words in running and closed sessions, with the session’s title, and not in deleted ones', async () => {
    const { host, talk } = await setup(['The flux capacitor is charged.', 'Nothing to see.']);
    const running = await talk('Charge the capacitor');
    const closed = await talk('Something else');
    await host.request('close_session', { session_id: closed });
    await host.request('rename_session', { session_id: closed, title: 'Capacitor notes' });

    const { hits, truncated } = await host.request('search_sessions', { query: 'capacitor' });
    expect(truncated).toBe(false);
    expect(hits.map((hit) => [hit.session_id, hit.kind, hit.occurrence, hit.snippet.slice(...hit.match)])).toEqual([
      // The rename made the closed session the most recently updated.
      [closed, 'title', 0, 'Capacitor'],
      [running, 'title', 0, 'capacitor'],
      [running, 'user', 0, 'capacitor'],
      [running, 'assistant', 1, 'capacitor'],
    ]);
    expect(hits[1]).toMatchObject({ title: 'Charge the capacitor', snippet: 'Charge the capacitor' });

    await host.request('delete_session', { session_id: running });
    expect((await host.request('search_sessions', { query: 'flux' })).hits).toEqual([]);
    await host.request('restore_session', { session_id: running });
    expect((await host.request('search_sessions', { query: 'flux' })).hits.map((hit) => hit.session_id)).toEqual([running]);
    expect((await host.handle('search_sessions', { query: '' }, client)).ok).toBe(false);
  });

  it('is warmed up in the background by a new host, which writes the caches, and says its answers are whole', async () => {
    const { host, home, talk } = await setup(['An answer about turbines.', 'Another about turbines.']);
    const first = await talk('Look at the turbines');
    const second = await talk('Turbines again');
    await host.shutdown();

    const later = new Host({ home, secrets: new FileSecretStore(home), env: { PATH: process.env.PATH }, warn: () => undefined, searchWarmUpAfterMs: 0 });
    defer(() => later.shutdown());
    await later.warmUpSearch();
    expect(fs.readdirSync(path.join(home, 'search')).sort()).toEqual([`${first}.json`, `${second}.json`].sort());
    const answer = await later.request('search_sessions', { query: 'turbines' });
    expect(answer.partial).toBe(false);
    expect(new Set(answer.hits.map((hit) => hit.session_id))).toEqual(new Set([first, second]));
  });
});
