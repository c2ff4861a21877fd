import { describe, expect, it } from 'vitest';
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, readFile, realpath, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { message, shellCommand, startFakeModelServer } from '../../e2e/fake-model-server/index.js';
import { parseEvent, type Event, type EventMsg } from '../../shared/protocol/index.js';
import { requireBuiltCli, tandemBin, useCleanups } from '../../test-support/cleanups.js';

const tandem = tandemBin;
requireBuiltCli();
const { defer } = useCleanups();

async function setup(script: Parameters<typeof startFakeModelServer>[0] = {}) {
  const server = await startFakeModelServer(script);
  const project = await realpath(await mkdtemp(path.join(os.tmpdir(), 'tandem-cli-')));
  const home = await mkdtemp(path.join(os.tmpdir(), 'tandem-cli-home-'));
  defer(async () => {
    await server.close();
    await rm(project, { recursive: true, force: true });
    await rm(home, { recursive: true, force: true });
  });
  const env = { ...process.env, OPENAI_API_KEY: 'test-key', OPENAI_BASE_URL: server.baseUrl, TANDEM_HOME: home };
  return { server, project, home, env };
}

function run(args: string[], env: NodeJS.ProcessEnv, cwd: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(tandem, args, { env, cwd });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

const MIB = 1024 * 1024;

/** The most memory a process has held so far (VmHWM, its peak resident set), in bytes. */
function peakResidentBytes(pid: number): number {
  const match = /^VmHWM:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  if (!match) throw new Error(`no VmHWM in /proc/${pid}/status`);
  return Number(match[1]) * 1024;
}

function events(stdout: string): Event[] {
  return stdout.trim().split('\n').filter(Boolean).map((line) => {
    const parsed = parseEvent(line);
    if (!parsed.ok) throw new Error(`not an event line: ${line}: ${parsed.error}`);
    return parsed.value;
  });
}

/** A running `tandem proto` with a reader of its event lines. */
class Proto {
  readonly seen: Event[] = [];
  private waiters: (() => void)[] = [];
  readonly exited: Promise<number | null>;

  constructor(readonly child: ChildProcessWithoutNullStreams) {
    createInterface({ input: child.stdout }).on('line', (line) => {
      const parsed = parseEvent(line);
      if (!parsed.ok) throw new Error(`proto wrote a bad line: ${line}`);
      this.seen.push(parsed.value);
      for (const wake of this.waiters.splice(0)) wake();
    });
    this.exited = new Promise((resolve) => child.on('close', resolve));
  }

  send(value: unknown): void {
    this.child.stdin.write(`${typeof value === 'string' ? value : JSON.stringify(value)}\n`);
  }

  async waitFor(type: EventMsg['type'], predicate: (msg: EventMsg) => boolean = () => true): Promise<Event> {
    for (let from = 0; ; ) {
      const found = this.seen.slice(from).find((event) => event.msg.type === type && predicate(event.msg));
      if (found) return found;
      from = this.seen.length;
      await Promise.race([
        new Promise<void>((resolve) => this.waiters.push(resolve)),
        this.exited.then(() => {
          throw new Error(`proto exited while waiting for ${type}; saw ${this.seen.map((e) => e.msg.type).join(', ')}`);
        }),
      ]);
    }
  }
}

describe('tandem exec', () => {
  it('completes a multi-step scripted task whose commands really run', async () => {
    const { server, project, env } = await setup({
      script: [
        { items: [message('Looking first.'), shellCommand('ls -a')] },
        { items: [shellCommand("printf 'made by tandem\\n' > made.txt")] },
        { items: [shellCommand('cat made.txt')] },
        { items: [message('All done.')] },
      ],
    });
    const result = await run(['exec', '--json', '-s', 'workspace-write', 'make a file'], env, project);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const msgs = events(result.stdout).map((e) => e.msg);
    expect(msgs[0]!.type).toBe('session_configured');
    expect(msgs.filter((m) => m.type === 'exec_command_end').map((m) => (m as { exit_code: number }).exit_code)).toEqual([0, 0, 0]);
    expect(msgs.at(-2)).toEqual({ type: 'task_complete', last_agent_message: 'All done.' });
    expect(msgs.at(-1)).toEqual({ type: 'shutdown_complete' });
    expect(await readFile(path.join(project, 'made.txt'), 'utf8')).toBe('made by tandem\n');
    expect(server.requests).toHaveLength(4);
    expect(JSON.stringify(server.requests[3]!.body.input)).toContain('made by tandem');
  });

  it('defaults to a read-only sandbox and approval never, like codex exec', async () => {
    const { project, env } = await setup({ script: [{ items: [shellCommand('touch nope.txt')] }, { items: [message('blocked')] }] });
    const result = await run(['exec', '--json', 'try to write'], env, project);
    expect(result.code).toBe(0);
    const configured = events(result.stdout)[0]!.msg;
    expect(configured).toMatchObject({ approval_policy: 'never', sandbox_policy: { mode: 'read-only' } });
    expect(existsSync(path.join(project, 'nope.txt'))).toBe(false);
  });

  it('prints the answer on stdout without --json, honouring -C and --base-url', async () => {
    const { server, project, env } = await setup({ script: [{ items: [message('Plain answer.')] }] });
    const { OPENAI_BASE_URL: _unused, ...envWithoutBase } = env;
    const result = await run(['exec', '-C', project, '--base-url', server.baseUrl, '-m', 'my-model', 'hi'], envWithoutBase, os.tmpdir());
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('Plain answer.\n');
    expect(result.stderr).toContain(`my-model in ${project}`);
    expect(server.requests[0]!.body.model).toBe('my-model');
  });

  it('fails clearly without an API key: an error event and exit status 1, no stack trace', async () => {
    const { project, env } = await setup();
    const { OPENAI_API_KEY: _unused, ...noKey } = env;
    const json = await run(['exec', '--json', 'hi'], noKey, project);
    expect(json.code).toBe(1);
    expect(events(json.stdout).map((e) => e.msg.type)).toContain('error');
    const human = await run(['exec', 'hi'], noKey, project);
    expect(human.code).toBe(1);
    expect(human.stderr).toContain('No OpenAI API key');
    expect(human.stderr).not.toMatch(/\n\s+at /);
  });

  it('rejects unknown option values with usage help', async () => {
    const { project, env } = await setup();
    const result = await run(['exec', '-a', 'sometimes', 'hi'], env, project);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toMatch(/Allowed choices are untrusted, on-failure, on-request, never/);
  });
});

describe('tandem proto', () => {
  function startProto(args: string[], env: NodeJS.ProcessEnv, cwd: string): Proto {
    const proto = new Proto(spawn(tandem, ['proto', ...args], { env, cwd }));
    defer(async () => {
      proto.child.kill('SIGKILL');
    });
    return proto;
  }

  it('asks for approval, runs the approved command, interrupts a long one, and shuts down', async () => {
    const { project, env } = await setup({
      script: [
        { items: [shellCommand('touch approved.txt', { callId: 'c_touch' })] },
        { items: [message('made it')] },
        { items: [shellCommand('sleep 30', { callId: 'c_sleep', timeout_ms: 60_000 })] },
        { items: [message('after the interrupt')] },
      ],
    });
    const proto = startProto(['-a', 'untrusted'], env, project);
    await proto.waitFor('session_configured');
    proto.send({ id: 'turn-1', op: { type: 'user_input', items: [{ type: 'text', text: 'make a file' }] } });
    const request = await proto.waitFor('exec_approval_request');
    expect(request.id).toBe('turn-1');
    expect(request.msg).toMatchObject({ call_id: 'c_touch', cwd: project });
    proto.send({ id: 'a-1', op: { type: 'exec_approval', id: 'c_touch', decision: 'approved' } });
    await proto.waitFor('task_complete');
    expect(existsSync(path.join(project, 'approved.txt'))).toBe(true);

    proto.send({ op: { type: 'user_input', items: [{ type: 'text', text: 'now wait' }] } });
    await proto.waitFor('exec_approval_request', (m) => 'call_id' in m && m.call_id === 'c_sleep');
    proto.send({ op: { type: 'exec_approval', id: 'c_sleep', decision: 'approved' } });
    await proto.waitFor('exec_command_begin', (m) => 'call_id' in m && m.call_id === 'c_sleep');
    proto.send({ op: { type: 'interrupt' } });
    await proto.waitFor('turn_aborted');

    proto.send({ op: { type: 'user_input', items: [{ type: 'text', text: 'still there?' }] } });
    const done = await proto.waitFor('task_complete', (m) => 'last_agent_message' in m && m.last_agent_message === 'after the interrupt');
    expect(done.msg.type).toBe('task_complete');
    proto.send({ id: 'bye', op: { type: 'shutdown' } });
    expect((await proto.waitFor('shutdown_complete')).id).toBe('bye');
    expect(await proto.exited).toBe(0);
  });

  it('survives malformed lines, naming each problem, and goes on', async () => {
    const { project, env } = await setup({ script: [{ items: [message('still alive')] }] });
    const proto = startProto([], env, project);
    await proto.waitFor('session_configured');
    proto.send('this is not json');
    proto.send({ op: { type: 'exec_approval', id: 'x', decision: 'maybe' } });
    proto.send({ op: { type: 'fly' } });
    proto.send({ id: 7, op: { type: 'interrupt' } });
    proto.send({ op: { type: 'user_input', items: [{ type: 'text', text: 'hello' }] } });
    const done = await proto.waitFor('task_complete');
    expect(done.msg).toEqual({ type: 'task_complete', last_agent_message: 'still alive' });
    const errors = proto.seen.filter((e) => e.msg.type === 'error').map((e) => (e.msg as { message: string }).message);
    expect(errors).toHaveLength(4);
    expect(errors[0]).toMatch(/^line 1: invalid submission: malformed JSON/);
    expect(errors[1]).toMatch(/^line 2: invalid submission: op\.decision/);
    expect(errors[2]).toMatch(/^line 3: invalid submission: op\.type/);
    expect(errors[3]).toMatch(/^line 4: invalid submission: id/);
    proto.child.stdin.end();
    expect(await proto.exited).toBe(0);
    expect(proto.seen.at(-1)!.msg.type).toBe('shutdown_complete');
  });

  it('drops a 1 GiB line as it streams past, saying which and how big, and goes on with memory near its usual', { timeout: 180_000 }, async () => {
    const { project, env } = await setup();
    const proto = startProto([], env, project);
    await proto.waitFor('session_configured');
    const pid = proto.child.pid!;
    const usual = peakResidentBytes(pid);

    // 1 GiB of one line, a MiB at a time, as fast as the child takes it; never held whole here.
    const chunk = Buffer.alloc(MIB, 'x');
    const died = proto.exited.then((code) => {
      throw new Error(`proto exited (${code}) while reading the long line`);
    });
    died.catch(() => undefined);
    // A child that dies mid-line closes the pipe; `died` then says so, rather than an unhandled EPIPE.
    proto.child.stdin.on('error', () => undefined);
    for (let sent = 0; sent < 1024; sent++) {
      if (!proto.child.stdin.write(chunk)) await Promise.race([new Promise((resolve) => proto.child.stdin.once('drain', resolve)), died]);
    }
    proto.child.stdin.write('\n');
    const refused = await proto.waitFor('error');
    expect(refused.id).toBe('line-1');
    expect((refused.msg as { message: string }).message).toBe(
      'line 1: 1073741824 bytes (1024.0 MiB), longer than the 16 MiB a submission may be; ignored',
    );
    // The child is still running, waiting for the next line: its peak so far covers the whole long line.
    const peak = peakResidentBytes(pid);
    expect(peak - usual, `peak ${(peak / MIB).toFixed(0)} MiB against ${(usual / MIB).toFixed(0)} MiB at the start`).toBeLessThan(64 * MIB);

    proto.send({ id: 'x', op: { type: 'shutdown' } });
    expect((await proto.waitFor('shutdown_complete')).id).toBe('x');
    expect(await proto.exited).toBe(0);
    expect(proto.seen.filter((e) => e.msg.type === 'error')).toHaveLength(1);
  });
});
