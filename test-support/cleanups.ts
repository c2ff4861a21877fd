import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, realpath, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeAll } from 'vitest';

/**
 * Work a test file undoes after each test, last first: servers closed, folders removed. Call once at the
 * top of a test file; `defer` registers a cleanup, `tempDir` makes a real-path temporary folder that goes.
 */
export function useCleanups(): { defer: (cleanup: () => unknown) => void; tempDir: (prefix: string) => Promise<string> } {
  const cleanups: (() => unknown)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });
  const defer = (cleanup: () => unknown) => void cleanups.push(cleanup);
  const tempDir = async (prefix: string) => {
    const dir = await realpath(await mkdtemp(path.join(os.tmpdir(), prefix)));
    defer(() => rm(dir, { recursive: true, force: true }));
    return dir;
  };
  return { defer, tempDir };
}

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const tandemBin = path.join(repoRoot, 'bin', 'tandem');

/** For tests that run `bin/tandem`: says plainly when the build they need is missing. */
export function requireBuiltCli(): void {
  beforeAll(() => {
    if (!existsSync(path.join(repoRoot, 'out', 'electron', 'cli', 'main.js'))) throw new Error('bin/tandem is not built: run `npm run build` first (npm test does).');
  });
}

export interface FinishedRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `bin/tandem ARGS` to its end, with `stdin` written and closed, and returns what it printed. */
export function runTandem(args: string[], env: NodeJS.ProcessEnv, cwd: string, stdin = ''): Promise<FinishedRun> {
  return new Promise((resolve) => {
    const child = spawn(tandemBin, args, { env, cwd });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(stdin);
  });
}
