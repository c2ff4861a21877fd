// A stand-in for Electron's unpacked distribution, so electron-builder can package without downloading Electron.
// electron-builder copies the folder and renames its `electron` executable; it reads `version`; and, with
// electronFuses configured, @electron/fuses looks for the fuse wire in the executable. So the stand-in is a
// shell script that carries, in a comment, the fuse sentinel and a wire in Electron's default state: the fuses
// electron-builder flips are then read back from the packaged executable exactly as from a real one.
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** @electron/fuses' sentinel: the fuse wire follows it (version byte, length byte, one byte per fuse). */
export const FUSE_SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';
/**
 * Electron's fuses as shipped, in wire order: runAsNode on, cookie encryption off, NODE_OPTIONS on, inspect
 * arguments on, asar integrity off, only-asar off, browser V8 snapshot off, file:// privileges on. '1' is on.
 */
export const DEFAULT_FUSE_WIRE = '10110001';

export function makeStandInElectron(dir, electronVersion) {
  mkdirSync(dir, { recursive: true });
  const wire = Buffer.concat([Buffer.from(FUSE_SENTINEL, 'latin1'), Buffer.from([1, DEFAULT_FUSE_WIRE.length]), Buffer.from(DEFAULT_FUSE_WIRE, 'latin1')]);
  const script = Buffer.concat([
    Buffer.from('#!/bin/sh\n# Not Electron: a stand-in that lets electron-builder package offline. Fuse wire: '),
    wire,
    Buffer.from('\necho "This is a stand-in for Electron; install the real one to run Tandem." >&2\nexit 1\n'),
  ]);
  const executable = path.join(dir, 'electron');
  writeFileSync(executable, script);
  chmodSync(executable, 0o755);
  writeFileSync(path.join(dir, 'version'), `${electronVersion}\n`);
  // What a real distribution carries beside the executable, copied along into the package.
  writeFileSync(path.join(dir, 'LICENSE'), 'Stand-in for the Electron distribution (MIT licensed).\n');
  return dir;
}
