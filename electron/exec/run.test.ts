import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { ExecRequest } from './request.js';
import { CAPTURE_CAP_BYTES, CAPTURE_TAIL_BYTES } from './capture.js';
import { runCommand, TIMEOUT_EXIT_CODE } from './run.js';
import { writeAgentScript } from './test-support/agent-script.js';
import { pidsIn, waitUntilDead } from './test-support/processes.js';

const workdir = mkdtempSync(path.join(os.tmpdir(), 'tandem-exec-'));
afterAll(() => rmSync(workdir, { recursive: true, force: true }));

function request(script: string, overrides: Partial<ExecRequest> = {}): ExecRequest {
  return {
    argv: ['bash', '-c', script],
    cwd: workdir,
    timeoutMs: 10_000,
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin' },
    sandbox: { mode: 'danger-full-access' },
    sandboxKind: 'none',
    workspace: workdir,
    writableRoots: [],
    ...overrides,
  };
}

describe('runCommand', () => {
  it('captures stdout, stderr, their interleaving and the exit code', async () => {
    const result = await runCommand(request('echo one; sleep 0.2; echo two >&2; sleep 0.2; echo three; exit 3'));
    expect(result.exitCode).toBe(3);
    expect(result.stdout).toBe('one\nthree\n');
    expect(result.stderr).toBe('two\n');
    expect(result.aggregatedOutput).toBe('one\ntwo\nthree\n');
    expect(result).toMatchObject({ timedOut: false, aborted: false, sandboxed: false, droppedBytes: 0 });
  });

  it('spawns argv directly, without a shell, in cwd', async () => {
    const result = await runCommand({ ...request(''), argv: ['pwd'] });
    expect(result).toMatchObject({ exitCode: 0, stdout: `${workdir}\n` });
  });

  it('reports a signal death as 128 + the signal number', async () => {
    const result = await runCommand(request('kill -TERM $$'));
    expect(result.exitCode).toBe(128 + 15);
  });

  it('gives stdin as /dev/null, so a reader ends at once', async () => {
    const result = await runCommand({ ...request(''), argv: ['cat'] });
    expect(result).toMatchObject({ exitCode: 0, stdout: '', timedOut: false });
  });

  it('decodes a character split across two writes', async () => {
    const result = await runCommand(request("printf '\\xc3'; sleep 0.1; printf '\\xa9\\n'"));
    expect(result.stdout).toBe('é\n');
  });

  it('times out with 124, the notice, and no survivor among the children', async () => {
    const result = await runCommand(
      request('sleep 30 & echo pid=$!; sleep 30 & echo pid=$!; echo pid=$$; wait', { timeoutMs: 500 }),
    );
    expect(result.exitCode).toBe(TIMEOUT_EXIT_CODE);
    expect(result.timedOut).toBe(true);
    expect(result.aggregatedOutput.startsWith('command timed out after 500 milliseconds\n')).toBe(true);
    const pids = pidsIn(result.stdout);
    expect(pids).toHaveLength(3);
    expect(await waitUntilDead(pids)).toEqual([]);
  });

  it('on abort kills the whole group and resolves without waiting for pipe holders', async () => {
    const controller = new AbortController();
    let seen = '';
    const running = runCommand(
      request('sleep 300 & echo pid=$!; bash -c "echo pid=\\$\\$; sleep 300"; wait', {
        signal: controller.signal,
        onOutput: (_stream, chunk) => {
          seen += chunk;
          if (pidsIn(seen).length === 2) controller.abort();
        },
      }),
    );
    const result = await running;
    expect(result.aborted).toBe(true);
    expect(result.timedOut).toBe(false);
    const pids = pidsIn(seen);
    expect(pids).toHaveLength(2);
    expect(await waitUntilDead(pids)).toEqual([]);
  });

  it('does not start a command whose signal is already aborted', async () => {
    const marker = path.join(workdir, 'never-written');
    const result = await runCommand(request(`touch ${marker}`, { signal: AbortSignal.abort() }));
    expect(result.aborted).toBe(true);
    expect(spawnSync('test', ['-e', marker]).status).toBe(1);
  });

  it('resolves on abort even when a process that left the group holds the pipes', async () => {
    const controller = new AbortController();
    let escaped: number[] = [];
    const result = await runCommand(
      request('setsid bash -c "echo pid=\\$\\$; exec sleep 300" & sleep 300', {
        signal: controller.signal,
        onOutput: (_stream, chunk) => {
          escaped = pidsIn(chunk);
          if (escaped.length) controller.abort();
        },
      }),
    );
    try {
      expect(result.aborted).toBe(true);
      expect(escaped).toHaveLength(1);
    } finally {
      for (const pid of escaped) process.kill(pid, 'SIGKILL');
    }
  });

  it('finishes a command whose escaped background job keeps the pipes open', async () => {
    const result = await runCommand(request('setsid bash -c "echo pid=\\$\\$; exec sleep 300" & sleep 0.2; echo done'));
    const escaped = pidsIn(result.stdout);
    for (const pid of escaped) process.kill(pid, 'SIGKILL');
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toContain('done\n');
    expect(escaped).toHaveLength(1);
  });

  it('kills background jobs left in the group when the command ends', async () => {
    const result = await runCommand(request('sleep 300 >/dev/null 2>&1 & echo pid=$!'));
    expect(result.exitCode).toBe(0);
    const pids = pidsIn(result.stdout);
    expect(pids).toHaveLength(1);
    expect(await waitUntilDead(pids)).toEqual([]);
  });

  it('captures a 100,000-line output whole', async () => {
    const result = await runCommand({ ...request(''), argv: ['seq', '1', '100000'] });
    const lines = result.stdout.split('\n');
    expect(lines).toHaveLength(100_001);
    expect(lines[99_999]).toBe('100000');
    expect(result.aggregatedOutput).toBe(result.stdout);
  });

  it('keeps the first MiB and the last of a larger output, and counts the rest', async () => {
    const result = await runCommand(request('seq 1 400000'));
    const full = spawnSync('seq', ['1', '400000'], { maxBuffer: 16 * 1024 * 1024 }).stdout.toString();
    const omitted = full.length - CAPTURE_CAP_BYTES - CAPTURE_TAIL_BYTES;
    expect(result.stdout).toBe(`${full.slice(0, CAPTURE_CAP_BYTES)}\n[… ${omitted} bytes of output omitted …]\n${full.slice(-CAPTURE_TAIL_BYTES)}`);
    expect(result.aggregatedOutput).toBe(result.stdout);
    expect(result.droppedBytes).toBe(full.length - CAPTURE_CAP_BYTES);
    expect(result.outputLines).toBe(400_000);
  });

  it('drops a 50 MB flood on arrival instead of holding it', async () => {
    global.gc?.();
    const before = process.memoryUsage();
    const result = await runCommand(request("head -c 50000000 /dev/zero | tr '\\0' x; echo tail >&2"));
    const after = process.memoryUsage();
    expect(result.exitCode).toBe(0);
    const omitted = 50_000_000 - CAPTURE_CAP_BYTES - CAPTURE_TAIL_BYTES;
    expect(result.stdout).toBe(`${'x'.repeat(CAPTURE_CAP_BYTES)}\n[… ${omitted} bytes of output omitted …]\n${'x'.repeat(CAPTURE_TAIL_BYTES)}`);
    expect(result.droppedBytes).toBe(50_000_000 - CAPTURE_CAP_BYTES);
    expect(result.stderr).toBe('tail\n');
    expect(result.aggregatedOutput.length).toBeLessThan(CAPTURE_CAP_BYTES + CAPTURE_TAIL_BYTES + 100);
    expect(result.aggregatedOutput.endsWith('tail\n')).toBe(true);
    const grownBytes = after.heapUsed + after.arrayBuffers - (before.heapUsed + before.arrayBuffers);
    expect(grownBytes).toBeLessThan(25_000_000);
  });

  it('streams live output coalesced, in order, and matching the capture', async () => {
    const deltas: Array<{ stream: string; chunk: string }> = [];
    const result = await runCommand(
      request('for i in $(seq 1 2000); do echo line$i; done; echo err >&2; sleep 0.2; echo end', {
        onOutput: (stream, chunk) => deltas.push({ stream, chunk }),
      }),
    );
    expect(deltas.map((d) => d.chunk).join('')).toBe(result.aggregatedOutput);
    expect(deltas.filter((d) => d.stream === 'stdout').map((d) => d.chunk).join('')).toBe(result.stdout);
    expect(deltas.length).toBeLessThan(2000);
  });

  it('rejects, as spawn does, an argument no process can be given', async () => {
    await expect(runCommand({ ...request(''), argv: ['echo', 'a\0b'] })).rejects.toThrow(/null bytes/);
    // The host that refused it is still there for the next command.
    expect((await runCommand(request('echo fine'))).stdout).toBe('fine\n');
  });

  it('says plainly when the program or the folder is missing', async () => {
    const missingProgram = await runCommand({ ...request(''), argv: ['tandem-no-such-program'] });
    expect(missingProgram).toMatchObject({ exitCode: 127, aggregatedOutput: 'tandem-no-such-program: command not found\n' });
    const missingCwd = await runCommand(request('true', { cwd: path.join(workdir, 'missing') }));
    expect(missingCwd.exitCode).toBe(127);
    expect(missingCwd.aggregatedOutput).toContain('working directory does not exist');
  });

  it('kills running commands when the Node process exits', async () => {
    const script = await writeAgentScript(
      workdir,
      'exit-handler',
      `void exec.runCommand({ argv: ['bash', '-c', 'echo pid=$$; sleep 300'], cwd: '/', timeoutMs: 60000,
        env: { PATH: process.env.PATH }, sandbox: { mode: 'danger-full-access' }, sandboxKind: 'none',
        workspace: '/', writableRoots: [], onOutput: (_s, chunk) => { process.stdout.write(chunk); process.exit(0); } });`,
    );
    const child = spawnSync(process.execPath, [script], { encoding: 'utf8', timeout: 20_000 });
    const pids = pidsIn(child.stdout);
    expect(pids).toHaveLength(1);
    expect(await waitUntilDead(pids)).toEqual([]);
  });
});
