import { describe, expect, it } from 'vitest';
import { spawn, spawnSync } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { message, startFakeModelServer } from '../../e2e/fake-model-server/index.js';
import { requireBuiltCli, tandemBin, useCleanups } from '../../test-support/cleanups.js';
import { ProtoProcess } from '../../test-support/proto-process.js';
import { DoorClient } from '../doors/ws/test-support/door-client.js';

requireBuiltCli();
const { defer, tempDir } = useCleanups();

async function setup(answers: string[]) {
  const server = await startFakeModelServer({ script: answers.map((answer) => ({ items: [message(answer)] })) });
  defer(() => server.close());
  const project = await tempDir('tandem-lock-project-');
  const home = await tempDir('tandem-lock-home-');
  const env = { ...process.env, OPENAI_API_KEY: 'test-key', OPENAI_BASE_URL: server.baseUrl, TANDEM_HOME: home, TANDEM_MODEL: 'test-model' };
  const proto = (args: string[]) => {
    const started = ProtoProcess.start(['-a', 'never', '-s', 'read-only', ...args], { env, cwd: project });
    defer(() => started.kill());
    return started;
  };
  return { server, project, home, env, proto };
}

/** A saved session with one request answered, made by a `tandem proto` that has ended; its id and file. */
async function savedSession(proto: (args: string[]) => ProtoProcess, request: string): Promise<{ id: string; file: string }> {
  const first = proto([]);
  const configured = await first.waitFor('session_configured');
  first.sendText(request);
  await first.waitFor('task_complete');
  expect(await first.end()).toBe(0);
  return { id: configured.session_id, file: configured.rollout_path! };
}

function userMessagesIn(rollout: string): string[] {
  return rollout
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as { type: string; msg?: { type: string; message?: string } })
    .flatMap((line) => (line.type === 'event' && line.msg?.type === 'user_message' ? [line.msg.message ?? ''] : []));
}

