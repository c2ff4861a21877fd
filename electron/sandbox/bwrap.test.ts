import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SandboxPolicy } from '../../shared/protocol/index.js';
import { runCommand } from '../exec/index.js';
import { detectSandbox } from './detect.js';
import { looksLikeSandboxDenial } from './denial.js';
import { wrapForSandbox } from './wrap.js';

const workspace = mkdtempSync(path.join(os.tmpdir(), 'tandem-bwrap-'));
// Not a writable root: /var/tmp is outside the workspace, /tmp and $TMPDIR.
const outside = mkdtempSync('/var/tmp/tandem-bwrap-outside-');
const extraRoot = mkdtempSync('/var/tmp/tandem-bwrap-extra-');
const workspaceWrite: SandboxPolicy = { mode: 'workspace-write' };

let server: Server;
let port = 0;
let connections = 0;

beforeAll(async () => {
  const detection = await detectSandbox();
  expect(detection).toMatchObject({ kind: 'bwrap' });
  mkdirSync(path.join(workspace, '.git'));
  writeFileSync(path.join(workspace, '.git', 'HEAD'), 'ref: refs/heads/main\n');
  server = createServer((socket) => {
    connections++;
    socket.destroy();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as { port: number }).port;
});

afterAll(() => {
  server.close();
  for (const dir of [workspace, outside, extraRoot]) rmSync(dir, { recursive: true, force: true });
});

function sandboxed(script: string, sandbox: SandboxPolicy, extra: { timeoutMs?: number; writableRoots?: string[]; signal?: AbortSignal; cwd?: string } = {}) {
  return runCommand({
    argv: ['bash', '-c', script],
    cwd: extra.cwd ?? workspace,
    workspace,
    timeoutMs: extra.timeoutMs ?? 10_000,
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: os.homedir() },
    sandbox,
    sandboxKind: 'bwrap',
    writableRoots: extra.writableRoots ?? [],
    ...(extra.signal ? { signal: extra.signal } : {}),
  });
}

/** Pids of live (non-zombie) processes whose command line contains `marker`. */
function processesWith(marker: string): number[] {
  const found: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const cmdline = readFileSync(`/proc/${entry}/cmdline`, 'utf8');
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      if (cmdline.includes(marker) && stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z') found.push(Number(entry));
    } catch {
      // Gone while we looked.
    }
  }
  return found;
}

async function waitUntilNoneWith(marker: string): Promise<number[]> {
  for (let i = 0; i < 100 && processesWith(marker).length; i++) await new Promise((r) => setTimeout(r, 50));
  return processesWith(marker);
}

