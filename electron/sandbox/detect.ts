import { execFile } from 'node:child_process';
import { constants as fsConstants } from 'node:fs';
import { access } from 'node:fs/promises';
import path from 'node:path';
import { bwrapArgv } from './bwrap.js';
import type { SandboxKind } from './kind.js';
import { SEATBELT_EXECUTABLE } from './kind.js';

export interface SandboxDetection {
  kind: SandboxKind;
  /** Plain words for the UI when commands will run unsandboxed. */
  warning?: string;
  /** The sandbox binary to run, absolute. */
  executable?: string;
}

const PROBE_TIMEOUT_MS = 5_000;
const UNSANDBOXED = 'commands will run unsandboxed and need approval.';

let detection: Promise<SandboxDetection> | undefined;
let bwrapExecutable = 'bwrap';

/** The bwrap binary detectSandbox found; plain 'bwrap' (looked up on PATH) before detection ran. */
export function detectedBwrapExecutable(): string {
  return bwrapExecutable;
}

/** Which sandbox this machine offers, probed once per process (the probe runs a real sandbox). */
export function detectSandbox(): Promise<SandboxDetection> {
  detection ??= probeSandbox(process.platform, process.env.PATH ?? '').then((found) => {
    if (found.kind === 'bwrap' && found.executable) bwrapExecutable = found.executable;
    return found;
  });
  return detection;
}

/** The uncached probe, for a given platform and PATH (exported for tests). */
export async function probeSandbox(platform: NodeJS.Platform, searchPath: string): Promise<SandboxDetection> {
  switch (platform) {
    case 'linux':
      return probeBwrap(searchPath);
    case 'darwin':
      return probeSeatbelt();
    default:
      return { kind: 'none', warning: `No sandbox is available on this system (${platform}): ${UNSANDBOXED}` };
  }
}

async function probeBwrap(searchPath: string): Promise<SandboxDetection> {
  const executable = await findOnPath('bwrap', searchPath);
  if (!executable) {
    return {
      kind: 'none',
      warning: `No sandbox is available (bubblewrap not found): ${UNSANDBOXED} Install bubblewrap (the "bubblewrap" package) to sandbox them.`,
    };
  }
  // The same flags real commands get, so a kernel that forbids any of them (user or network namespaces,
  // often disabled by AppArmor or in containers) is caught here rather than on every command.
  const argv = bwrapArgv(['true'], { executable, policy: { mode: 'read-only' }, cwd: '/', workspace: '/', writableRoots: [] });
  const failure = await runProbe(argv);
  if (failure) {
    return {
      kind: 'none',
      warning: `No sandbox is available (bubblewrap is installed but cannot start a sandbox here: ${failure}): ${UNSANDBOXED}`,
    };
  }
  return { kind: 'bwrap', executable };
}

async function probeSeatbelt(): Promise<SandboxDetection> {
  if (!(await isExecutable(SEATBELT_EXECUTABLE))) {
    return { kind: 'none', warning: `No sandbox is available (${SEATBELT_EXECUTABLE} not found): ${UNSANDBOXED}` };
  }
  const failure = await runProbe([SEATBELT_EXECUTABLE, '-p', '(version 1)(allow default)', '--', '/usr/bin/true']);
  if (failure) {
    return { kind: 'none', warning: `No sandbox is available (sandbox-exec cannot start a sandbox: ${failure}): ${UNSANDBOXED}` };
  }
  return { kind: 'seatbelt', executable: SEATBELT_EXECUTABLE };
}

/** Runs argv; undefined when it succeeded, else a short reason. */
function runProbe(argv: string[]): Promise<string | undefined> {
  const [program, ...args] = argv;
  if (!program) return Promise.resolve('empty probe command');
  return new Promise((resolve) => {
    execFile(program, args, { timeout: PROBE_TIMEOUT_MS, killSignal: 'SIGKILL' }, (error, _stdout, stderr) => {
      if (!error) return resolve(undefined);
      const firstLine = String(stderr).trim().split('\n')[0];
      resolve(firstLine || error.message);
    });
  });
}

async function findOnPath(name: string, searchPath: string): Promise<string | undefined> {
  // Relative PATH entries would resolve against whatever folder Tandem runs in, which a project could plant a binary in.
  for (const dir of searchPath.split(path.delimiter)) {
    if (!path.isAbsolute(dir)) continue;
    const candidate = path.join(dir, name);
    if (await isExecutable(candidate)) return candidate;
  }
  return undefined;
}

async function isExecutable(file: string): Promise<boolean> {
  try {
    await access(file, fsConstants.X_OK);
    return true;
  } catch {
    return false;
  }
}
