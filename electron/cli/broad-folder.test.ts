import { describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { mkdir, symlink } from 'node:fs/promises';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { message, startFakeModelServer } from '../../e2e/fake-model-server/index.js';
import { parseEvent, type Event } from '../../shared/protocol/index.js';
import { SessionRecorder } from '../store/index.js';
import { requireBuiltCli, runTandem, tandemBin, useCleanups } from '../../test-support/cleanups.js';

requireBuiltCli();
const { defer, tempDir } = useCleanups();

/**
 * A person whose home folder is the test's own (HOME=/tmp/x/people/you, with a project inside), and a fake
 * model server; `tandem` runs with that HOME, so the machine's own home never matters.
 */
async function setup(answers = 1) {
  const server = await startFakeModelServer({ script: Array.from({ length: answers }, () => ({ items: [message('Done.')] })) });
  defer(() => server.close());
  const people = path.join(await tempDir('tandem-cli-broad-'), 'people');
  const personHome = path.join(people, 'you');
  const project = path.join(personHome, 'projects', 'app');
  await mkdir(project, { recursive: true });
  const tandemHome = await tempDir('tandem-cli-broad-home-');
  const env = { ...process.env, HOME: personHome, OPENAI_API_KEY: 'test-key', OPENAI_BASE_URL: server.baseUrl, TANDEM_HOME: tandemHome, TANDEM_MODEL: 'test-model' };
  return { server, people, personHome, project, tandemHome, env };
}


const run = runTandem;

function events(stdout: string): Event[] {
  return stdout.trim().split('\n').filter(Boolean).map((line) => {
    const parsed = parseEvent(line);
    if (!parsed.ok) throw new Error(`not an event line: ${line}`);
    return parsed.value;
  });
}

const HINT = 'Give a project folder with -C DIR, or pass --allow-broad-folder to work in this one anyway.';

describe('tandem exec and proto in a folder too broad to be a project', () => {
  it('exec refuses the home folder given with -C, with a clear message and exit status 2, and asks no model', async () => {
    const { server, personHome, project, env } = await setup();
    const result = await run(['exec', '-s', 'workspace-write', '-C', personHome, 'tidy up'], env, project);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe(
      `tandem: ${personHome} is your home folder. Tandem's commands will be able to change every file under ${personHome}, your settings and other projects included. ${HINT}\n`,
    );
    expect(server.requests).toHaveLength(0);
  });

  it('exec refuses a folder above the home folder when it is the current folder, and / as well', async () => {
    const { people, personHome, env } = await setup();
    const above = await run(['exec', '-s', 'workspace-write', 'tidy up'], env, people);
    expect(above.code).toBe(2);
    expect(above.stderr).toContain(`${people} holds your home folder, ${personHome}.`);
    const root = await run(['exec', '-s', 'workspace-write', 'tidy up'], env, '/');
    expect(root.code).toBe(2);
    expect(root.stderr).toContain('/ is the top of the whole file system.');
  });

  it('exec refuses a symlink to the home folder', async () => {
    const { personHome, project, env } = await setup();
    const link = path.join(await tempDir('tandem-cli-broad-link-'), 'home');
    await symlink(personHome, link);
    const result = await run(['exec', '-s', 'workspace-write', '-C', link, 'tidy up'], env, project);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`${link} (which leads to ${personHome}) is your home folder.`);
  });

  it('exec works in the home folder with --allow-broad-folder, or read-only (its default) without it', async () => {
    const { personHome, project, env } = await setup(2);
    const allowed = await run(['exec', '--json', '-s', 'workspace-write', '--allow-broad-folder', '-C', personHome, 'tidy up'], env, project);
    expect(allowed.code).toBe(0);
    expect(events(allowed.stdout)[0]!.msg).toMatchObject({ type: 'session_configured', cwd: personHome, sandbox_policy: { mode: 'workspace-write' } });
    const readOnly = await run(['exec', '--json', 'what is here?'], env, personHome);
    expect(readOnly.code).toBe(0);
    expect(events(readOnly.stdout)[0]!.msg).toMatchObject({ type: 'session_configured', cwd: personHome, sandbox_policy: { mode: 'read-only' } });
  });

  it('exec works in a project inside the home folder without the flag', async () => {
    const { project, env } = await setup();
    const result = await run(['exec', '--json', '-s', 'workspace-write', 'tidy up'], env, project);
    expect(result.code).toBe(0);
    expect(events(result.stdout)[0]!.msg).toMatchObject({ cwd: project });
  });

  it('exec --resume checks the folder the saved session goes back to', async () => {
    const { personHome, project, tandemHome, env } = await setup();
    const recorder = SessionRecorder.create(tandemHome, { cwd: personHome, model: 'test-model', approval_policy: 'never', sandbox_policy: { mode: 'workspace-write' } });
    recorder.close();
    const refused = await run(['exec', '-s', 'workspace-write', '--resume', recorder.sessionId, 'go on'], env, project);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain(`${personHome} is your home folder.`);
    const allowed = await run(['exec', '--json', '-s', 'workspace-write', '--allow-broad-folder', '--resume', recorder.sessionId, 'go on'], env, project);
    expect(allowed.code).toBe(0);
    expect(events(allowed.stdout)[0]!.msg).toMatchObject({ type: 'session_configured', session_id: recorder.sessionId, cwd: personHome });
  });

  it('proto (workspace-write by default) refuses the home folder as the current folder, and opens it with the flag', async () => {
    const { personHome, env } = await setup();
    const refused = await run(['proto'], env, personHome, '{"op": {"type": "shutdown"}}\n');
    expect(refused.code).toBe(2);
    expect(refused.stdout).toBe('');
    expect(refused.stderr).toContain(`${personHome} is your home folder.`);
    expect(refused.stderr).toContain(HINT);

    const allowed = await run(['proto', '--allow-broad-folder'], env, personHome, '{"op": {"type": "shutdown"}}\n');
    expect(allowed.code).toBe(0);
    const msgs = events(allowed.stdout).map((e) => e.msg);
    expect(msgs[0]).toMatchObject({ type: 'session_configured', cwd: personHome });
    expect(msgs.at(-1)).toEqual({ type: 'shutdown_complete' });
  });

  it('names the flag in --help', async () => {
    const { project, env } = await setup();
    for (const command of ['exec', 'proto', 'serve']) {
      const help = await run([command, '--help'], env, project);
      expect(help.stdout).toContain('--allow-broad-folder');
    }
  });
});

