import { describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { message, shellCommand, startFakeModelServer } from '../../e2e/fake-model-server/index.js';
import { useCleanups } from '../../test-support/cleanups.js';
import type { DoorContext } from './door-context.js';
import { Host } from './host.js';
import { FileSecretStore } from './settings/file-secret-store.js';
import { EventCollector } from './test-support/event-collector.js';

/* The privacy lists of Settings, from the door to the sessions' commands (real bubblewrap). */

const client: DoorContext = { door: 'websocket', client: 'test-privacy' };
const { defer, tempDir } = useCleanups();

/** A folder with a secret under the test HOME, which the workspace sandbox leaves readable unless it is hidden. */
async function secretUnderHome(): Promise<{ place: string; file: string }> {
  const name = `tandem-host-privacy-${randomUUID()}`;
  const folder = path.join(os.homedir(), name);
  await mkdir(folder);
  defer(() => rm(folder, { recursive: true, force: true }));
  const file = path.join(folder, 'plan.txt');
  await writeFile(file, 'the secret plan\n');
  return { place: `~/${name}`, file };
}

async function setup(commands: string[]) {
  const server = await startFakeModelServer({ script: commands.flatMap((command, i) => [{ items: [shellCommand(command, { callId: `c${i}` })] }, { items: [message(`done ${i}`)] }]) });
  defer(() => server.close());
  const home = await tempDir('tandem-host-privacy-home-');
  const project = await tempDir('tandem-host-privacy-project-');
  const env = { PATH: process.env.PATH, HOME: process.env.HOME, OPENAI_API_KEY: 'env-key', OPENAI_BASE_URL: server.baseUrl, TANDEM_MODEL: 'test-model' };
  const host = new Host({ home, secrets: new FileSecretStore(home), env, warn: () => undefined });
  defer(() => host.shutdown());
  const events = new EventCollector();
  host.onEvent(events.listener);
  let turns = 0;
  /** One turn in the session; the command it ran, as it ended. */
  const turn = async (sessionId: string) => {
    const callId = `c${turns++}`;
    await host.request('submit', { session_id: sessionId, submission: { op: { type: 'user_input', items: [{ type: 'text', text: callId }] } } }, client);
    const end = await events.waitFor('exec_command_end', sessionId, (m) => m.call_id === callId);
    await events.waitFor('task_complete', sessionId, (m) => m.last_agent_message === `done ${callId.slice(1)}`);
    return end;
  };
  return { host, home, project, turn };
}

describe('the privacy lists of Settings', () => {
  it('come back as saved, beside the places always hidden', async () => {
    const { host, home } = await setup([]);
    const before = await host.request('get_settings', {});
    expect(before).toMatchObject({ hidden_paths: [], env_passthrough: [] });
    expect(before.builtin_hidden_paths).toEqual(expect.arrayContaining(['~/.ssh', '~/.gnupg', '~/.aws', '~/.config/google-chrome', home]));

    const saved = await host.request('save_settings', { hidden_paths: ['~/clients', '/srv/keys'], env_passthrough: ['GITHUB_TOKEN'] }, client);
    expect(saved).toMatchObject({ hidden_paths: ['~/clients', '/srv/keys'], env_passthrough: ['GITHUB_TOKEN'] });
    expect(await host.request('get_settings', {})).toEqual(saved);
  });

  it('are refused over the door with the entry named, and what was saved stays', async () => {
    const { host, home } = await setup([]);
    await host.request('save_settings', { hidden_paths: ['~/clients'], env_passthrough: ['GITHUB_TOKEN'] }, client);
    const file = await readFile(path.join(home, 'settings.json'), 'utf8');

    const badPlace = await host.handle('save_settings', { hidden_paths: ['~/clients', 'src/secrets'], model: 'other' }, client);
    expect(!badPlace.ok && badPlace.error).toBe('invalid save_settings request: hidden_paths.1: "src/secrets" is not a full path: start it with / or ~/');
    const badName = await host.handle('save_settings', { env_passthrough: ['GITHUB TOKEN'] }, client);
    expect(!badName.ok && badName.error).toMatch(/^invalid save_settings request: env_passthrough\.0: "GITHUB TOKEN" is not a variable name/);

    expect(await readFile(path.join(home, 'settings.json'), 'utf8')).toBe(file);
    expect(await host.request('get_settings', {})).toMatchObject({ hidden_paths: ['~/clients'], env_passthrough: ['GITHUB_TOKEN'] });
  });

  it('reach a running session from its next command, and sessions opened or resumed later', async () => {
    const secret = await secretUnderHome();
    const cat = `cat ${secret.file}`;
    const { host, project, turn } = await setup([cat, cat, cat, cat]);

    const { session_id: first } = await host.request('open_session', { cwd: project }, client);
    expect((await turn(first)).aggregated_output).toContain('the secret plan');

    await host.request('save_settings', { hidden_paths: [secret.place] }, client);
    const running = await turn(first);
    expect(running.exit_code).not.toBe(0);
    expect(running.aggregated_output).not.toContain('the secret plan');

    const { session_id: second } = await host.request('open_session', { cwd: project }, client);
    expect((await turn(second)).aggregated_output).not.toContain('the secret plan');

    await host.request('close_session', { session_id: first }, client);
    await host.request('open_session', { cwd: project, resume_id: first }, client);
    const resumed = await turn(first);
    expect(resumed.exit_code).not.toBe(0);
    expect(resumed.aggregated_output).not.toContain('the secret plan');
  });
});
