import { describe, expect, it } from 'vitest';
import { message, startFakeModelServer } from '../../e2e/fake-model-server/index.js';
import { requireBuiltCli, useCleanups } from '../../test-support/cleanups.js';
import { ProtoProcess } from '../../test-support/proto-process.js';
import { Host } from './host.js';
import { FileSecretStore } from './settings/file-secret-store.js';
import { EventCollector } from './test-support/event-collector.js';

/*
 * The window's side of one writer per session file: the host (as the desktop app) against a real
 * `tandem proto` holding a session, and the host re-opening sessions it holds itself.
 */
requireBuiltCli();
const { defer, tempDir } = useCleanups();

async function setup(answers: string[]) {
  const server = await startFakeModelServer({ script: answers.map((answer) => ({ items: [message(answer)] })) });
  defer(() => server.close());
  const home = await tempDir('tandem-host-lock-home-');
  const project = await tempDir('tandem-host-lock-project-');
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: process.env.HOME, OPENAI_API_KEY: 'env-key', OPENAI_BASE_URL: server.baseUrl, TANDEM_MODEL: 'test-model' };
  const host = new Host({ home, secrets: new FileSecretStore(home), env, warn: () => undefined, holder: { kind: 'desktop' } });
  defer(() => host.shutdown());
  const events = new EventCollector();
  host.onEvent(events.listener);
  const proto = (args: string[]) => {
    const started = ProtoProcess.start(['-a', 'never', '-s', 'read-only', ...args], { env: { ...process.env, ...env, TANDEM_HOME: home }, cwd: project });
    defer(() => started.kill());
    return started;
  };
  return { host, home, project, events, proto };
}

const userInput = (text: string) => ({ op: { type: 'user_input' as const, items: [{ type: 'text' as const, text }] } });

describe('opening a session another process has open', () => {
  it('is refused with the code session_locked, naming it; read_only opens it to look; once the holder is gone it opens', async () => {
    const { host, project, events, proto } = await setup(['first answer', 'window answer']);
    const holder = proto([]);
    const id = (await holder.waitFor('session_configured')).session_id;
    holder.sendText('first request');
    await holder.waitFor('task_complete');

    expect(await host.handle('open_session', { cwd: project, resume_id: id }, { door: 'ipc', client: 'w1' })).toEqual({
      ok: false,
      error: `This session is open in tandem proto (pid ${holder.pid}). Close it there, or open it read-only to look.`,
      code: 'session_locked',
    });
    expect(host.liveSessionCount).toBe(0);

    expect(await host.request('open_session', { cwd: project, resume_id: id, read_only: true })).toEqual({ session_id: id });
    const configured = await events.waitFor('session_configured', id);
    expect(configured.initial_messages?.filter((msg) => msg.type === 'user_message')).toEqual([{ type: 'user_message', message: 'first request' }]);
    await host.request('submit', { session_id: id, submission: userInput('from the window') });
    expect((await events.waitFor('error', id)).message).toMatch(/^This session is open read-only: user_input was refused\./);
    // Asking to look again joins the look.
    expect(await host.request('open_session', { cwd: project, resume_id: id, read_only: true })).toEqual({ session_id: id });
    expect(host.liveSessionCount).toBe(1);
    await host.request('close_session', { session_id: id });

    await holder.kill();
    expect(await host.request('open_session', { cwd: project, resume_id: id })).toEqual({ session_id: id });
    await host.request('submit', { session_id: id, submission: userInput('from the window') });
    expect((await events.waitFor('task_complete', id)).last_agent_message).toBe('window answer');

    // Now the window holds it, and says so to the command line.
    const refused = proto(['--resume', id]);
    expect(await refused.exited).toBe(1);
    expect(refused.stderr).toContain(`This session is open in the Tandem app (pid ${process.pid}).`);
  });

  it('wants resume_id with read_only', async () => {
    const { host, project } = await setup([]);
    await expect(host.request('open_session', { cwd: project, read_only: true })).rejects.toThrow('read_only opens a saved session to look at: give its resume_id.');
  });
});

describe('re-opening a session the host holds itself', () => {
  it('joins it while it runs, and takes it again once it has closed or is closing', async () => {
    const { host, project, events } = await setup(['saved']);
    const { session_id: id } = await host.request('open_session', { cwd: project });
    await events.waitFor('session_configured', id);
    expect(await host.request('open_session', { cwd: project, resume_id: id })).toEqual({ session_id: id });
    // Its first message saves it, so that it can be opened again once closed.
    await host.request('submit', { session_id: id, submission: userInput('keep me') });
    await events.waitFor('task_complete', id);
    // A writer already running serves a look as well.
    expect(await host.request('open_session', { cwd: project, resume_id: id, read_only: true })).toEqual({ session_id: id });
    expect(host.liveSessionCount).toBe(1);

    await host.request('close_session', { session_id: id });
    expect(await host.request('open_session', { cwd: project, resume_id: id })).toEqual({ session_id: id });

    // Shutting down but not yet ended: the new opening waits for it to end and let go.
    await host.request('submit', { session_id: id, submission: { op: { type: 'shutdown' } } });
    expect(await host.request('open_session', { cwd: project, resume_id: id })).toEqual({ session_id: id });
    expect(host.liveSessionCount).toBe(1);
  });
});
