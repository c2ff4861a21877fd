import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { HostMessage } from './host-protocol.js';
import { EXEC_HOST_NODE_FLAGS, type ExecHostLauncher } from './host-transport.js';
import { execHostStatus, runCommand, runProgramThroughHost, useExecHostLauncher, warmExecHost } from './index.js';
import type { ExecRequest } from './request.js';

/*
 * The desktop app runs the exec host as an Electron utility process, which talks over process.parentPort instead
 * of fd 3. Electron cannot run here, so the same host-main script runs under Node with a parentPort made of Node's
 * IPC channel (structured messages both ways, as Electron's are), through a launcher shaped like
 * electron/app/exec-host-utility.ts. What this proves: the host finds and uses its parent port, and the
 * connection runs commands, streams output and survives the host's death over any transport.
 */

const scratch = mkdtempSync(path.join(os.tmpdir(), 'tandem-parent-port-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

// Loaded before host-main with --import: what Electron gives a utility process, built on Node's IPC channel.
const parentPortShim = path.join(scratch, 'parent-port.mjs');
writeFileSync(
  parentPortShim,
  `process.parentPort = {
     on(event, listener) { if (event === 'message') process.on('message', (data) => listener({ data })); },
     postMessage(message) { process.send(message); },
   };
   // As Electron does for a utility process: the parent gone, the host goes.
   process.on('disconnect', () => process.exit(0));\n`,
);

const hosts: number[] = [];
const parentPortLauncher: ExecHostLauncher = (script, events) => {
  const child = spawn(process.execPath, [...EXEC_HOST_NODE_FLAGS, '--import', parentPortShim, script], {
    cwd: '/',
    env: {},
    // fd 3, the CLI host's channel, is left closed: only the parent port can carry the host's messages.
    stdio: ['ignore', 'ignore', 'pipe', 'ignore', 'ipc'],
    serialization: 'advanced',
  });
  if (child.pid !== undefined) hosts.push(child.pid);
  child.stderr?.setEncoding('utf8');
  child.stderr?.on('data', (text: string) => events.stderr(text));
  child.on('message', (message) => events.message(message as HostMessage));
  child.on('exit', (code, signal) => events.gone(signal ? `was killed by ${signal}` : `exited with code ${code}`));
  return {
    pid: child.pid,
    send: (message) => void child.send(message),
    kill: () => void child.kill('SIGKILL'),
    keepAlive: (keep) => (keep ? child.ref() : child.unref()),
  };
};
useExecHostLauncher(parentPortLauncher);

function request(script: string): ExecRequest {
  return {
    argv: ['bash', '-c', script],
    cwd: scratch,
    timeoutMs: 20_000,
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin' },
    sandbox: { mode: 'danger-full-access' },
    sandboxKind: 'none',
    workspace: scratch,
    writableRoots: [],
  };
}

describe('the exec host over a parent port (as an Electron utility process)', () => {
  it('starts through the launcher given and runs commands in it, output streaming', async () => {
    const status = await warmExecHost();
    expect(status.state).toBe('running');
    expect(status.pid).toBe(hosts[0]);
    const chunks: string[] = [];
    const result = await runCommand({ ...request('echo one; echo two >&2; echo "parent $PPID"'), onOutput: (_stream, chunk) => void chunks.push(chunk) });
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toBe(`one\nparent ${hosts[0]}\n`);
    expect(result.stderr).toBe('two\n');
    expect(chunks.join('')).toContain('one');
  });

  it('carries a large result whole', async () => {
    const result = await runCommand(request('head -c 600000 /dev/zero | tr "\\0" x'));
    expect(result.exitCode).toBe(0);
    expect(result.stdout.length).toBeGreaterThan(0);
    expect(/^x+$/.test(result.stdout)).toBe(true);
  });

  it("runs Tandem's own programs (its git) in it, their bytes in and out whole", async () => {
    const input = Buffer.from([0, 1, 2, 255, 254, 0, 10, 200, 0x7f, 0x80]);
    const env = { PATH: process.env.PATH ?? '/usr/bin:/bin' };
    const echoed = await runProgramThroughHost({ argv: ['sh', '-c', 'cat; echo "parent $PPID" >&2'], cwd: scratch, env, input, maxOutputBytes: 1024 });
    expect(Buffer.isBuffer(echoed.stdout)).toBe(true);
    expect(echoed.stdout.equals(input)).toBe(true);
    expect(echoed.stderr.toString()).toBe(`parent ${hosts[0]}\n`);
    expect(echoed).toMatchObject({ exitCode: 0, signal: null });
    expect(echoed.failure).toBeUndefined();
    const failed = await runProgramThroughHost({ argv: ['sh', '-c', 'echo no >&2; exit 3'], cwd: scratch, env, maxOutputBytes: 1024 });
    expect(failed.exitCode).toBe(3);
    expect(failed.failure).toBeUndefined();
    expect(failed.stderr.toString()).toBe('no\n');
    const missing = await runProgramThroughHost({ argv: ['tandem-no-such-program'], cwd: scratch, env, maxOutputBytes: 1024 });
    expect(missing).toMatchObject({ exitCode: null, failure: { code: 'ENOENT' } });
  });

  it('starts another host when one dies, and says why the last one stopped', async () => {
    process.kill(hosts[0]!, 'SIGKILL');
    await new Promise((resolve) => setTimeout(resolve, 200));
    const result = await runCommand(request('echo again'));
    expect(result.stdout).toBe('again\n');
    const status = execHostStatus();
    expect(status.state).toBe('running');
    expect(status.pid).toBe(hosts[1]);
    expect(status.restarts).toBe(1);
    expect(status.reason).toContain('was killed by SIGKILL');
  });
});