describe('one writer per session file', () => {
  it('refuses a second `proto --resume` of a session open in another, naming it, and takes it once that one is killed', async () => {
    const { env, project, proto } = await setup(['first answer', 'second answer', 'third answer']);
    const { id, file } = await savedSession(proto, 'first request');

    const holder = proto(['--resume', id]);
    await holder.waitFor('session_configured');
    const second = proto(['--resume', id]);
    expect(await second.exited).toBe(1);
    expect(second.stderr).toBe(
      `tandem: This session is open in tandem proto (pid ${holder.pid}). Close it there, or open it read-only to look: tandem proto --resume ${id} --read-only\n`,
    );
    expect(second.seen).toEqual([]);
    const exec = spawnSync(tandemBin, ['exec', '--resume', id, 'and another thing'], { env, cwd: project, encoding: 'utf8' });
    expect(exec.status).toBe(1);
    expect(exec.stderr).toContain(`This session is open in tandem proto (pid ${holder.pid}).`);

    holder.sendText('second request');
    await holder.waitFor('task_complete');
    await holder.kill();

    // Killed with SIGKILL: its lock is left behind, and is stale.
    const after = proto(['--resume', id]);
    const configured = await after.waitFor('session_configured');
    expect((configured.initial_messages ?? []).flatMap((msg) => (msg.type === 'user_message' ? [msg.message] : []))).toEqual(['first request', 'second request']);
    after.sendText('third request');
    expect((await after.waitFor('task_complete')).last_agent_message).toBe('third answer');
    expect(await after.end()).toBe(0);
    expect(userMessagesIn(await readFile(file, 'utf8'))).toEqual(['first request', 'second request', 'third request']);
  });

  it('opens a session held elsewhere read-only: the conversation replayed, every op that would write refused, nothing written', async () => {
    const { proto } = await setup(['first answer', 'second answer']);
    const { id, file } = await savedSession(proto, 'first request');
    const holder = proto(['--resume', id]);
    await holder.waitFor('session_configured');

    const look = proto(['--resume', id, '--read-only']);
    const configured = await look.waitFor('session_configured');
    expect(configured.session_id).toBe(id);
    expect(configured.initial_messages?.filter((msg) => msg.type === 'user_message' || msg.type === 'agent_message')).toEqual([
      { type: 'user_message', message: 'first request' },
      { type: 'agent_message', message: 'first answer' },
    ]);
    expect((await look.waitFor('warning')).message).toMatch(/^Opened read-only/);

    const writes = [
      { type: 'user_input', items: [{ type: 'text', text: 'sent to the read-only look' }] },
      { type: 'exec_approval', id: 'c1', decision: 'approved' },
      { type: 'patch_approval', id: 'c2', decision: 'denied' },
      { type: 'undo' },
      { type: 'thread_rollback', num_turns: 1 },
      { type: 'compact' },
      { type: 'override_turn_context', model: 'other-model' },
    ];
    for (const [index, op] of writes.entries()) look.send({ id: `w${index}`, op });
    look.send({ id: 'stop', op: { type: 'interrupt' } });
    look.send({ id: 'bye', op: { type: 'shutdown' } });
    await look.waitFor('shutdown_complete');
    expect(await look.exited).toBe(0);
    const errors = look.seen.filter((event) => event.msg.type === 'error');
    expect(errors.map((event) => event.id)).toEqual(writes.map((_, index) => `w${index}`));
    for (const [index, event] of errors.entries()) {
      expect(event.msg).toEqual({
        type: 'error',
        message: `This session is open read-only: ${writes[index]!.type} was refused. To continue the conversation, close it where it is open for writing, then open it again without read-only.`,
      });
    }

    // The holder goes on undisturbed, and the file has its lines only.
    holder.sendText('second request');
    expect((await holder.waitFor('task_complete')).last_agent_message).toBe('second answer');
    expect(await holder.end()).toBe(0);
    const rollout = await readFile(file, 'utf8');
    expect(userMessagesIn(rollout)).toEqual(['first request', 'second request']);
    expect(rollout).not.toContain('sent to the read-only look');
    expect(rollout).not.toContain('other-model');
  });

  it('wants --resume with --read-only', async () => {
    const { proto } = await setup([]);
    const look = proto(['--read-only']);
    expect(await look.exited).toBe(1);
    expect(look.stderr).toBe('tandem: --read-only opens a saved session to look at: give its id with --resume ID.\n');
  });

  it('names `tandem serve` and its port to a resume of a session it has open, and lets go when it stops', async () => {
    const { env, project, proto } = await setup(['served answer']);
    const serve = spawn(tandemBin, ['serve', '-C', project, '-a', 'never'], { env, cwd: project });
    const served = new Promise<number | null>((resolve) => serve.on('close', (code) => resolve(code)));
    defer(async () => {
      if (serve.exitCode === null) serve.kill('SIGKILL');
      await served;
    });
    const firstLine = await new Promise<string>((resolve, reject) => {
      createInterface({ input: serve.stdout }).once('line', resolve);
      void served.then((code) => reject(new Error(`tandem serve exited (${code})`)));
    });
    const page = new URL(firstLine.replace(/^Tandem is at /, ''));
    const id = page.searchParams.get('session')!;
    // A session is saved, and locked, with its first message: send it one over the door, as the page would.
    const client = await DoorClient.connect(`ws://${page.host}/ws?token=${encodeURIComponent(page.searchParams.get('token') ?? '')}`);
    defer(() => client.close());
    expect((await client.request('submit', { session_id: id, submission: { op: { type: 'user_input', items: [{ type: 'text', text: 'hello' }] } } })).ok).toBe(true);
    await client.waitForEvent('task_complete', id);

    const refused = proto(['--resume', id]);
    expect(await refused.exited).toBe(1);
    expect(refused.stderr).toContain(`This session is open in tandem serve on port ${page.port} (pid ${serve.pid}). Close it there, or open it read-only to look`);

    serve.kill('SIGTERM');
    expect(await served).toBe(0);
    const after = proto(['--resume', id]);
    expect((await after.waitFor('session_configured')).session_id).toBe(id);
    expect(await after.end()).toBe(0);
  });
});
