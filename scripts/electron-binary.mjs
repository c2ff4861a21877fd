// `npm install`'s last step (the package's postinstall): Electron's own install step, which downloads the Electron
// binary for this platform into node_modules/electron/dist. package.json's allowScripts denies electron's
// postinstall and runs it from here instead, so that a download that cannot happen (no internet, a firewall, CI
// machines that reach only the npm registry) leaves a working install with a clear note rather than a failed one:
// everything but the desktop window (the tests, the packaging check, bin/tandem) works without the binary.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const electronDir = path.join(root, 'node_modules', 'electron');
const installer = path.join(electronDir, 'install.js');

// Asked not to download (as Electron's installer itself honours), or electron not installed (--omit=dev).
if (process.env.ELECTRON_SKIP_BINARY_DOWNLOAD || !existsSync(installer)) process.exit(0);

const result = spawnSync(process.execPath, [installer], { cwd: electronDir, stdio: ['ignore', 'inherit', 'pipe'], encoding: 'utf8' });
if (result.status === 0) process.exit(0);

const reason = (result.stderr || result.error?.message || '').split('\n').find((line) => line.trim() !== '')?.trim() ?? `status ${result.status}`;
console.warn(
  [
    `tandem: the Electron binary could not be downloaded (${reason}).`,
    '  Everything but the desktop window works without it: npm test, the packaging check, bin/tandem.',
    '  For `npm start` and `npm run test:electron`, run `node node_modules/electron/install.js` once online.',
  ].join('\n'),
);
