import { constants } from 'node:fs';
import { access, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

/**
 * The folder a session is to work in, as an absolute path, or an error that says in plain words what is
 * wrong with it. Paths typed into a browser may start with `~`; relative paths are refused, because the
 * person cannot know what they would be relative to.
 */
export async function resolveProjectFolder(input: string, homeDir = os.homedir()): Promise<string> {
  const trimmed = input.trim();
  const expanded = trimmed === '~' ? homeDir : trimmed.startsWith('~/') ? path.join(homeDir, trimmed.slice(2)) : trimmed;
  if (!path.isAbsolute(expanded)) {
    throw new Error(`"${input}" is not a full path. Give the folder's full path, such as /home/you/project.`);
  }
  const folder = path.resolve(expanded);
  let info;
  try {
    info = await stat(folder);
  } catch (err) {
    throw new Error(describeFsError(folder, err));
  }
  if (!info.isDirectory()) throw new Error(`${folder} is a file, not a folder. Open the folder that contains it.`);
  try {
    // The agent lists and reads the folder, and its commands start in it.
    await access(folder, constants.R_OK | constants.X_OK);
  } catch (err) {
    throw new Error(describeFsError(folder, err));
  }
  return folder;
}

function describeFsError(folder: string, err: unknown): string {
  const code = (err as NodeJS.ErrnoException).code;
  switch (code) {
    case 'ENOENT':
      return `There is no folder at ${folder}. Check the path, or pick the folder again.`;
    case 'ENOTDIR':
      return `${folder} is not a folder: a part of that path is a file.`;
    case 'EACCES':
    case 'EPERM':
      return `Tandem may not read ${folder} (permission denied). Choose a folder your user can read.`;
    default:
      return `Tandem cannot open ${folder}: ${err instanceof Error ? err.message : String(err)}`;
  }
}