describe('bubblewrap sandbox', () => {
  it('lets workspace-write commands write in the workspace and /tmp', async () => {
    const scratch = path.join(os.tmpdir(), `tandem-bwrap-scratch-${process.pid}`);
    const result = await sandboxed(`echo hi > made.txt && echo tmp > ${scratch} && cat made.txt`, workspaceWrite);
    rmSync(scratch, { force: true });
    expect(result).toMatchObject({ exitCode: 0, stdout: 'hi\n', sandboxed: true });
    expect(readFileSync(path.join(workspace, 'made.txt'), 'utf8')).toBe('hi\n');
  });

  it('denies writes outside the writable roots, in words looksLikeSandboxDenial knows', async () => {
    for (const target of [path.join(outside, 'escape.txt'), path.join(os.homedir(), `tandem-escape-${process.pid}`)]) {
      const result = await sandboxed(`echo no > ${target}`, workspaceWrite);
      expect(result.exitCode).not.toBe(0);
      expect(result.aggregatedOutput).toContain('Read-only file system');
      expect(looksLikeSandboxDenial(result)).toBe(true);
      expect(existsSync(target)).toBe(false);
    }
  });

  it('never makes the folder a command runs in writable: the roots are the session\'s', async () => {
    // A model's workdir outside the project, as the Auto preset once made writable.
    const target = path.join(outside, 'from-workdir.txt');
    const result = await sandboxed('echo x > from-workdir.txt', workspaceWrite, { cwd: outside });
    expect(result.exitCode).not.toBe(0);
    expect(result.aggregatedOutput).toContain('Read-only file system');
    expect(existsSync(target)).toBe(false);
    // The project stays writable from there.
    const back = await sandboxed(`echo y > ${path.join(workspace, 'from-outside.txt')}`, workspaceWrite, { cwd: outside });
    expect(back.exitCode).toBe(0);
  });

  it('makes extra writable roots writable', async () => {
    const target = path.join(extraRoot, 'allowed.txt');
    const result = await sandboxed(`echo yes > ${target}`, workspaceWrite, { writableRoots: [extraRoot, '/nonexistent/tandem-root'] });
    expect(result.exitCode).toBe(0);
    expect(readFileSync(target, 'utf8')).toBe('yes\n');
  });

  it('keeps .git read-only inside a writable workspace', async () => {
    const write = await sandboxed('echo evil > .git/HEAD', workspaceWrite);
    expect(write.exitCode).not.toBe(0);
    expect(looksLikeSandboxDenial(write)).toBe(true);
    const remove = await sandboxed('rm -rf .git', workspaceWrite);
    expect(remove.exitCode).not.toBe(0);
    expect(readFileSync(path.join(workspace, '.git', 'HEAD'), 'utf8')).toBe('ref: refs/heads/main\n');
  });

  it('turns the network off unless the policy allows it', async () => {
    const connect = `echo hello > /dev/tcp/127.0.0.1/${port}`;
    const before = connections;
    const blocked = await sandboxed(connect, workspaceWrite);
    expect(blocked.exitCode).not.toBe(0);
    const readOnly = await sandboxed(connect, { mode: 'read-only' });
    expect(readOnly.exitCode).not.toBe(0);
    expect(connections).toBe(before);

    const allowed = await sandboxed(connect, { mode: 'workspace-write', network_access: true });
    expect(allowed.exitCode).toBe(0);
    const unsandboxed = await sandboxed(connect, { mode: 'danger-full-access' });
    expect(unsandboxed).toMatchObject({ exitCode: 0, sandboxed: false });
    for (let i = 0; i < 100 && connections < before + 2; i++) await new Promise((r) => setTimeout(r, 20));
    expect(connections).toBe(before + 2);
  });

  it('blocks every write under read-only, the workspace included', async () => {
    const result = await sandboxed('echo no > readonly.txt', { mode: 'read-only' });
    expect(result.exitCode).not.toBe(0);
    expect(looksLikeSandboxDenial(result)).toBe(true);
    expect(existsSync(path.join(workspace, 'readonly.txt'))).toBe(false);
    const devNull = await sandboxed('echo fine > /dev/null && cat .git/HEAD', { mode: 'read-only' });
    expect(devNull).toMatchObject({ exitCode: 0, stdout: 'ref: refs/heads/main\n' });
  });

  it('leaves danger-full-access commands unwrapped', () => {
    const argv = ['bash', '-c', 'true'];
    expect(wrapForSandbox(argv, { policy: { mode: 'danger-full-access' }, kind: 'bwrap', cwd: workspace, workspace, writableRoots: [] })).toEqual(argv);
    expect(wrapForSandbox(argv, { policy: workspaceWrite, kind: 'none', cwd: workspace, workspace, writableRoots: [] })).toEqual(argv);
  });

  it('passes the exit code through', async () => {
    const result = await sandboxed('exit 7', workspaceWrite);
    expect(result.exitCode).toBe(7);
  });

  it('on timeout kills everything the sandboxed command started, escaped sessions included', async () => {
    const marker = `${1000 + Math.floor(Math.random() * 1000)}.${process.pid}`;
    const result = await sandboxed(`sleep ${marker} & setsid sleep ${marker} & sleep ${marker}; wait`, workspaceWrite, { timeoutMs: 500 });
    expect(result).toMatchObject({ exitCode: 124, timedOut: true });
    expect(await waitUntilNoneWith(`sleep\0${marker}`)).toEqual([]);
  });

  it('on abort kills everything the sandboxed command started', async () => {
    const marker = `${2000 + Math.floor(Math.random() * 1000)}.${process.pid}`;
    const controller = new AbortController();
    const running = sandboxed(`sleep ${marker} & sleep ${marker}; wait`, workspaceWrite, { signal: controller.signal });
    for (let i = 0; i < 200 && processesWith(`sleep\0${marker}`).length < 2; i++) await new Promise((r) => setTimeout(r, 25));
    expect(processesWith(`sleep\0${marker}`)).toHaveLength(2);
    controller.abort();
    const result = await running;
    expect(result.aborted).toBe(true);
    expect(await waitUntilNoneWith(`sleep\0${marker}`)).toEqual([]);
  });

  it('gives the sandbox a writable /dev/shm and the real /proc of its own processes', async () => {
    const result = await sandboxed('echo x > /dev/shm/tandem && test -r /proc/self/status && echo ok', { mode: 'read-only' });
    expect(result).toMatchObject({ exitCode: 0, stdout: 'ok\n' });
  });

  it('runs the bwrap binary found on PATH, not one named by the command environment', () => {
    const argv = wrapForSandbox(['true'], { policy: workspaceWrite, kind: 'bwrap', cwd: workspace, workspace, writableRoots: [] });
    expect(argv[0]).toBe(execFileSync('sh', ['-c', 'command -v bwrap'], { encoding: 'utf8' }).trim());
  });
});
