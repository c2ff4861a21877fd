// The packaging check (`npm run test:pack`, part of `npm test`; needs `npm run build` first). It packages the
// Linux app with electron-builder and electron-builder.yml exactly as `npm run dist` would, but unpacked
// (`--dir`) and with a stand-in for the Electron distribution, so nothing is downloaded. Then it reads the
// result: what app.asar holds, what it does not, its size, the unpacked WebAssembly, the fuses written into the
// executable, and whether the agent taken out of the archive runs a turn under plain Node.
//
// `--keep` leaves the packaged app in the temporary folder it names.
import { extractAll, listPackage } from '@electron/asar';
import { FuseV1Options, getCurrentFuseWire } from '@electron/fuses';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { importGraph, pageReferences } from './import-graph.mjs';
import { makeStandInElectron } from './stand-in-electron.mjs';
import { runPackagedTurn } from './packaged-turn.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const packageJson = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
const electronVersion = JSON.parse(readFileSync(path.join(root, 'node_modules', 'electron', 'package.json'), 'utf8')).version;

/** app.asar must stay under this: the page's packages are bundled by Vite, the rest is what the main process needs. */
export const ASAR_BUDGET_BYTES = 15_000_000;
/**
 * The entry points the packaged app loads: the main process, the preload, the exec host (a utility process), the
 * snapshot's file watcher (a worker thread).
 */
const NODE_ENTRIES = ['out/electron/main.js', 'out/electron/preload.cjs', 'out/electron/exec/host-main.js', 'out/electron/snapshot/tree-watch-worker.js'];
const PAGE = 'out/renderer/index.html';
const WASM_FILES = ['node_modules/web-tree-sitter/tree-sitter.wasm', 'node_modules/tree-sitter-bash/tree-sitter-bash.wasm'];
/** The fuses electron-builder.yml sets, as @electron/fuses reads them back ('1' on, '0' off). */
const EXPECTED_FUSES = {
  [FuseV1Options.RunAsNode]: '0',
  [FuseV1Options.EnableCookieEncryption]: '1',
  [FuseV1Options.EnableNodeOptionsEnvironmentVariable]: '0',
  [FuseV1Options.EnableNodeCliInspectArguments]: '0',
  [FuseV1Options.EnableEmbeddedAsarIntegrityValidation]: '1',
  [FuseV1Options.OnlyLoadAppFromAsar]: '1',
  [FuseV1Options.GrantFileProtocolExtraPrivileges]: '0',
};

const failures = [];
function check(name, problems) {
  const list = problems.filter(Boolean);
  if (list.length === 0) {
    console.log(`  ok  ${name}`);
    return;
  }
  console.log(`  FAIL ${name}`);
  for (const problem of list.slice(0, 20)) console.log(`       - ${problem}`);
  if (list.length > 20) console.log(`       ... and ${list.length - 20} more`);
  failures.push(name);
}