describe('tandem serve with a folder too broad to be a project', () => {
  /** Runs `tandem serve` to its first line on stdout (the URL) or to its exit. */
  function serve(args: string[], env: NodeJS.ProcessEnv, cwd: string): Promise<{ firstLine: string | null; code: number | null; stderr: string; stop(): Promise<number | null> }> {
    const child = spawn(tandemBin, ['serve', ...args], { env, cwd });
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    defer(async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    const stderrEnded = new Promise((resolve) => child.stderr.once('end', resolve));
    const stop = async () => {
      child.kill('SIGTERM');
      return exited;
    };
    return new Promise((resolve) => {
      createInterface({ input: child.stdout }).once('line', (line) => resolve({ firstLine: line, code: null, stderr, stop }));
      void Promise.all([exited, stderrEnded]).then(([code]) => resolve({ firstLine: null, code, stderr, stop }));
    });
  }

  it('refuses -C on the home folder with exit status 2, and opens it with --allow-broad-folder', async () => {
    const { personHome, project, env } = await setup();
    const refused = await serve(['-C', personHome], env, project);
    expect(refused.firstLine).toBeNull();
    expect(refused.code).toBe(2);
    // Serve's sessions take the "Ask" preset, workspace-write, unless told otherwise.
    expect(refused.stderr).toContain(`tandem: ${personHome} is your home folder.`);
    expect(refused.stderr).toContain(HINT);

    const allowed = await serve(['-C', personHome, '--allow-broad-folder'], env, project);
    expect(allowed.firstLine).toMatch(/^Tandem is at http:\/\/127\.0\.0\.1:\d+\/\?token=\S+&session=\S+$/);
    expect(await allowed.stop()).toBe(0);
  });

  it('starts in the home folder as its current folder, since it opens no session there', async () => {
    const { personHome, env } = await setup();
    const running = await serve([], env, personHome);
    expect(running.firstLine).toMatch(/^Tandem is at /);
    expect(await running.stop()).toBe(0);
  });
});
