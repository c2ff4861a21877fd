import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { detectSandbox, detectedBwrapExecutable, probeSandbox } from './detect.js';

const scratch = mkdtempSync(path.join(os.tmpdir(), 'tandem-detect-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('detectSandbox', () => {
  it('finds a working bubblewrap here, once per process', async () => {
    const first = detectSandbox();
    expect(detectSandbox()).toBe(first);
    const detection = await first;
    expect(detection.kind).toBe('bwrap');
    expect(detection.warning).toBeUndefined();
    expect(path.isAbsolute(detectedBwrapExecutable())).toBe(true);
  });

  it('says in plain words when bubblewrap is missing', async () => {
    const detection = await probeSandbox('linux', scratch);
    expect(detection).toEqual({
      kind: 'none',
      warning: expect.stringContaining('No sandbox is available (bubblewrap not found): commands will run unsandboxed and need approval.'),
    });
  });

  it('ignores relative PATH entries, where a project could plant a bwrap', async () => {
    const detection = await probeSandbox('linux', ['.', 'bin'].join(path.delimiter));
    expect(detection.kind).toBe('none');
  });

  it('reports a bubblewrap that cannot start a sandbox, with its reason', async () => {
    const fakeDir = path.join(scratch, 'fake');
    const fake = path.join(fakeDir, 'bwrap');
    mkdirSync(fakeDir);
    writeFileSync(fake, '#!/bin/sh\necho "bwrap: No permissions to creating new namespace" >&2\nexit 1\n');
    chmodSync(fake, 0o755);
    const detection = await probeSandbox('linux', fakeDir);
    expect(detection.kind).toBe('none');
    expect(detection.warning).toContain('bubblewrap is installed but cannot start a sandbox here: bwrap: No permissions to creating new namespace');
  });

  it('has no sandbox on other systems, and says so', async () => {
    expect(await probeSandbox('win32', '')).toEqual({ kind: 'none', warning: expect.stringContaining('No sandbox is available on this system (win32)') });
  });

  it('looks for Apple sandbox-exec only at its system path', async () => {
    // This machine is not a Mac: /usr/bin/sandbox-exec is absent, whatever PATH says.
    const detection = await probeSandbox('darwin', '/usr/bin:/bin');
    expect(detection).toEqual({ kind: 'none', warning: expect.stringContaining('/usr/bin/sandbox-exec not found') });
  });
});
