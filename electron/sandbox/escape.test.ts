import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SandboxPolicy } from '../../shared/protocol/index.js';
import { runCommand } from '../exec/index.js';
import { detectSandbox } from './detect.js';
import type { SandboxHiding } from './hidden.js';

/*
 * What a hostile command tries from inside the sandbox, through real bubblewrap: the person's secrets,
 * Tandem's own files, and the unix sockets of the desktop (an ssh agent, the session bus, docker).
 */

// A home of its own: the sandbox hides places under the home folder it is given.
const home = mkdtempSync('/var/tmp/tandem-escape-home-');
const project = mkdtempSync(path.join(os.tmpdir(), 'tandem-escape-project-'));
const tandemHome = mkdtempSync('/var/tmp/tandem-escape-tandem-');
// Where an ssh agent puts its socket: under /tmp, which the sandbox may write.
const agentFolder = mkdtempSync(path.join(os.tmpdir(), 'ssh-tandem-'));
const abstractName = `tandem-escape-${process.pid}`;
const hiding: SandboxHiding = { homeDir: home, tandemHome };

const servers: Server[] = [];
const answered: string[] = [];

function listen(address: string, name: string): Promise<void> {
  const server = createServer((socket) => {
    answered.push(name);
    socket.end('hello\n');
  });
  servers.push(server);
  return new Promise((resolve) => server.listen(address, resolve));
}

beforeAll(async () => {
  expect(await detectSandbox()).toMatchObject({ kind: 'bwrap' });
  mkdirSync(path.join(home, '.ssh'));
  writeFileSync(path.join(home, '.ssh', 'id_ed25519'), 'PRIVATE KEY\n');
  writeFileSync(path.join(home, '.netrc'), 'machine example.com password hunter2\n');
  mkdirSync(path.join(home, '.config', 'gh'), { recursive: true });
  writeFileSync(path.join(home, '.config', 'gh', 'hosts.yml'), 'oauth_token: gho_secret\n');
  writeFileSync(path.join(home, 'notes.txt'), 'ordinary file\n');
  mkdirSync(path.join(tandemHome, 'sessions'));
  writeFileSync(path.join(tandemHome, 'sessions', 'rollout.jsonl'), 'transcript\n');
  writeFileSync(path.join(tandemHome, 'api-key.enc'), 'sealed key\n');
  await listen(path.join(home, 'agent.sock'), 'home');
  await listen(path.join(agentFolder, 'agent.1'), 'tmp');
  await listen(path.join(project, 'dev.sock'), 'project');
  await listen(`\0${abstractName}`, 'abstract');
});

afterAll(async () => {
  await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
  for (const dir of [home, project, tandemHome, agentFolder]) rmSync(dir, { recursive: true, force: true });
});

function sandboxed(script: string, policy: SandboxPolicy = { mode: 'workspace-write' }, options: { workspace?: string; hiding?: SandboxHiding } = {}) {
  const workspace = options.workspace ?? project;
  return runCommand({
    argv: ['bash', '-c', script],
    cwd: workspace,
    workspace,
    writableRoots: [],
    timeoutMs: 10_000,
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: home },
    sandbox: policy,
    sandboxKind: 'bwrap',
    hiding: options.hiding ?? hiding,
  });
}

/** A node one-liner that connects to a unix socket and prints what it got, or the error code. */
function connectScript(address: string): string {
  const js = `require('net').connect(${JSON.stringify(address)}).on('data',d=>{process.stdout.write('got:'+d);process.exit(0)}).on('error',e=>{console.log('error:'+e.code);process.exit(3)})`;
  return `${JSON.stringify(process.execPath)} -e ${JSON.stringify(js).replace(/\$/g, '\\$')}`;
}

