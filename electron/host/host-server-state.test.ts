import { describe, expect, it } from 'vitest';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { startFakeModelServer } from '../../e2e/fake-model-server/index.js';
import { useCleanups } from '../../test-support/cleanups.js';
import type { Session } from '../agent/session.js';
import type { DoorContext } from './door-context.js';
import { Host, type HostOptions } from './host.js';
import type { LiveSessions } from './live-sessions.js';
import { FileSecretStore } from './settings/file-secret-store.js';

/* Settings' "Keep the conversation on the server", from the door to the sessions it opens and those already open. */

const client: DoorContext = { door: 'websocket', client: 'test-server-state' };
const { defer, tempDir } = useCleanups();

async function setup(overrides: HostOptions['overrides'] = {}) {
  const server = await startFakeModelServer({ script: [] });
  defer(() => server.close());
  const home = await tempDir('tandem-host-server-state-home-');
  const project = await tempDir('tandem-host-server-state-project-');
  const env = { PATH: process.env.PATH, HOME: process.env.HOME, OPENAI_API_KEY: 'env-key', OPENAI_BASE_URL: server.baseUrl, TANDEM_MODEL: 'test-model' };
  const host = new Host({ home, secrets: new FileSecretStore(home), env, overrides, warn: () => undefined });
  defer(() => host.shutdown());
  /** The running Session itself: no door shows whether it keeps its conversation on the server until it sends a request. */
  const sessionOf = (sessionId: string): Session => {
    const running = (host as unknown as { sessions: LiveSessions }).sessions.get(sessionId);
    if (!running) throw new Error(`no session ${sessionId} is running`);
    return running.session;
  };
  return { host, home, project, sessionOf };
}

describe('"Keep the conversation on the server"', () => {
  it('is off by default, in Settings and in the sessions', async () => {
    const { host, project, sessionOf } = await setup();
    expect(await host.request('get_settings', {})).toMatchObject({ server_state: false });
    const { session_id } = await host.request('open_session', { cwd: project });
    expect(sessionOf(session_id).settings().serverState).toBe(false);
  });

  it('reaches an open session when saved, is kept in settings.json, and applies to sessions opened or resumed later', async () => {
    const { host, home, project, sessionOf } = await setup();
    const open = (await host.request('open_session', { cwd: project })).session_id;

    expect(await host.request('save_settings', { server_state: true }, client)).toMatchObject({ server_state: true });
    expect(sessionOf(open).settings().serverState).toBe(true);
    expect(JSON.parse(await readFile(path.join(home, 'settings.json'), 'utf8'))).toMatchObject({ server_state: true });
    expect(await host.request('get_settings', {})).toMatchObject({ server_state: true });

    const later = (await host.request('open_session', { cwd: project })).session_id;
    expect(sessionOf(later).settings().serverState).toBe(true);

    // Saving something else leaves it on; turning it off reaches both open sessions.
    await host.request('save_settings', { model: 'other-model' }, client);
    expect(sessionOf(open).settings().serverState).toBe(true);
    await host.request('save_settings', { server_state: false }, client);
    expect(sessionOf(open).settings().serverState).toBe(false);
    expect(sessionOf(later).settings().serverState).toBe(false);

    await host.request('save_settings', { server_state: true }, client);
    // A session is saved (and can be resumed) once it has a message.
    await host.request('submit', { session_id: later, submission: { op: { type: 'user_input', items: [{ type: 'text', text: 'hello' }] } } });
    await host.request('close_session', { session_id: later });
    expect((await host.request('open_session', { cwd: project, resume_id: later })).session_id).toBe(later);
    expect(sessionOf(later).settings().serverState).toBe(true);
  });

  it('is refused over the door when it is not true or false', async () => {
    const { host } = await setup();
    const answer = await host.handle('save_settings', { server_state: 'yes' }, client);
    expect(!answer.ok && answer.error).toMatch(/^invalid save_settings request: server_state: /);
    expect(await host.request('get_settings', {})).toMatchObject({ server_state: false });
  });

  it('is on for every session of a run started with --server-state, which Settings does not show as saved', async () => {
    const { host, home, project, sessionOf } = await setup({ serverState: true });
    expect(await host.request('get_settings', {})).toMatchObject({ server_state: false });
    const { session_id } = await host.request('open_session', { cwd: project });
    expect(sessionOf(session_id).settings().serverState).toBe(true);
    // Saving other settings in that run neither turns it off nor saves the flag.
    await host.request('save_settings', { model: 'other-model', server_state: false }, client);
    expect(sessionOf(session_id).settings().serverState).toBe(true);
    expect(JSON.parse(await readFile(path.join(home, 'settings.json'), 'utf8'))).toMatchObject({ server_state: false });
  });
});