function packageApp(work) {
  const standIn = makeStandInElectron(path.join(work, 'electron-dist'), electronVersion);
  const output = path.join(work, 'release');
  const started = Date.now();
  // A proxy that answers nothing: should electron-builder try to download anything, it fails here instead of
  // passing on a machine that happens to be online.
  const offline = { HTTP_PROXY: 'http://127.0.0.1:9', HTTPS_PROXY: 'http://127.0.0.1:9', ELECTRON_GET_USE_PROXY: '1', NO_PROXY: '' };
  const result = spawnSync(
    path.join(root, 'node_modules', '.bin', 'electron-builder'),
    ['--dir', '--linux', '--x64', '--config', 'electron-builder.yml', `-c.electronDist=${standIn}`, `-c.electronVersion=${electronVersion}`, `-c.directories.output=${output}`],
    { cwd: root, encoding: 'utf8', env: { ...process.env, ...offline, CSC_IDENTITY_AUTO_DISCOVERY: 'false' } },
  );
  const log = `${result.stdout}${result.stderr}`;
  if (result.status !== 0) {
    console.log(log);
    throw new Error(`electron-builder failed (status ${result.status})`);
  }
  console.log(`  ok  electron-builder packaged the Linux app offline in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return { appDir: path.join(output, 'linux-unpacked'), log };
}

function readPngSize(file) {
  const png = readFileSync(file);
  if (png.toString('latin1', 1, 4) !== 'PNG') return null;
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

async function main() {
  if (!existsSync(path.join(root, 'out', 'electron', 'main.js')) || !existsSync(path.join(root, PAGE))) {
    throw new Error('nothing is built: run `npm run build` first');
  }
  const keep = process.argv.includes('--keep');
  const work = mkdtempSync(path.join(os.tmpdir(), 'tandem-pack-'));
  try {
    console.log(`Packaging check (Electron ${electronVersion}, stand-in distribution, in ${work})`);
    const { appDir, log } = packageApp(work);
    check('no download was attempted', [/download/i.test(log) ? `electron-builder's log mentions a download:\n${log}` : '']);

    const asarFile = path.join(appDir, 'resources', 'app.asar');
    const entries = listPackage(asarFile, { isPack: false }).map((entry) => entry.replace(/^[\\/]/, '').split(path.sep).join('/'));
    const files = entries.filter((entry) => !entries.some((other) => other.startsWith(`${entry}/`)));
    const size = statSync(asarFile).size;
    console.log(`      app.asar: ${(size / 1e6).toFixed(1)} MB, ${entries.length} entries (${files.filter((f) => f.startsWith('node_modules/')).length} under node_modules)`);
    check(`app.asar is under ${ASAR_BUDGET_BYTES / 1e6} MB`, [size >= ASAR_BUDGET_BYTES ? `it is ${size} bytes` : '']);

    const shippedPackages = new Set(files.filter((f) => f.startsWith('node_modules/')).map((f) => f.split('/').slice(1, f.split('/')[1]?.startsWith('@') ? 3 : 2).join('/')));
    const devOnly = Object.keys(packageJson.devDependencies ?? {}).filter((name) => shippedPackages.has(name));
    check('no dev-only package is shipped', devOnly.map((name) => `node_modules/${name} (a devDependency)`));
    check('no tests, source maps, test helpers or fake model server are shipped', files.map((file) => {
      if (file.endsWith('.map')) return `${file} (source map)`;
      if (/\.(test|spec)\.[cm]?js$/.test(file)) return `${file} (test)`;
      if (file.startsWith('out/') && file.includes('/test-support/')) return `${file} (test helper)`;
      if (file.startsWith('out/e2e/') || file.includes('fake-model-server')) return `${file} (fake model server)`;
      return '';
    }));

    const unpackedDir = `${asarFile}.unpacked`;
    check('the WebAssembly files are unpacked beside the archive', WASM_FILES.map((file) => (existsSync(path.join(unpackedDir, file)) ? '' : `${file} is not in app.asar.unpacked`)));

    const wire = await getCurrentFuseWire(path.join(appDir, 'tandem'));
    check('the fuses are set in the packaged executable', Object.entries(EXPECTED_FUSES).map(([index, want]) => {
      const have = String.fromCharCode(wire[index]);
      return have === want ? '' : `${FuseV1Options[index]} is ${have === '1' ? 'on' : have === '0' ? 'off' : `'${have}'`}, want ${want === '1' ? 'on' : 'off'}`;
    }));

    const extracted = path.join(work, 'extracted');
    extractAll(asarFile, extracted);
    const graphProblems = [];
    let loaded = 0;
    for (const entry of NODE_ENTRIES) {
      if (!existsSync(path.join(extracted, entry))) {
        graphProblems.push(`${entry} is not in the archive`);
        continue;
      }
      const graph = await importGraph(extracted, entry, 'node');
      loaded += graph.files.length;
      graphProblems.push(...graph.unresolved.map((problem) => `${entry}: ${problem}`), ...graph.outside.map((file) => `${entry} loads ${file}, outside the archive`));
    }
    const html = existsSync(path.join(extracted, PAGE)) ? readFileSync(path.join(extracted, PAGE), 'utf8') : '';
    if (!html) graphProblems.push(`${PAGE} is not in the archive`);
    for (const reference of pageReferences(html, path.posix.dirname(PAGE))) {
      if (!existsSync(path.join(extracted, reference))) {
        graphProblems.push(`${PAGE} names ${reference}, which is not in the archive`);
        continue;
      }
      if (!/\.(js|css)$/.test(reference)) continue;
      const graph = await importGraph(extracted, reference, 'browser');
      loaded += graph.files.length;
      graphProblems.push(...graph.unresolved.map((problem) => `${reference}: ${problem}`), ...graph.outside.map((file) => `${reference} loads ${file}, outside the archive`));
    }
    check(`every module the main process, preload, exec host and page load is in the archive (${loaded} files)`, graphProblems);

    const iconProblems = [];
    for (const size of [16, 32, 48, 64, 128, 256, 512, 1024]) {
      const file = path.join(root, 'out', 'icons', `${size}x${size}.png`);
      const got = existsSync(file) ? readPngSize(file) : null;
      if (!got || got.width !== size || got.height !== size) iconProblems.push(`out/icons/${size}x${size}.png is ${got ? `${got.width}x${got.height}` : 'missing'}`);
    }
    for (const file of ['icon.ico', 'icon.icns']) if (!existsSync(path.join(root, 'out', 'icons', file))) iconProblems.push(`out/icons/${file} is missing`);
    if (iconProblems.length === 0) {
      // Each container as Windows and macOS read it: ICO's image count and entries, ICNS's length and PNG elements.
      const ico = readFileSync(path.join(root, 'out', 'icons', 'icon.ico'));
      const count = ico.readUInt16LE(4);
      if (ico.readUInt16LE(2) !== 1 || count < 5) iconProblems.push(`icon.ico holds ${count} images`);
      for (let i = 0; i < count; i++) {
        const [size, offset] = [ico.readUInt32LE(6 + 16 * i + 8), ico.readUInt32LE(6 + 16 * i + 12)];
        if (offset + size > ico.length || ico.toString('latin1', offset + 1, offset + 4) !== 'PNG') iconProblems.push(`icon.ico image ${i} is not a PNG inside the file`);
      }
      const icns = readFileSync(path.join(root, 'out', 'icons', 'icon.icns'));
      if (icns.toString('latin1', 0, 4) !== 'icns' || icns.readUInt32BE(4) !== icns.length) iconProblems.push('icon.icns has a wrong header or length');
      for (let at = 8; at < icns.length; at += icns.readUInt32BE(at + 4)) {
        if (icns.toString('latin1', at + 9, at + 12) !== 'PNG') iconProblems.push(`icon.icns element ${icns.toString('latin1', at, at + 4)} is not a PNG`);
        if (icns.readUInt32BE(at + 4) < 8) break;
      }
    }
    check('the icon is rendered in every size', iconProblems);

    const turn = await runPackagedTurn({ root, extracted, work });
    check('the packaged agent, taken out of the archive, runs a turn with a command under plain Node', turn.problems);
  } finally {
    if (keep) console.log(`      kept in ${work}`);
    else rmSync(work, { recursive: true, force: true });
  }
  if (failures.length > 0) {
    console.log(`Packaging check: ${failures.length} failed`);
    process.exit(1);
  }
  console.log('Packaging check: all passed');
}

await main();
