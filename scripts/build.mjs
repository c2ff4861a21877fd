// Builds everything `npm start`, `bin/tandem` and the tests run: the Node side with tsc, the preload as
// one CommonJS file (sandboxed preloads cannot be ES modules), the command line as a bundle, the renderer with
// Vite, and the icon's sizes.
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
// bin/tandem runs the CLI from one bundle (out/cli) rather than from tsc's ~150 files: Node 20 has no compile cache,
// and resolving, reading and compiling each ES module of its own cost `tandem serve` about half its start. Each
// command's code is a chunk loaded when that command runs. The exec host and the file watcher's worker are entries of
// the same bundle, beside it:
// the agent starts it from the folder its own code runs from (see exec/host-script.ts). web-tree-sitter stays a
// package: it finds its WebAssembly beside its own files. The desktop app runs tsc's files (electron-builder.yml
// leaves out/cli out of the package).
run(bin('esbuild'), [
  'tandem=out/electron/cli/main.js',
  'host-main=out/electron/exec/host-main.js',
  // The snapshot's file watcher runs in a worker thread, started from the file beside its caller (see
  // snapshot/tree-watch.ts).
  'tree-watch-worker=out/electron/snapshot/tree-watch-worker.js',
  '--bundle',
  '--splitting',
  '--platform=node',
  '--format=esm',
  '--target=node20',
  '--outdir=out/cli',
  '--chunk-names=[name]-[hash]',
  '--external:electron',
  '--external:web-tree-sitter',
  // The packages in the bundle that are CommonJS (commander, ws) call require() for Node's built-ins.
  "--banner:js=import { createRequire as createRequireForBundle } from 'node:module'; const require = createRequireForBundle(import.meta.url);",
  '--sourcemap',
  '--log-level=warning',
]);
if (existsSync(path.join(root, 'renderer', 'index.html'))) {
  run(bin('vite'), ['build', '--logLevel', 'warn']);
}
writeIcons(path.join(root, 'out', 'icons'));
