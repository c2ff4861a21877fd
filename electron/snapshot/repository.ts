import { existsSync, lstatSync, realpathSync } from 'node:fs';
import path from 'node:path';
import { runGit } from './git.js';

function withoutLineEnd(output: string): string {
  return output.replace(/\r?\n$/, '');
}

/** The nearest folder from `cwd` up that holds a `.git` (folder, or file pointing at one), as git looks. */
function nearestGitFolder(cwd: string): string | null {
  for (let folder = path.resolve(cwd); ; folder = path.dirname(folder)) {
    try {
      lstatSync(path.join(folder, '.git'));
      return folder;
    } catch {
      // none here
    }
    if (path.dirname(folder) === folder) return null;
  }
}

/**
 * The top folder of the git work tree that holds `cwd`, or null when `cwd` is in none (or does not
 * exist, or is inside a bare repository or a .git folder). A repository whose config moves its work
 * tree elsewhere (core.worktree) counts as none: its snapshots and undo would read and write another
 * folder than the one that holds it, and undo would write wherever the config pointed.
 */
export async function findRepositoryRoot(cwd: string): Promise<string | null> {
  if (!existsSync(cwd)) return null;
  const result = await runGit(['rev-parse', '--show-toplevel'], { cwd, acceptExitCodes: [128] });
  if (result.exitCode !== 0) return null;
  const root = withoutLineEnd(result.stdout);
  if (root === '') return null;
  const expected = nearestGitFolder(realpathSync(cwd));
  return expected !== null && path.resolve(root) === expected ? expected : null;
}

export interface RepositoryState {
  /** The user's own index file (per worktree), read but never written. */
  userIndexPath: string;
  /** The object store snapshots are written to: the only part of the repository Tandem's git may change. */
  objectsPath: string;
  /** The commit HEAD points to, or null before the first commit. */
  head: string | null;
}

export async function readRepositoryState(repoRoot: string): Promise<RepositoryState> {
  // One process for all three answers: rev-parse prints the index and object paths, then the commit,
  // and exits 1 (having printed the paths) when HEAD is unborn.
  const result = await runGit(['rev-parse', '--git-path', 'index', '--git-path', 'objects', '--verify', '--quiet', 'HEAD^{commit}'], {
    cwd: repoRoot,
    acceptExitCodes: [1],
  });
  const [indexLine = '', objectsLine = '', headLine = ''] = result.stdout.split(/\r?\n/);
  if (indexLine === '' || objectsLine === '') throw new Error(`git did not name the index and objects of ${repoRoot}.`);
  return {
    userIndexPath: path.resolve(repoRoot, indexLine),
    objectsPath: path.resolve(repoRoot, objectsLine),
    head: result.exitCode === 0 && /^[0-9a-f]{40,64}$/.test(headLine) ? headLine : null,
  };
}
