import { describe, expect, it } from 'vitest';
import { mkdir, symlink } from 'node:fs/promises';
import path from 'node:path';
import { startFakeModelServer } from '../../e2e/fake-model-server/index.js';
import { SessionRecorder } from '../store/index.js';
import { useCleanups } from '../../test-support/cleanups.js';
import type { DoorContext } from './door-context.js';
import { Host } from './host.js';
import { FileSecretStore } from './settings/file-secret-store.js';
import { EventCollector } from './test-support/event-collector.js';

const client: DoorContext = { door: 'websocket', client: 'test-1' };
const { defer, tempDir } = useCleanups();

/** A host whose person has a home folder of the test's own, /tmp/x/people/you, with a project in it. */
async function setup() {
  const server = await startFakeModelServer({ script: [] });
  defer(() => server.close());
  const tandemHome = await tempDir('tandem-broad-host-home-');
  const people = path.join(await tempDir('tandem-broad-host-'), 'people');
  const personHome = path.join(people, 'you');
  const project = path.join(personHome, 'projects', 'app');
  await mkdir(project, { recursive: true });
  const env = { PATH: process.env.PATH, HOME: personHome, OPENAI_API_KEY: 'env-key', OPENAI_BASE_URL: server.baseUrl, TANDEM_MODEL: 'test-model' };
  const host = new Host({ home: tandemHome, secrets: new FileSecretStore(tandemHome), env, warn: () => {} });
  defer(() => host.shutdown());
  const events = new EventCollector();
  host.onEvent(events.listener);
  return { host, tandemHome, people, personHome, project, events };
}

describe('open_session on a folder too broad to be a project', () => {
  it('refuses /, the home folder (also as ~) and a folder above it with the broad_folder code, and opens nothing', async () => {
    const { host, people, personHome } = await setup();
    const home = await host.handle('open_session', { cwd: personHome }, client);
    expect(home).toEqual({
      ok: false,
      code: 'broad_folder',
      error: `${personHome} is your home folder. Tandem's commands will be able to change every file under ${personHome}, your settings and other projects included.`,
    });
    expect(await host.handle('open_session', { cwd: '~' }, client)).toMatchObject({ ok: false, code: 'broad_folder' });
    expect(await host.handle('open_session', { cwd: people }, client)).toMatchObject({ ok: false, code: 'broad_folder', error: expect.stringContaining(`holds your home folder, ${personHome}`) });
    expect(await host.handle('open_session', { cwd: '/' }, client)).toMatchObject({ ok: false, code: 'broad_folder', error: expect.stringContaining('top of the whole file system') });
    expect(host.liveSessionCount).toBe(0);
    expect(await host.request('recent_projects', {})).toEqual({ projects: [] });
  });

  it('refuses a symlink that leads to the home folder', async () => {
    const { host, personHome } = await setup();
    const link = path.join(await tempDir('tandem-broad-link-'), 'home-link');
    await symlink(personHome, link);
    expect(await host.handle('open_session', { cwd: link }, client)).toMatchObject({ ok: false, code: 'broad_folder', error: expect.stringContaining(`${link} (which leads to ${personHome}) is your home folder`) });
  });

  it('opens a project inside the home folder without asking', async () => {
    const { host, project, events } = await setup();
    const reply = await host.handle('open_session', { cwd: project }, client);
    expect(reply).toMatchObject({ ok: true });
    const sessionId = reply.ok ? (reply.result as { session_id: string }).session_id : '';
    expect(await events.waitFor('session_configured', sessionId)).toMatchObject({ cwd: project });
  });

  it('opens the home folder once the request says the person confirmed it', async () => {
    const { host, personHome, events } = await setup();
    const { session_id } = await host.request('open_session', { cwd: personHome, allow_broad_folder: true });
    expect(await events.waitFor('session_configured', session_id)).toMatchObject({ cwd: personHome, sandbox_policy: { mode: 'workspace-write' } });
  });

  it('asks under Full access too, whose session Settings may later turn to workspace-write', async () => {
    const { host, personHome } = await setup();
    await host.request('save_settings', { approval_preset: 'full-access' });
    expect(await host.handle('open_session', { cwd: personHome }, client)).toMatchObject({ ok: false, code: 'broad_folder' });
  });

  it('throws the code to the host’s owner too', async () => {
    const { host, personHome } = await setup();
    await expect(host.request('open_session', { cwd: personHome })).rejects.toMatchObject({ name: 'HostRequestError', code: 'broad_folder' });
  });
});

describe('resuming a session saved in a folder too broad', () => {
  function savedSession(tandemHome: string, cwd: string): string {
    const recorder = SessionRecorder.create(tandemHome, { cwd, model: 'test-model', approval_policy: 'untrusted', sandbox_policy: { mode: 'workspace-write' } });
    recorder.close();
    return recorder.sessionId;
  }

  it('checks the folder the saved session goes back to, not the one the client names', async () => {
    const { host, tandemHome, personHome, project, events } = await setup();
    const inHome = savedSession(tandemHome, personHome);
    expect(await host.handle('open_session', { cwd: project, resume_id: inHome }, client)).toMatchObject({ ok: false, code: 'broad_folder' });
    expect(host.liveSessionCount).toBe(0);

    await host.request('open_session', { cwd: personHome, resume_id: inHome, allow_broad_folder: true });
    expect(await events.waitFor('session_configured', inHome)).toMatchObject({ cwd: personHome });
  });

  it('resumes a session saved in a project without asking', async () => {
    const { host, tandemHome, project, events } = await setup();
    const inProject = savedSession(tandemHome, project);
    await host.request('open_session', { cwd: project, resume_id: inProject });
    expect(await events.waitFor('session_configured', inProject)).toMatchObject({ cwd: project });
  });
});
