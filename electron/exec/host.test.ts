import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CAPTURE_CAP_BYTES, CAPTURE_TAIL_BYTES } from './capture.js';
import { execHostStatus, runCommand, runProgramThroughHost, warmExecHost } from './index.js';
import type { ExecRequest, OutputStream } from './request.js';
import { writeAgentScript } from './test-support/agent-script.js';
import { pidsIn, residentBytes, waitUntilDead } from './test-support/processes.js';

const workdir = mkdtempSync(path.join(os.tmpdir(), 'tandem-exec-host-test-'));
afterAll(() => rmSync(workdir, { recursive: true, force: true }));

function scratch(name: string): string {
  const dir = path.join(workdir, name);
  mkdirSync(dir);
  return dir;
}

function request(script: string, overrides: Partial<ExecRequest> = {}): ExecRequest {
  return {
    argv: ['bash', '-c', script],
    cwd: workdir,
    timeoutMs: 20_000,
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin' },
    sandbox: { mode: 'danger-full-access' },
    sandboxKind: 'none',
    workspace: workdir,
    writableRoots: [],
    ...overrides,
  };
}

/** The request fields an agent script passes, as source text. */
const SCRIPT_REQUEST = `cwd: '/', timeoutMs: 600000, env: { PATH: process.env.PATH }, sandbox: { mode: 'danger-full-access' }, sandboxKind: 'none', workspace: '/', writableRoots: []`;

async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((r) => setTimeout(r, 20));
}

