import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const HOST_ENTRY = 'host-main';

const bundled = new Map<string, Promise<string>>();

/**
 * The file a process or thread of Tandem's runs: `<entry>.js` in `folder` once tsc has built it (or beside the
 * bundle that inlined its caller). Run from TypeScript source, as Vitest does, there is no .js to run, so the entry
 * is bundled once per process with esbuild, a development dependency that is always there when the sources are.
 */
export function entryScript(folder: string, entry: string): Promise<string> {
  const built = path.join(folder, `${entry}.js`);
  if (existsSync(built)) return Promise.resolve(built);
  const source = path.join(folder, `${entry}.ts`);
  if (!existsSync(source)) return Promise.reject(new Error(`there is no ${entry === HOST_ENTRY ? 'exec host' : entry} script at ${built}`));
  let script = bundled.get(source);
  if (!script) {
    script = bundleFromSource(source, entry);
    bundled.set(source, script);
  }
  return script;
}

/** The file the exec host runs: host-main.js beside this module (see entryScript). */
export function execHostScript(): Promise<string> {
  return entryScript(path.dirname(fileURLToPath(import.meta.url)), HOST_ENTRY);
}

async function bundleFromSource(source: string, entry: string): Promise<string> {
  const { build } = await import('esbuild');
  const dir = mkdtempSync(path.join(os.tmpdir(), `tandem-${entry}-`));
  process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
  const outfile = path.join(dir, `${entry}.mjs`);
  await build({ entryPoints: [source], bundle: true, platform: 'node', format: 'esm', outfile, logLevel: 'silent' });
  return outfile;
}
