import { describe, expect, it } from 'vitest';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtemp, realpath, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { message, shellCommand, startFakeModelServer } from '../../e2e/fake-model-server/index.js';
import { parseEvent, type Event } from '../../shared/protocol/index.js';
import { requireBuiltCli, tandemBin, useCleanups } from '../../test-support/cleanups.js';

const tandem = tandemBin;
requireBuiltCli();
const { defer } = useCleanups();

describe('a session killed mid-command, then resumed', () => {
  it('loses nothing, closes the pending call, and continues the conversation', async () => {
    const server = await startFakeModelServer({
      script: [
        { items: [message('Starting a long build.'), shellCommand('echo building; sleep 60', { callId: 'c_long', timeout_ms: 120_000 })] },
        { items: [message('The build was cut off; picking up from here.')] },
      ],
    });
    const project = await realpath(await mkdtemp(path.join(os.tmpdir(), 'tandem-resume-')));
    const home = await mkdtemp(path.join(os.tmpdir(), 'tandem-resume-home-'));
    defer(async () => {
      await server.close();
      await rm(project, { recursive: true, force: true });
      await rm(home, { recursive: true, force: true });
    });
    const env = { ...process.env, OPENAI_API_KEY: 'k', OPENAI_BASE_URL: server.baseUrl, TANDEM_HOME: home };

    // First life: run until the command is under way, then SIGKILL the whole CLI.
    // Sandboxed, so the command dies with the killed CLI (bubblewrap's --die-with-parent).
    const first = spawn(tandem, ['proto', '-a', 'never', '-s', 'workspace-write'], { env, cwd: project });
    defer(async () => void first.kill('SIGKILL'));
    const seen: Event[] = [];
    let sessionId = '';
    await new Promise<void>((resolve, reject) => {
      createInterface({ input: first.stdout }).on('line', (line) => {
        const parsed = parseEvent(line);
        if (!parsed.ok) return reject(new Error(line));
        seen.push(parsed.value);
        if (parsed.value.msg.type === 'session_configured') sessionId = parsed.value.msg.session_id;
        if (parsed.value.msg.type === 'exec_command_output_delta') resolve();
      });
      first.on('close', () => reject(new Error('proto exited early')));
      first.stdin.write(`${JSON.stringify({ op: { type: 'user_input', items: [{ type: 'text', text: 'run the long build' }] } })}\n`);
    });
    first.kill('SIGKILL');
    await new Promise((resolve) => first.once('close', resolve));
    expect(sessionId).not.toBe('');

    // It is listed, titled by the request.
    const listed = spawnSync(tandem, ['sessions', '--json'], { env, encoding: 'utf8' });
    expect(listed.status).toBe(0);
    expect(JSON.parse(listed.stdout.trim().split('\n')[0]!)).toMatchObject({ id: sessionId, cwd: project, title: 'run the long build' });

    // Second life: resume and continue.
    const second = spawn(tandem, ['proto', '--resume', sessionId, '-a', 'never', '-s', 'danger-full-access'], { env, cwd: os.tmpdir() });
    defer(async () => void second.kill('SIGKILL'));
    const events: Event[] = [];
    const finished = new Promise<void>((resolve) => {
      createInterface({ input: second.stdout }).on('line', (line) => {
        const parsed = parseEvent(line);
        if (parsed.ok) events.push(parsed.value);
        if (parsed.ok && parsed.value.msg.type === 'task_complete') resolve();
      });
    });
    second.stdin.write(`${JSON.stringify({ op: { type: 'user_input', items: [{ type: 'text', text: 'carry on' }] } })}\n`);
    await finished;
    second.stdin.end();
    expect(await new Promise((resolve) => second.on('close', resolve))).toBe(0);

    const configured = events[0]!.msg;
    if (configured.type !== 'session_configured') throw new Error('first event is not session_configured');
    expect(configured.session_id).toBe(sessionId);
    expect(configured.cwd).toBe(project);
    // Warnings (a slow login shell on a loaded machine, say) may come and go; the conversation may not.
    const replayed = (configured.initial_messages ?? []).map((msg) => msg.type).filter((type) => type !== 'warning');
    // token_count may come before or after the command's start, as the stream and the command race.
    expect(replayed.filter((type) => type !== 'token_count')).toEqual(['task_started', 'user_message', 'agent_message', 'exec_command_begin', 'turn_aborted']);
    expect(configured.initial_messages!.find((msg) => msg.type === 'agent_message')).toEqual({ type: 'agent_message', message: 'Starting a long build.' });

    const input = server.requests[1]!.body.input as { type: string; call_id?: string; output?: string; content?: { text: string }[] }[];
    const pair = input.filter((item) => item.call_id === 'c_long');
    expect(pair.map((item) => item.type)).toEqual(['function_call', 'function_call_output']);
    expect(pair[1]!.output).toBe('aborted');
    expect(input.at(-1)!.content![0]!.text).toBe('carry on');
    expect(JSON.stringify(input)).toContain('run the long build');
    expect(JSON.stringify(input)).toContain('Starting a long build.');
    expect(events.some((e) => e.msg.type === 'task_complete' && e.msg.last_agent_message === 'The build was cut off; picking up from here.')).toBe(true);
  });

  it('says plainly when there is no such session', async () => {
    const home = await mkdtemp(path.join(os.tmpdir(), 'tandem-resume-home-'));
    defer(() => rm(home, { recursive: true, force: true }));
    const result = spawnSync(tandem, ['exec', '--resume', 'no-such-id', 'hi'], { env: { ...process.env, OPENAI_API_KEY: 'k', TANDEM_HOME: home }, encoding: 'utf8' });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('No session with id no-such-id was found');
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });
});
