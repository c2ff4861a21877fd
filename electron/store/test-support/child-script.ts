import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { afterAll, beforeAll } from 'vitest';

/**
 * A script for child processes that use the store as a real second process would: `source` (TypeScript,
 * importing from the store folder as `./…`) bundled once before the file's tests into a temporary folder.
 * Returns a getter for the script's path and the folder, both set once beforeAll has run.
 */
export function bundledChildScript(source: string, name: string): { script: () => string; workDir: () => string } {
  let workDir = '';
  let script = '';
  beforeAll(async () => {
    workDir = fs.mkdtempSync(path.join(os.tmpdir(), `tandem-${name}-`));
    script = path.join(workDir, `${name}.mjs`);
    await build({
      stdin: { contents: source, resolveDir: path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..'), loader: 'ts', sourcefile: `${name}.ts` },
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      outfile: script,
      logLevel: 'silent',
    });
  });
  afterAll(() => {
    fs.rmSync(workDir, { recursive: true, force: true });
  });
  return { script: () => script, workDir: () => workDir };
}
