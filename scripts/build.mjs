// Builds everything `npm start`, `bin/tandem` and the tests run: the Node side with tsc, the preload as
// one CommonJS file (sandboxed preloads cannot be ES modules), the renderer with Vite, and the icon's sizes.
import { spawnSync } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeIcons } from './icons.mjs';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const bin = (name) => path.join(root, 'node_modules', '.bin', name);

function run(command, args) {
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) {
    console.error(`build: ${path.basename(command)} ${args.join(' ')} failed`);
    process.exit(result.status ?? 1);
  }
}

rmSync(path.join(root, 'out'), { recursive: true, force: true });
run(bin('tsc'), ['-p', 'tsconfig.node.json']);
if (existsSync(path.join(root, 'electron', 'preload.ts'))) {
  run(bin('esbuild'), ['electron/preload.ts', '--bundle', '--platform=node', '--format=cjs', '--external:electron', '--outfile=out/electron/preload.cjs', '--log-level=warning']);
}
if (existsSync(path.join(root, 'renderer', 'index.html'))) {
  run(bin('vite'), ['build', '--logLevel', 'warn']);
}
writeIcons(path.join(root, 'out', 'icons'));
