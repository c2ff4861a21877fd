import { describe, expect, it } from 'vitest';
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { message, reply, startFakeModelServer, type ScriptedResponse } from '../../e2e/fake-model-server/index.js';
import { useCleanups } from '../../test-support/cleanups.js';
import { Host, type HostOptions } from './host.js';
import { FileSecretStore } from './settings/file-secret-store.js';
import { EventCollector } from './test-support/event-collector.js';

/* Settings tell the truth: what a flag fixes is shown as such and never saved, and what is saved reaches the sessions already open. */

const { defer, tempDir } = useCleanups();

async function setup(options: { overrides?: HostOptions['overrides']; env?: NodeJS.ProcessEnv; script?: ScriptedResponse[]; modelsKey?: string } = {}) {
  const server = await startFakeModelServer({ script: options.script ?? [], ...(options.modelsKey ? { modelsKey: options.modelsKey } : {}) });
  defer(() => server.close());
  const home = await tempDir('tandem-host-settings-home-');
  const project = await tempDir('tandem-host-settings-project-');
  const env = { PATH: process.env.PATH, HOME: process.env.HOME, OPENAI_API_KEY: 'env-key-0123', OPENAI_BASE_URL: server.baseUrl, TANDEM_MODEL: 'test-model', ...options.env };
  const host = new Host({ home, secrets: new FileSecretStore(home), env, overrides: options.overrides ?? {}, warn: () => undefined });
  defer(() => host.shutdown());
  const events = new EventCollector();
  host.onEvent(events.listener);
  const say = async (session_id: string, text: string) => {
    await host.request('submit', { session_id, submission: { op: { type: 'user_input', items: [{ type: 'text', text }] } } });
  };
  const settingsFile = async () => JSON.parse(await readFile(path.join(home, 'settings.json'), 'utf8').catch(() => '{}')) as Record<string, unknown>;
  return { host, home, project, server, events, say, settingsFile };
}

/** A port on which nothing listens: a server that was there a moment ago. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('values a flag fixes', () => {
  it('are reported with the flag that fixes them, and nothing is fixed without flags', async () => {
    const plain = await setup();
    expect((await plain.host.request('get_settings', {})).fixed).toEqual({});

    const { host } = await setup({ overrides: { baseUrl: 'http://127.0.0.1:9/v1', model: 'flag-model', approvalPolicy: 'never', sandboxPolicy: { mode: 'danger-full-access' } } });
    const settings = await host.request('get_settings', {});
    expect(settings).toMatchObject({ base_url: 'http://127.0.0.1:9/v1', model: 'flag-model', approval_preset: 'full-access' });
    expect(settings.fixed.base_url).toEqual({ by: 'flag', reason: expect.stringContaining('--base-url http://127.0.0.1:9/v1') });
    expect(settings.fixed.model?.reason).toContain('-m flag-model');
    expect(settings.fixed.approval_preset?.reason).toContain('-a never -s danger-full-access');
  });

  it('are never written to settings.json when Settings are saved as shown', async () => {
    const { host, settingsFile } = await setup({ overrides: { baseUrl: 'http://127.0.0.1:9/v1', model: 'flag-model', approvalPolicy: 'on-request' } });
    const shown = await host.request('get_settings', {});
    await host.request('save_settings', { base_url: shown.base_url, model: shown.model, approval_preset: shown.approval_preset, theme: 'dark' });
    const file = await settingsFile();
    expect(file).toMatchObject({ theme: 'dark' });
    expect(file).not.toHaveProperty('base_url');
    expect(file).not.toHaveProperty('model');
    expect(file).not.toHaveProperty('approval_preset');
  });

  it('leave a different value saved for later runs, while this run keeps the flag', async () => {
    const { host, settingsFile } = await setup({ overrides: { model: 'flag-model' } });
    const saved = await host.request('save_settings', { model: 'saved-model' });
    expect(saved.model).toBe('flag-model');
    expect(await settingsFile()).toMatchObject({ model: 'saved-model' });
  });
});

describe('saved settings reach the sessions already open', () => {
  it('a base URL fixed in Settings after a failure makes the next message work', async () => {
    const port = await closedPort();
    const { host, project, server, events, say } = await setup({ env: { OPENAI_BASE_URL: `http://127.0.0.1:${port}/v1` }, script: [reply(message('Now I can hear you.'))] });
    const { session_id } = await host.request('open_session', { cwd: project });
    await say(session_id, 'hello?');
    const error = await events.waitFor('error', session_id);
    expect(error.message).toMatch(/ECONNREFUSED|Connection error|connect/i);
    await events.waitFor('task_complete', session_id);

    await host.request('save_settings', { base_url: server.baseUrl });
    await say(session_id, 'hello again');
    await events.waitFor('agent_message', session_id);
    expect(server.requests).toHaveLength(1);
  }, 30_000);

  it('a new model and approval preset apply from the next request, and are recorded', async () => {
    const { host, project, server, events, say } = await setup({ script: [reply(message('one')), reply(message('two'))] });
    const { session_id } = await host.request('open_session', { cwd: project });
    await say(session_id, 'first');
    await events.waitFor('task_complete', session_id);
    await host.request('save_settings', { model: 'picked-model', approval_preset: 'full-access' });
    await say(session_id, 'second');
    await events.waitFor('agent_message', session_id, (msg) => msg.message === 'two');
    expect(server.requests.map((request) => request.body.model)).toEqual(['test-model', 'picked-model']);
    expect(JSON.stringify(server.requests[1]?.body.input)).toContain('never');
  });
});

describe('the API key', () => {
  it('is refused when it cannot be a key, and what was saved stays', async () => {
    const { host } = await setup();
    await expect(host.request('save_settings', { api_key: 'and also fix the docs please' })).rejects.toThrow(/does not look like an API key: it has spaces/);
    await expect(host.request('save_settings', { api_key: 'thanks' })).rejects.toThrow(/only 6 characters/);
    expect(await host.request('get_settings', {})).toMatchObject({ api_key_source: 'environment' });
  });
});

describe('test_connection', () => {
  it('says the server is reachable and took the key', async () => {
    const { host, server } = await setup({ modelsKey: 'env-key-0123' });
    expect(await host.request('test_connection', {})).toEqual({ outcome: 'reachable', base_url: server.baseUrl, message: `${server.baseUrl} answered and took the key.` });
  });

  it('tries the key and base URL typed but not saved, and says when the key is refused', async () => {
    const { host, server } = await setup({ modelsKey: 'env-key-0123' });
    const refused = await host.request('test_connection', { api_key: 'sk-typed-but-wrong' });
    expect(refused).toMatchObject({ outcome: 'key_refused', message: expect.stringContaining('refused the API key (HTTP 401)') });
    const withoutV1 = await host.request('test_connection', { base_url: server.baseUrl.replace(/\/v1$/, '') });
    expect(withoutV1).toMatchObject({ outcome: 'not_responses', message: expect.stringContaining('usually ends in /v1') });
  });

  it('says when nothing answers', async () => {
    const port = await closedPort();
    const { host } = await setup();
    const result = await host.request('test_connection', { base_url: `http://127.0.0.1:${port}/v1` });
    expect(result).toMatchObject({ outcome: 'not_reachable', message: expect.stringContaining('the connection was refused') });
  });

  it('tests the base URL a flag fixes, whatever was typed', async () => {
    const { host, server } = await setup({ overrides: { baseUrl: 'http://127.0.0.1:9/v1' } });
    const result = await host.request('test_connection', { base_url: server.baseUrl });
    expect(result).toMatchObject({ outcome: 'not_reachable', base_url: 'http://127.0.0.1:9/v1' });
  });
});
