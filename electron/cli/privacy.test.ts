import { describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { message, shellCommand, startFakeModelServer } from '../../e2e/fake-model-server/index.js';
import { parseEvent, type EventMsg } from '../../shared/protocol/index.js';
import { requireBuiltCli, runTandem, useCleanups } from '../../test-support/cleanups.js';

/* `--hide` and `--pass-env`, and the lists saved in Settings, as `bin/tandem exec` applies them. */

requireBuiltCli();
const { defer, tempDir } = useCleanups();

const run = runTandem;

/** A folder with a secret in it under the test HOME (outside /tmp, which the sandbox may see anyway). */
async function secretFolder(): Promise<{ folder: string; file: string }> {
  const folder = path.join(os.homedir(), `tandem-cli-privacy-${randomUUID()}`);
  await mkdir(folder);
  defer(() => rm(folder, { recursive: true, force: true }));
  const file = path.join(folder, 'plan.txt');
  await writeFile(file, 'the secret plan\n');
  return { folder, file };
}

describe('tandem exec and the privacy settings', () => {
  it('hides the saved places and the --hide ones, and passes the saved names and the --pass-env ones', async () => {
    const saved = await secretFolder();
    const flagged = await secretFolder();
    const command = `env; cat ${saved.file}; cat ${flagged.file}; true`;
    const server = await startFakeModelServer({ script: [{ items: [shellCommand(command, { callId: 'c1' })] }, { items: [message('done')] }] });
    defer(() => server.close());
    const project = await tempDir('tandem-cli-privacy-project-');
    const home = await tempDir('tandem-cli-privacy-home-');
    await writeFile(
      path.join(home, 'settings.json'),
      JSON.stringify({ hidden_paths: [`~/${path.basename(saved.folder)}`], env_passthrough: ['GITHUB_TOKEN'] }),
    );
    const env = {
      ...process.env,
      OPENAI_API_KEY: 'test-key',
      OPENAI_BASE_URL: server.baseUrl,
      TANDEM_HOME: home,
      GITHUB_TOKEN: 'ghp_saved_in_settings',
      NPM_TOKEN: 'npm_named_by_flag',
      AWS_SECRET_ACCESS_KEY: 'aws_never_passed',
    };

    const result = await run(['exec', '--json', '--hide', flagged.folder, '--pass-env', 'NPM_TOKEN', 'look around'], env, project);
    expect(result.code, result.stderr).toBe(0);
    const end = result.stdout
      .trim()
      .split('\n')
      .map((line) => parseEvent(line))
      .flatMap((parsed) => (parsed.ok ? [parsed.value.msg] : []))
      .find((msg): msg is Extract<EventMsg, { type: 'exec_command_end' }> => msg.type === 'exec_command_end');
    expect(end).toBeDefined();
    expect(end!.stdout).toMatch(/^GITHUB_TOKEN=ghp_saved_in_settings$/m);
    expect(end!.stdout).toMatch(/^NPM_TOKEN=npm_named_by_flag$/m);
    expect(end!.aggregated_output).not.toContain('AWS_SECRET_ACCESS_KEY');
    expect(end!.aggregated_output).not.toContain('the secret plan');
  });

  it('refuses a --hide that is not a full path and a --pass-env that is not a name, before anything runs', async () => {
    const project = await tempDir('tandem-cli-privacy-project-');
    const env = { ...process.env, OPENAI_API_KEY: 'test-key', OPENAI_BASE_URL: 'http://127.0.0.1:9', TANDEM_HOME: await tempDir('tandem-cli-privacy-home-') };
    const place = await run(['exec', '--hide', 'secrets', 'hi'], env, project);
    expect(place.code).not.toBe(0);
    expect(place.stderr).toContain('"secrets" is not a full path: start it with / or ~/');
    const name = await run(['exec', '--pass-env', 'MY-TOKEN', 'hi'], env, project);
    expect(name.code).not.toBe(0);
    expect(name.stderr).toContain('"MY-TOKEN" is not a variable name');
  });

  it('says which entry of a hand-edited settings file is wrong', async () => {
    const project = await tempDir('tandem-cli-privacy-project-');
    const home = await tempDir('tandem-cli-privacy-home-');
    await writeFile(path.join(home, 'settings.json'), JSON.stringify({ env_passthrough: ['OK_TOKEN', 'not ok'] }));
    const env = { ...process.env, OPENAI_API_KEY: 'test-key', OPENAI_BASE_URL: 'http://127.0.0.1:9', TANDEM_HOME: home };
    const result = await run(['exec', 'hi'], env, project);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('env_passthrough.1: "not ok" is not a variable name');
  });
});