describe('sandbox escapes', () => {
  for (const policy of [{ mode: 'workspace-write' }, { mode: 'read-only' }] as const) {
    it(`hides secret places and Tandem's home under ${policy.mode}, leaving the rest of home readable`, async () => {
      const result = await sandboxed(
        `cat ~/.ssh/id_ed25519 ~/.netrc ~/.config/gh/hosts.yml ${tandemHome}/api-key.enc ${tandemHome}/sessions/rollout.jsonl 2>&1; ls -A ~/.ssh ${tandemHome}; cat ~/notes.txt`,
        policy,
      );
      expect(result.stdout).not.toMatch(/PRIVATE KEY|hunter2|gho_secret|sealed key|^transcript/m);
      // Both folders look empty from inside.
      expect(result.stdout).toContain(`${path.join(home, '.ssh')}:\n\n${tandemHome}:\n`);
      // A hidden file reads as empty, not as a denial that would offer a re-run outside the sandbox.
      expect(result.stdout).not.toContain('.netrc');
      expect(result.exitCode).toBe(0);
      expect(result.stdout).toContain('ordinary file');
    });

    it(`reaches no unix socket outside the project under ${policy.mode}: in home, in /tmp, or abstract`, async () => {
      const before = answered.length;
      for (const address of [path.join(home, 'agent.sock'), path.join(agentFolder, 'agent.1'), `\0${abstractName}`]) {
        const result = await sandboxed(connectScript(address), policy);
        expect(result.stdout).toMatch(/^error:/);
      }
      expect(answered.slice(before)).toEqual([]);
    });
  }

  it("lets a command reach a socket inside the project, which is the project's own", async () => {
    const result = await sandboxed(connectScript(path.join(project, 'dev.sock')));
    expect(result.stdout).toBe('got:hello\n');
  });

  it('cannot write into the hidden places: a write lands in a throwaway folder, if anywhere', async () => {
    await sandboxed(`echo evil > ${tandemHome}/settings.json; echo evil > ~/.ssh/authorized_keys`);
    expect(() => readFileSync(path.join(tandemHome, 'settings.json'))).toThrow();
    expect(() => readFileSync(path.join(home, '.ssh', 'authorized_keys'))).toThrow();
  });

  it('hides the extra places the person names, absolute or under ~', async () => {
    const extra = mkdtempSync('/var/tmp/tandem-escape-extra-');
    writeFileSync(path.join(extra, 'token'), 'extra secret\n');
    writeFileSync(path.join(home, '.vaultrc'), 'vault secret\n');
    try {
      const result = await sandboxed(`cat ${extra}/token ~/.vaultrc 2>&1; true`, { mode: 'workspace-write' }, { hiding: { ...hiding, extraPaths: [extra, '~/.vaultrc'] } });
      expect(result.stdout).not.toContain('secret');
    } finally {
      rmSync(extra, { recursive: true, force: true });
    }
  });

  it('leaves a secret place visible when the person opened it as the project', async () => {
    const sshProject = path.join(home, '.ssh');
    const result = await sandboxed('cat id_ed25519', { mode: 'read-only' }, { workspace: sshProject });
    expect(result.stdout).toBe('PRIVATE KEY\n');
  });
});

describe('sandbox escapes with the network on', () => {
  const networked: SandboxPolicy = { mode: 'workspace-write', network_access: true };

  it('reaches no abstract unix socket, which shares the network namespace, nor any other unix socket', async () => {
    const before = answered.length;
    for (const address of [`\0${abstractName}`, path.join(home, 'agent.sock'), path.join(project, 'dev.sock')]) {
      const result = await sandboxed(connectScript(address), networked);
      expect(result.stdout).toMatch(/^error:/);
    }
    expect(answered.slice(before)).toEqual([]);
  });

  it('still runs programs that talk to their children over socketpair, and reaches the network', async () => {
    const server = createServer((socket) => socket.end('tcp\n'));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as { port: number }).port;
    try {
      // Node's IPC channel to a child is a socketpair(AF_UNIX): the filter must leave it alone.
      const js = `const c=require('child_process').spawn(process.execPath,['-e','process.on("message",m=>{process.send(m+"!",()=>process.exit(0))})'],{stdio:['inherit','inherit','inherit','ipc']});c.on('message',m=>{console.log(m)});c.send('pair')`;
      writeFileSync(path.join(project, 'pair.cjs'), js);
      const pair = await sandboxed(`${JSON.stringify(process.execPath)} pair.cjs`, networked);
      expect(pair.aggregatedOutput).toBe('pair!\n');
      writeFileSync(path.join(project, 'tcp.cjs'), `require('net').connect(${port},'127.0.0.1').on('data',d=>{process.stdout.write('got:'+d);process.exit(0)}).on('error',e=>{console.log('error:'+e.code);process.exit(3)})`);
      const tcp = await sandboxed(`${JSON.stringify(process.execPath)} tcp.cjs`, networked);
      expect(tcp.stdout).toBe('got:tcp\n');
    } finally {
      server.close();
    }
  });
});
