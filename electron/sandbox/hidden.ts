import { readFileSync, statSync, lstatSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { isSameOrInside } from './roots.js';

/**
 * Places under the home folder that hold credentials, keys, tokens or browser data. Sandboxed commands
 * see them empty. The Codex CLI lets commands read these; reads elsewhere stay allowed, these do not.
 * Settings can add more (SandboxHiding.extraPaths).
 */
export const DEFAULT_SECRET_LOCATIONS: readonly string[] = [
  '.ssh',
  '.gnupg',
  '.aws',
  '.azure',
  '.config/gcloud',
  '.kube',
  '.docker',
  '.netrc',
  '.git-credentials',
  '.config/git/credentials',
  '.config/gh',
  '.config/hub',
  '.cargo/credentials',
  '.cargo/credentials.toml',
  '.pypirc',
  '.pgpass',
  '.vault-token',
  '.terraform.d/credentials.tfrc.json',
  '.password-store',
  '.local/share/keyrings',
  '.Xauthority',
  '.mozilla',
  '.thunderbird',
  '.config/google-chrome',
  '.config/chromium',
  '.config/BraveSoftware',
  '.config/microsoft-edge',
  '.config/vivaldi',
  'snap/firefox',
  'snap/chromium',
  'Library/Keychains',
  'Library/Cookies',
  'Library/Safari',
  'Library/Application Support/Google/Chrome',
  'Library/Application Support/Firefox',
  'Library/Application Support/BraveSoftware',
  'Library/Application Support/Microsoft Edge',
];

/** What a session asks the sandbox to hide, beyond the defaults. */
export interface SandboxHiding {
  /** Tandem's own folder (sessions, settings, the stored key): always empty inside the sandbox. */
  tandemHome?: string | null | undefined;
  /** More folders or files to hide, from Settings: absolute, or `~/…`. */
  extraPaths?: readonly string[] | undefined;
  /** The home folder the defaults are under; os.homedir() when unset. */
  homeDir?: string | undefined;
}

export interface HiddenLocation {
  path: string;
  /** Folders are covered with an empty one; anything else with an empty file. */
  kind: 'folder' | 'file';
}

/** `~/x` and `~` against the home folder; other relative paths are taken as under the home folder too. */
export function expandHome(entry: string, homeDir: string): string {
  if (entry === '~') return homeDir;
  if (entry.startsWith('~/')) return path.resolve(homeDir, entry.slice(2));
  return path.resolve(homeDir, entry);
}

function kindOf(location: string): HiddenLocation['kind'] | null {
  try {
    return statSync(location).isDirectory() ? 'folder' : 'file';
  } catch {
    return null; // absent (or unreadable to us, and so to the command too): nothing to hide
  }
}

/**
 * The secret locations that exist now, resolved. A location holding the project itself is left visible:
 * the person opened it on purpose, and hiding it would hide the work.
 */
export function hiddenLocations(hiding: SandboxHiding, workspace: string): HiddenLocation[] {
  const homeDir = hiding.homeDir ?? os.homedir();
  const candidates = [...DEFAULT_SECRET_LOCATIONS, ...(hiding.extraPaths ?? [])].map((entry) => expandHome(entry, homeDir));
  if (hiding.tandemHome) candidates.push(path.resolve(hiding.tandemHome));
  const runtime = userRuntimeFolder();
  if (runtime) candidates.push(runtime);
  const found: HiddenLocation[] = [];
  const seen = new Set<string>();
  for (const candidate of candidates) {
    if (seen.has(candidate) || isSameOrInside(path.resolve(workspace), candidate)) continue;
    seen.add(candidate);
    const kind = kindOf(candidate);
    if (kind) found.push({ path: candidate, kind });
  }
  return found;
}

/**
 * The per-user runtime folder (/run/user/UID): the session bus, Wayland, PulseAudio, keyring and
 * gpg-agent sockets live there. Hidden as a whole, so the sockets it gains later are hidden too.
 */
function userRuntimeFolder(): string | null {
  if (process.platform !== 'linux' || typeof process.getuid !== 'function') return null;
  return `/run/user/${process.getuid()}`;
}

/**
 * Unix sockets bound to a path on this machine, from the kernel's own list: the D-Bus system bus,
 * docker.sock, X11's, an ssh agent's, and any a program opened in the home folder. Only those that are
 * sockets on disk now (the list keeps names of sockets whose file was removed). Sockets inside `keep`
 * (the project and the roots the person added) stay reachable: they belong to the work.
 */
export function listeningSocketPaths(keep: readonly string[], table = '/proc/net/unix'): string[] {
  let text: string;
  try {
    text = readFileSync(table, 'utf8');
  } catch {
    return [];
  }
  const sockets = new Set<string>();
  for (const line of text.split('\n').slice(1)) {
    // Num RefCount Protocol Flags Type St Inode Path: the path is whatever follows the seventh field.
    const match = /^\s*\S+:\s+\S+\s+\S+\s+\S+\s+\S+\s+\S+\s+\d+\s(.+)$/.exec(line);
    const socketPath = match?.[1];
    if (!socketPath || !socketPath.startsWith('/')) continue; // unnamed, or abstract (@name)
    if (keep.some((root) => isSameOrInside(socketPath, root))) continue;
    sockets.add(socketPath);
  }
  return [...sockets].filter((socketPath) => {
    try {
      return lstatSync(socketPath).isSocket();
    } catch {
      return false;
    }
  });
}
