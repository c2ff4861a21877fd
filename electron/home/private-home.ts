import fs from 'node:fs';
import path from 'node:path';

/*
 * TANDEM_HOME holds transcripts of whole working sessions, settings and (under `tandem serve`) the API key:
 * for the person alone. Every folder Tandem makes in it is 0700 and every file 0600, asked for when it is
 * made. The umask can only take bits away from those modes, never add any, so nothing is ever readable by
 * others whatever the umask. A home made by an earlier version, with the usual umask, is 0755 and 0644
 * throughout; makeHomePrivate tightens it once at every start.
 */

/** Read and write for the owner alone. */
export const PRIVATE_FILE_MODE = 0o600;
/** Enter, list and change for the owner alone. */
export const PRIVATE_DIR_MODE = 0o700;

/** The permission bits of group and others. */
const SHARED_BITS = 0o077;

function isMissing(err: unknown): boolean {
  return (err as NodeJS.ErrnoException).code === 'ENOENT';
}

function problem(target: string, err: unknown): string {
  const code = (err as NodeJS.ErrnoException).code;
  return `${target}: could not make it private (${code ?? (err as Error).message}); it may be readable by others`;
}

/**
 * Takes the group and other permissions off TANDEM_HOME and every folder and file below it (0755 becomes
 * 0700, 0644 becomes 0600); the owner's own bits stay as they are. Symbolic links are neither changed nor
 * followed, so nothing outside the home is touched; the home itself may be a link, and its target is the
 * home. Folders are tightened before their entries are read, so from then on no other user can swap an
 * entry for a link while we look. Returns what could not be tightened (a file another user owns, say),
 * in words; a home that does not exist yet is nothing to do.
 */
export function makeHomePrivate(home: string): string[] {
  let root: string;
  try {
    root = fs.realpathSync(home);
  } catch (err) {
    if (isMissing(err)) return [];
    return [problem(home, err)];
  }
  const problems: string[] = [];
  const tighten = (target: string, stat: fs.Stats): void => {
    if ((stat.mode & SHARED_BITS) === 0) return;
    try {
      fs.chmodSync(target, stat.mode & 0o7700 & ~SHARED_BITS);
    } catch (err) {
      if (!isMissing(err)) problems.push(problem(target, err));
    }
  };

  const folders = [root];
  for (let folder = folders.pop(); folder !== undefined; folder = folders.pop()) {
    let entries: fs.Dirent[];
    try {
      const stat = folder === root ? fs.statSync(folder) : fs.lstatSync(folder);
      if (!stat.isDirectory()) continue;
      tighten(folder, stat);
      entries = fs.readdirSync(folder, { withFileTypes: true });
    } catch (err) {
      if (!isMissing(err)) problems.push(problem(folder, err));
      continue;
    }
    for (const entry of entries) {
      const target = path.join(folder, entry.name);
      if (entry.isDirectory()) {
        folders.push(target);
      } else if (entry.isFile()) {
        try {
          tighten(target, fs.lstatSync(target));
        } catch (err) {
          if (!isMissing(err)) problems.push(problem(target, err));
        }
      }
      // Links, sockets and the like are left alone: a link's own mode means nothing, and its target may lie
      // outside the home.
    }
  }
  return problems;
}
