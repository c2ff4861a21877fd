import { _electron as electron, type ElectronApplication, type Page } from '@playwright/test';
import { existsSync } from 'node:fs';
import { mkdtemp, realpath, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startFakeModelServer, type FakeModelServer, type ScriptedResponse } from '../fake-model-server/index.js';
import type { HostEvent, TandemApi } from '../../shared/host/contract.js';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** The page's window as the tests see it: the preload's API and the events a test collected. */
export type TandemWindow = Window & { tandem: TandemApi; __tandemEvents: HostEvent[] };

/** The Electron binary `npm install` downloaded, or a clear error saying why these tests cannot run. */
function electronBinary(): string {
  let binary: unknown;
  try {
    binary = createRequire(import.meta.url)('electron');
  } catch (err) {
    throw new Error(`The Electron binary is not installed (${(err as Error).message}). Run \`npm install\` with internet access; these tests need it.`);
  }
  if (typeof binary !== 'string' || !existsSync(binary)) throw new Error('The Electron binary is not installed. Run `npm install` with internet access.');
  if (!existsSync(path.join(root, 'out', 'electron', 'main.js')) || !existsSync(path.join(root, 'out', 'electron', 'preload.cjs'))) {
    throw new Error('Tandem is not built: run `npm run build` first (`npm run test:electron` does).');
  }
  return binary;
}

/** A running Tandem app with a fresh TANDEM_HOME, a project folder and a fake model server. */
export class RunningApp {
  private constructor(
    readonly app: ElectronApplication,
    readonly window: Page,
    readonly home: string,
    readonly project: string,
    readonly model: FakeModelServer,
  ) {}

  static async launch(script: ScriptedResponse[] = []): Promise<RunningApp> {
    const executablePath = electronBinary();
    const model = await startFakeModelServer({ script });
    const home = await realpath(await mkdtemp(path.join(os.tmpdir(), 'tandem-electron-home-')));
    const project = await realpath(await mkdtemp(path.join(os.tmpdir(), 'tandem-electron-project-')));
    const app = await electron.launch({
      executablePath,
      args: [root],
      env: { ...process.env, TANDEM_HOME: home, OPENAI_API_KEY: 'test-key', OPENAI_BASE_URL: model.baseUrl, TANDEM_MODEL: 'test-model' },
    });
    const window = await app.firstWindow();
    await window.waitForFunction(() => 'tandem' in window);
    // Every event the host sends, kept where the test can read it.
    await window.evaluate(() => {
      const page = window as unknown as TandemWindow;
      page.__tandemEvents = [];
      page.tandem.onEvent((event) => page.__tandemEvents.push(event));
    });
    return new RunningApp(app, window, home, project, model);
  }

  /** Waits until the host has sent an event of this type for this session; returns its msg. */
  async waitForEvent(sessionId: string, type: string): Promise<Record<string, unknown>> {
    const handle = await this.window.waitForFunction(
      ([id, wanted]) => (window as unknown as TandemWindow).__tandemEvents.find((e) => e.session_id === id && e.event.msg.type === wanted)?.event.msg,
      [sessionId, type] as const,
    );
    return (await handle.jsonValue()) as Record<string, unknown>;
  }

  async close(): Promise<void> {
    await this.app.close().catch(() => undefined);
    await this.model.close();
    await rm(this.home, { recursive: true, force: true });
    await rm(this.project, { recursive: true, force: true });
  }
}
