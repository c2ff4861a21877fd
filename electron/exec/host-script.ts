import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const HOST_ENTRY = 'host-main';

let bundled: Promise<string> | undefined;

/**
 * The file the exec host runs: host-main.js beside this module once tsc has built it (or beside the
 * bundle that inlined this module). Run from TypeScript source, as Vitest does, there is no .js to
 * run, so the entry is bundled once per process with esbuild, a development dependency that is
 * always there when the sources are.
 */
export function execHostScript(): Promise<string> {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const built = path.join(here, `${HOST_ENTRY}.js`);
  if (existsSync(built)) return Promise.resolve(built);
  const source = path.join(here, `${HOST_ENTRY}.ts`);
  if (!existsSync(source)) return Promise.reject(new Error(`there is no exec host script at ${built}`));
  bundled ??= bundleFromSource(source);
  return bundled;
}

async function bundleFromSource(source: string): Promise<string> {
  const { build } = await import('esbuild');
  const dir = mkdtempSync(path.join(os.tmpdir(), 'tandem-exec-host-'));
  process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
  const outfile = path.join(dir, `${HOST_ENTRY}.mjs`);
  await build({ entryPoints: [source], bundle: true, platform: 'node', format: 'esm', outfile, logLevel: 'silent' });
  return outfile;
}
