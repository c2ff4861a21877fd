import { realpath } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

/**
 * A folder too broad to be a project folder: under workspace-write the session's commands may change
 * everything below the project folder, so opening one of these hands them the whole disk or the person's whole
 * home (their settings, keys and other projects), which nobody means by "work on this project".
 */
export interface BroadFolder {
  /** `root`: the top of the file system; `home`: the home folder; `holds-home`: a folder the home folder is in. */
  kind: 'root' | 'home' | 'holds-home';
  /** The folder as it was asked for. */
  folder: string;
  /** The folder with symlinks resolved: what the sandbox would make writable. */
  realFolder: string;
  /** The home folder, symlinks resolved. */
  home: string;
}

async function realPathOf(folder: string): Promise<string> {
  try {
    return await realpath(folder);
  } catch {
    // A folder that is not there cannot be opened anyway; compare what was written.
    return path.resolve(folder);
  }
}

/**
 * Whether `folder` is `/`, the home folder or a folder that holds it, symlinks resolved on both sides (a link to
 * the home folder is the home folder). Null for any other folder, those inside the home folder included.
 */
export async function broadFolderOf(folder: string, homeDir: string = os.homedir()): Promise<BroadFolder | null> {
  const [realFolder, home] = await Promise.all([realPathOf(folder), realPathOf(homeDir)]);
  const found = (kind: BroadFolder['kind']): BroadFolder => ({ kind, folder: path.resolve(folder), realFolder, home });
  if (realFolder === path.parse(realFolder).root) return found('root');
  if (realFolder === home) return found('home');
  const fromFolder = path.relative(realFolder, home);
  if (fromFolder !== '' && !fromFolder.startsWith('..') && !path.isAbsolute(fromFolder)) return found('holds-home');
  return null;
}

/** What opening the folder would mean, in plain words. */
export function describeBroadFolder(broad: BroadFolder): string {
  const named = broad.folder === broad.realFolder ? broad.folder : `${broad.folder} (which leads to ${broad.realFolder})`;
  switch (broad.kind) {
    case 'root':
      return `${named} is the top of the whole file system. Tandem's commands will be able to change every file you can change, your settings and other projects included.`;
    case 'home':
      return `${named} is your home folder. Tandem's commands will be able to change every file under ${broad.realFolder}, your settings and other projects included.`;
    case 'holds-home':
      return `${named} holds your home folder, ${broad.home}. Tandem's commands will be able to change every file under ${broad.realFolder}, your settings and other projects included.`;
  }
}
