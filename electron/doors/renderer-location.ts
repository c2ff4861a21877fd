import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The folder of Tandem's package (the one with package.json above this file), whether this runs built from
 * out/ or from source under a test runner.
 */
export function packageRoot(from = path.dirname(fileURLToPath(import.meta.url))): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'package.json'))) return dir;
    if (path.dirname(dir) === dir) throw new Error(`Tandem cannot find its package folder above ${from}.`);
  }
}

/** The built renderer (Vite's output), which both doors serve. */
export function rendererDir(): string {
  return path.join(packageRoot(), 'out', 'renderer');
}
