import { describe, expect, it } from 'vitest';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Command } from 'commander';
import { message, startFakeModelServer } from '../../e2e/fake-model-server/index.js';
import { requireBuiltCli, useCleanups } from '../../test-support/cleanups.js';
import { ProtoProcess } from '../../test-support/proto-process.js';
import { SERVER_STATE_FLAG, addSharedOptions, sessionOptionsFrom, type SharedCliOptions } from './options.js';
import { withSavedSettings } from './sandbox-preferences.js';
import { overridesFrom } from './serve.js';

/* `--server-state` (one run) and the saved "Keep the conversation on the server", as exec, proto and serve apply them. */

const { defer, tempDir } = useCleanups();
const defaults = { approvalPolicy: 'never', sandbox: 'read-only' } as const;

/** What a subcommand's action is handed for these arguments. */
async function parsed(subcommand: string, args: string[]): Promise<SharedCliOptions> {
  let seen: SharedCliOptions | undefined;
  const program = new Command('tandem').exitOverride();
  addSharedOptions(program.command(subcommand)).action((opts: SharedCliOptions) => {
    seen = opts;
  });
  await program.parseAsync([subcommand, ...args], { from: 'user' });
  return seen!;
}

async function homeWith(settings: object | null): Promise<string> {
  const home = await tempDir('tandem-cli-server-state-home-');
  if (settings) await writeFile(path.join(home, 'settings.json'), JSON.stringify(settings));
  return home;
}

describe('--server-state', () => {
  it('is taken by exec, proto and serve, and means nothing without it', async () => {
    for (const subcommand of ['exec', 'proto', 'serve']) {
      expect((await parsed(subcommand, [SERVER_STATE_FLAG])).serverState).toBe(true);
      expect((await parsed(subcommand, [])).serverState).toBeUndefined();
    }
    expect(sessionOptionsFrom({ serverState: true }, defaults).serverState).toBe(true);
    expect(sessionOptionsFrom({}, defaults).serverState).toBeUndefined();
    expect(overridesFrom({ serverState: true }).serverState).toBe(true);
    expect(overridesFrom({}).serverState).toBeUndefined();
  });

  it('turns it on for the run over a saved "off", and without it the saved choice applies; nothing is written', async () => {
    const off = await homeWith({ server_state: false });
    const flagged = await withSavedSettings({ ...sessionOptionsFrom({ serverState: true }, defaults), home: off });
    expect(flagged.serverState).toBe(true);
    expect(JSON.parse(await readFile(path.join(off, 'settings.json'), 'utf8'))).toEqual({ server_state: false });
    expect((await withSavedSettings({ ...sessionOptionsFrom({}, defaults), home: off })).serverState).toBe(false);

    const on = await homeWith({ server_state: true });
    expect((await withSavedSettings({ ...sessionOptionsFrom({}, defaults), home: on })).serverState).toBe(true);

    const none = await homeWith(null);
    expect((await withSavedSettings({ ...sessionOptionsFrom({}, defaults), home: none })).serverState).toBe(false);
  });
});

describe('tandem proto and the model requests', () => {
  requireBuiltCli();

  /** The `store` of the one request a turn of `tandem proto ARGS` sends, on a home holding `settings`. */
  async function storeOfRequest(args: string[], settings: object | null): Promise<{ store: unknown; home: string }> {
    const server = await startFakeModelServer({ script: [{ items: [message('ok')] }] });
    defer(() => server.close());
    const home = await homeWith(settings);
    const project = await tempDir('tandem-cli-server-state-project-');
    const proto = ProtoProcess.start(args, { env: { ...process.env, OPENAI_API_KEY: 'test-key', OPENAI_BASE_URL: server.baseUrl, TANDEM_HOME: home }, cwd: project });
    defer(() => proto.kill());
    await proto.waitFor('session_configured');
    proto.sendText('hello');
    await proto.waitFor('task_complete');
    expect(await proto.end()).toBe(0);
    expect(server.requests).toHaveLength(1);
    return { store: server.requests[0]!.body.store, home };
  }

  it('sends store: true with --server-state, without saving it', async () => {
    const { store, home } = await storeOfRequest([SERVER_STATE_FLAG], null);
    expect(store).toBe(true);
    expect(await readFile(path.join(home, 'settings.json'), 'utf8').catch(() => null)).toBeNull();
  });

  it('sends store: false by default, and store: true when Settings keep the conversation on the server', async () => {
    expect((await storeOfRequest([], null)).store).toBe(false);
    expect((await storeOfRequest([], { server_state: true })).store).toBe(true);
  });
});
