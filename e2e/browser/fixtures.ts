import { test as base, expect, type Page } from '@playwright/test';
import { execFileSync, spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, realpath, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { startFakeModelServer, type FakeModelServer, type ScriptedResponse } from '../fake-model-server/index.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const SCREENSHOTS = path.join(root, 'e2e', 'screenshots');

export interface Tandem {
  /** The URL `tandem serve` printed, token included. */
  url: string;
  origin: string;
  token: string;
  project: string;
  /** The TANDEM_HOME this run keeps its sessions in. */
  home: string;
  model: FakeModelServer;
  /** Stops this run's `tandem serve` (as quitting the app would); the session files stay. */
  stop(): Promise<void>;
  /** Starts a second `tandem serve` on the same home and project (no -C), as a person restarting the app would. */
  serveAgain(): Promise<{ url: string; stop(): Promise<void> }>;
  /** Saves a screenshot of the page's current state under e2e/screenshots/. */
  shot(page: Page, state: string): Promise<void>;
}

export interface TandemOptions {
  /** What the fake model answers, in order (wrapped: Playwright reads a bare array option as [value, options]). */
  script: { responses: ScriptedResponse[] };
  /** Start `tandem serve -C project` so the session opens at once. */
  openProject: boolean;
  /** Files to put in the project besides README.md, by path relative to it. */
  projectFiles: Record<string, string>;
  /** Make the project a git repository with its files committed (undo works only in one). */
  gitRepo: boolean;
  /** Give `tandem serve` an OPENAI_API_KEY (false: none anywhere, as on a first start). */
  withApiKey: boolean;
  /** More command-line options for `tandem serve` (`--base-url`, `-m`, ...). */
  serveArgs: string[];
  /** Environment variables for `tandem serve` over the fixture's own (OPENAI_BASE_URL, say). */
  serveEnv: Record<string, string>;
}

/** The tail of each serve's stderr kept for a failed test's report. */
const SERVE_STDERR_KEPT = 64 * 1024;
const serveStderr = new WeakMap<ChildProcessWithoutNullStreams, string>();
const serveOutput = (child: ChildProcessWithoutNullStreams): string => serveStderr.get(child) || '(nothing)';

function makeGitRepository(project: string): void {
  const identity = { GIT_AUTHOR_NAME: 'E2E', GIT_AUTHOR_EMAIL: 'e2e@tandem.invalid', GIT_COMMITTER_NAME: 'E2E', GIT_COMMITTER_EMAIL: 'e2e@tandem.invalid' };
  const git = (...args: string[]) => execFileSync('git', args, { cwd: project, env: { ...process.env, ...identity }, stdio: 'pipe' });
  git('init', '-q');
  git('add', '-A');
  git('commit', '-q', '--no-gpg-sign', '-m', 'The project as the test begins');
}

async function startServe(
  project: string,
  home: string,
  model: FakeModelServer,
  openProject: boolean,
  withApiKey: boolean,
  serveArgs: string[] = [],
  serveEnv: Record<string, string> = {},
) {
  if (!existsSync(path.join(root, 'out', 'renderer', 'index.html'))) throw new Error('Not built: run `npm run build` first (npm test does).');
  const args = ['serve', ...(openProject ? ['-C', project] : []), ...serveArgs];
  const { OPENAI_API_KEY: _ignored, ...env } = process.env;
  const child = spawn(path.join(root, 'bin', 'tandem'), args, {
    env: { ...env, TANDEM_HOME: home, OPENAI_BASE_URL: model.baseUrl, ...(withApiKey ? { OPENAI_API_KEY: 'test-key' } : {}), ...serveEnv },
    cwd: project,
  }) as ChildProcessWithoutNullStreams;
  let stderr = '';
  child.stderr.on('data', (chunk) => {
    stderr = (stderr + chunk).slice(-SERVE_STDERR_KEPT);
    serveStderr.set(child, stderr);
    if (process.env.E2E_SERVE_STDERR) process.stderr.write(chunk);
  });
  const url = await new Promise<string>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout });
    lines.once('line', (line) => {
      const match = /^Tandem is at (http:\/\/127\.0\.0\.1:\d+\/\S+)$/.exec(line);
      if (match) resolve(match[1]!);
      else reject(new Error(`unexpected first line from tandem serve: ${line}`));
    });
    child.once('exit', (code) => reject(new Error(`tandem serve exited with ${code}: ${stderr}`)));
  });
  return { child, url };
}

export const test = base.extend<TandemOptions & { tandem: Tandem }>({
  script: [{ responses: [] }, { option: true }],
  openProject: [true, { option: true }],
  projectFiles: [{}, { option: true }],
  gitRepo: [false, { option: true }],
  withApiKey: [true, { option: true }],
  serveArgs: [[], { option: true }],
  serveEnv: [{}, { option: true }],
  tandem: async ({ script, openProject, projectFiles, gitRepo, withApiKey, serveArgs, serveEnv }, use, testInfo) => {
    const model = await startFakeModelServer({ script: script.responses });
    const project = await realpath(await mkdtemp(path.join(os.tmpdir(), 'tandem-e2e-project-')));
    const home = await mkdtemp(path.join(os.tmpdir(), 'tandem-e2e-home-'));
    await writeFile(path.join(project, 'README.md'), '# A small project\n');
    for (const [file, content] of Object.entries(projectFiles)) {
      await mkdir(path.dirname(path.join(project, file)), { recursive: true });
      await writeFile(path.join(project, file), content);
    }
    if (gitRepo) makeGitRepository(project);
    const { child, url } = await startServe(project, home, model, openProject, withApiKey, serveArgs, serveEnv);
    await mkdir(SCREENSHOTS, { recursive: true });
    const slug = testInfo.titlePath.slice(1).join(' ').toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
    const parsed = new URL(url);
    const others: ChildProcessWithoutNullStreams[] = [];
    const stop = async (server: ChildProcessWithoutNullStreams) => {
      if (server.exitCode !== null || server.signalCode !== null) return;
      const exited = new Promise((resolve) => server.once('exit', resolve));
      server.kill('SIGTERM');
      await exited;
    };
    await use({
      url,
      origin: parsed.origin,
      token: parsed.searchParams.get('token') ?? '',
      project,
      home,
      model,
      stop: () => stop(child),
      serveAgain: async () => {
        const again = await startServe(project, home, model, false, withApiKey, serveArgs, serveEnv);
        others.push(again.child);
        return { url: again.url, stop: () => stop(again.child) };
      },
      shot: async (page, state) => {
        await page.screenshot({ path: path.join(SCREENSHOTS, `${slug}--${state}.png`) });
      },
    });
    await Promise.all([child, ...others].map(stop));
    // What serve said goes with a failed test's report, so that a failure in CI carries its own evidence.
    if (testInfo.status !== testInfo.expectedStatus) await testInfo.attach('tandem serve stderr', { body: serveOutput(child), contentType: 'text/plain' });
    await model.close();
    await rm(project, { recursive: true, force: true });
    await rm(home, { recursive: true, force: true });
  },
});

export { expect };

/** The fake model's request bodies, as text, for asserting what the model was told. */
export function requestInputs(model: FakeModelServer): string[] {
  return model.requests.map((request) => JSON.stringify(request.body.input));
}
