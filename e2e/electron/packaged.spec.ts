import { expect, test } from '@playwright/test';
import { FuseV1Options, getCurrentFuseWire } from '@electron/fuses';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { root } from './app.js';

/*
 * The packaged app, built from the real Electron that `npm install` downloaded (the packaging check of `npm test`
 * uses a stand-in instead): the fuses electron-builder.yml sets are read back from the executable with
 * @electron/fuses, and the executable refuses to act as Node. Playwright cannot drive a packaged build, since its
 * inspect-argument fuse is off, so the app itself is driven by app.spec.ts from the unpacked sources.
 */

let work = '';
let executable = '';

test.beforeAll(async () => {
  test.setTimeout(180_000);
  const electronDist = path.join(root, 'node_modules', 'electron', 'dist');
  if (!existsSync(path.join(electronDist, 'version'))) throw new Error('The Electron binary is not installed. Run `npm install` with internet access.');
  const version = JSON.parse(readFileSync(path.join(root, 'node_modules', 'electron', 'package.json'), 'utf8')).version as string;
  work = await mkdtemp(path.join(os.tmpdir(), 'tandem-packaged-'));
  const built = spawnSync(
    path.join(root, 'node_modules', '.bin', 'electron-builder'),
    ['--dir', '--config', 'electron-builder.yml', `-c.electronDist=${electronDist}`, `-c.electronVersion=${version}`, `-c.directories.output=${work}`],
    { cwd: root, encoding: 'utf8', env: { ...process.env, CSC_IDENTITY_AUTO_DISCOVERY: 'false' } },
  );
  if (built.status !== 0) throw new Error(`electron-builder failed:\n${built.stdout}${built.stderr}`);
  const unpacked = { linux: 'linux-unpacked/tandem', win32: 'win-unpacked/Tandem.exe', darwin: 'mac/Tandem.app' }[process.platform as 'linux' | 'win32' | 'darwin'];
  executable = path.join(work, unpacked);
  if (!existsSync(executable)) {
    // electron-builder names the mac folder by architecture on Apple silicon (mac-arm64).
    executable = path.join(work, `mac-${process.arch}`, 'Tandem.app');
  }
});

test.afterAll(async () => {
  if (work) await rm(work, { recursive: true, force: true });
});

test('the packaged executable carries the fuses electron-builder.yml sets', async () => {
  const wire = await getCurrentFuseWire(executable);
  // @electron/fuses reads each fuse as a byte: '1' (49) on, '0' (48) off.
  const on = '1'.charCodeAt(0);
  const off = '0'.charCodeAt(0);
  const expected: [FuseV1Options, number][] = [
    [FuseV1Options.RunAsNode, off],
    [FuseV1Options.EnableCookieEncryption, on],
    [FuseV1Options.EnableNodeOptionsEnvironmentVariable, off],
    [FuseV1Options.EnableNodeCliInspectArguments, off],
    [FuseV1Options.EnableEmbeddedAsarIntegrityValidation, on],
    [FuseV1Options.OnlyLoadAppFromAsar, on],
    [FuseV1Options.GrantFileProtocolExtraPrivileges, off],
  ];
  for (const [fuse, state] of expected) expect(wire[fuse], FuseV1Options[fuse]).toBe(state);
});

test('the packaged executable does not act as Node, whatever ELECTRON_RUN_AS_NODE says', async () => {
  const binary = process.platform === 'darwin' ? path.join(executable, 'Contents', 'MacOS', 'Tandem') : executable;
  const home = await mkdtemp(path.join(os.tmpdir(), 'tandem-packaged-home-'));
  const output = await new Promise<string>((resolve) => {
    const child = spawn(binary, ['-e', "process.stdout.write('acted as node')"], { env: { ...process.env, ELECTRON_RUN_AS_NODE: '1', TANDEM_HOME: home } });
    let text = '';
    child.stdout.on('data', (chunk) => (text += chunk));
    // As Node it would print and exit at once; as the app it opens a window, which is closed after a while.
    const timer = setTimeout(() => child.kill('SIGKILL'), 8_000);
    child.on('close', () => {
      clearTimeout(timer);
      resolve(text);
    });
  });
  await rm(home, { recursive: true, force: true });
  expect(output).not.toContain('acted as node');
});