describe('exec host', () => {
  it('starts on warmExecHost, stays small, and is the parent of every command', async () => {
    const status = await warmExecHost();
    expect(status.state).toBe('running');
    const hostPid = status.pid ?? -1;
    expect(residentBytes(hostPid)).toBeLessThan(80 * 1024 * 1024);
    const result = await runCommand(request('echo $PPID'));
    expect(Number(result.stdout)).toBe(hostPid);
    expect(Number(result.stdout)).not.toBe(process.pid);
  });

  it('runs many commands at once, each with its own output, exit code and live deltas', async () => {
    const count = 40;
    const deltas = Array.from({ length: count }, () => [] as Array<{ stream: OutputStream; chunk: string }>);
    const results = await Promise.all(
      Array.from({ length: count }, (_, i) =>
        runCommand(
          request(`sleep 0.$((RANDOM % 3)); echo out${i}; echo err${i} >&2; seq 1 ${i * 100}; exit $((${i} % 7))`, {
            onOutput: (stream, chunk) => deltas[i]?.push({ stream, chunk }),
          }),
        ),
      ),
    );
    results.forEach((result, i) => {
      const numbers = Array.from({ length: i * 100 }, (_, n) => `${n + 1}\n`).join('');
      expect(result).toMatchObject({ exitCode: i % 7, stdout: `out${i}\n${numbers}`, stderr: `err${i}\n` });
      expect(deltas[i]?.map((d) => d.chunk).join('')).toBe(result.aggregatedOutput);
    });
  });

  it("runs Tandem's own programs beside commands, output whole past a command's cap, refused past their own", async () => {
    const env = { PATH: process.env.PATH ?? '/usr/bin:/bin' };
    const size = CAPTURE_CAP_BYTES * 3;
    const [whole, command, tooMuch] = await Promise.all([
      runProgramThroughHost({ argv: ['sh', '-c', `head -c ${size} /dev/zero | tr "\\0" x; echo "$PPID" >&2`], cwd: workdir, env, maxOutputBytes: size + 1 }),
      runCommand(request('echo beside')),
      runProgramThroughHost({ argv: ['sh', '-c', `head -c ${size} /dev/zero`], cwd: workdir, env, maxOutputBytes: 1024 }),
    ]);
    expect(whole.exitCode).toBe(0);
    expect(whole.stdout.length).toBe(size);
    expect(whole.stdout.every((byte) => byte === 0x78)).toBe(true);
    expect(Number(whole.stderr.toString())).toBe(execHostStatus().pid);
    expect(command.stdout).toBe('beside\n');
    expect(tooMuch.failure?.code).toBe('ERR_CHILD_PROCESS_STDIO_MAXBUFFER');
  });

  it('settles the commands of a killed host with a clear error, kills them, and restarts on the next command', async () => {
    const before = await warmExecHost();
    let seen = '';
    const running = runCommand(request('sleep 60 & echo pid=$!; echo pid=$$; wait', { onOutput: (_stream, chunk) => (seen += chunk) }));
    await until(() => pidsIn(seen).length === 2);
    process.kill(before.pid ?? -1, 'SIGKILL');

    const result = await running;
    expect(result.exitCode).toBe(-1);
    expect(result.aggregatedOutput).toContain("Tandem's command runner (exec host) was killed by SIGKILL");
    // Unsandboxed commands outlive a killed host unless someone kills them: the agent does.
    expect(await waitUntilDead(pidsIn(seen))).toEqual([]);

    const next = await runCommand(request('echo again'));
    expect(next).toMatchObject({ exitCode: 0, stdout: 'again\n' });
    const after = execHostStatus();
    expect(after).toMatchObject({ state: 'running', restarts: before.restarts + 1 });
    expect(after.pid).not.toBe(before.pid);
    expect(after.reason).toContain('SIGKILL');
  });

  it('kills every command, and exits, when the agent is SIGKILLed', async () => {
    const script = await writeAgentScript(
      scratch('killed-agent'),
      'agent',
      `
      const status = await exec.warmExecHost();
      process.stdout.write('host=' + status.pid + '\\n');
      void exec.runCommand({ argv: ['bash', '-c', 'sleep 60 & echo pid=$!; sleep 60 & echo pid=$!; echo pid=$$; wait'], ${SCRIPT_REQUEST},
        onOutput: (_stream, chunk) => process.stdout.write(chunk) });
      `,
    );
    const agent = spawn(process.execPath, [script], { stdio: ['ignore', 'pipe', 'inherit'] });
    let printed = '';
    agent.stdout.setEncoding('utf8').on('data', (text: string) => (printed += text));
    await until(() => pidsIn(printed).length === 3);
    agent.kill('SIGKILL');

    const hostPid = Number(/host=(\d+)/.exec(printed)?.[1]);
    expect(hostPid).toBeGreaterThan(0);
    expect(await waitUntilDead([...pidsIn(printed), hostPid])).toEqual([]);
  });

  it('lets an idle agent exit, and keeps it alive while a command runs', async () => {
    const script = await writeAgentScript(
      scratch('idle-agent'),
      'agent',
      `
      const result = await exec.runCommand({ argv: ['bash', '-c', 'sleep 0.3; echo finished'], ${SCRIPT_REQUEST} });
      process.stdout.write(result.stdout + 'host=' + exec.execHostStatus().pid + '\\n');
      `,
    );
    // Timed out (killed by a signal) if the host kept the agent alive; exit code 13 and no output if nothing did.
    const run = spawnSync(process.execPath, [script], { encoding: 'utf8', timeout: 20_000 });
    expect(run).toMatchObject({ status: 0, signal: null });
    expect(run.stdout).toMatch(/^finished\nhost=\d+\n$/);
    expect(await waitUntilDead([Number(/host=(\d+)/.exec(run.stdout)?.[1])])).toEqual([]);
  });

  it.each([
    ['is missing', 'missing', 'there is no exec host script at'],
    ['exits at once', 'exits-at-once', 'could not start (it exited with code 3: host: cannot go on)'],
  ] as const)('runs commands in the agent, saying why, when the host %s', async (_case, host, reason) => {
    const script = await writeAgentScript(
      scratch(`fallback-${host}`),
      'agent',
      `
      const first = await exec.runCommand({ argv: ['bash', '-c', 'echo $PPID'], ${SCRIPT_REQUEST} });
      const second = await exec.runCommand({ argv: ['bash', '-c', 'echo $PPID'], ${SCRIPT_REQUEST} });
      console.log(JSON.stringify({ agent: process.pid, parents: [first.stdout, second.stdout].map(Number), status: exec.execHostStatus() }));
      `,
      host,
    );
    const run = spawnSync(process.execPath, [script], { encoding: 'utf8', timeout: 20_000 });
    const report = JSON.parse(run.stdout) as { agent: number; parents: number[]; status: ReturnType<typeof execHostStatus> };
    expect(report.parents).toEqual([report.agent, report.agent]);
    expect(report.status.state).toBe('in-process');
    expect(report.status.reason).toContain(reason);
    expect(report.status.reason).toContain('Commands run inside Tandem');
  });

  it("keeps a 200 MB flood off the agent: its memory barely grows and live output stays within budget", async () => {
    const script = await writeAgentScript(
      scratch('flood'),
      'agent',
      `
      await exec.runCommand({ argv: ['true'], ${SCRIPT_REQUEST} });
      globalThis.gc();
      const before = process.memoryUsage().rss;
      let peak = before;
      const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 5);
      let liveChars = 0;
      const result = await exec.runCommand({ argv: ['bash', '-c', "head -c 200000000 /dev/zero | tr '\\\\0' x; echo tail >&2"], ${SCRIPT_REQUEST},
        onOutput: (_stream, chunk) => (liveChars += chunk.length) });
      clearInterval(sampler);
      peak = Math.max(peak, process.memoryUsage().rss);
      console.log(JSON.stringify({ growth: peak - before, liveChars, droppedBytes: result.droppedBytes, stdout: result.stdout.length, stderr: result.stderr, host: exec.execHostStatus().state }));
      `,
    );
    const run = spawnSync(process.execPath, ['--expose-gc', script], { encoding: 'utf8', timeout: 120_000 });
    const report = JSON.parse(run.stdout) as { growth: number; liveChars: number; droppedBytes: number; stdout: number; stderr: string; host: string };
    expect(report).toMatchObject({ host: 'running', stderr: 'tail\n', droppedBytes: 200_000_000 - CAPTURE_CAP_BYTES });
    // The first MiB and the last 256 KiB, with a note of the gap between them.
    expect(report.stdout).toBeGreaterThan(CAPTURE_CAP_BYTES + CAPTURE_TAIL_BYTES);
    expect(report.stdout).toBeLessThan(CAPTURE_CAP_BYTES + CAPTURE_TAIL_BYTES + 100);
    // The result itself holds 1 MiB of text; the rest is a few MB in transit. Read in the agent, the same flood costs ~40 MB.
    expect(report.growth).toBeLessThan(24 * 1024 * 1024);
    expect(report.liveChars).toBeLessThan(16 * 1024 * 1024);
  });
});
