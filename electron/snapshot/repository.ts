import { existsSync } from 'node:fs';
import path from 'node:path';
import { runGit } from './git.js';

function withoutLineEnd(output: string): string {
  return output.replace(/\r?\n$/, '');
}

/**
 * The top folder of the git work tree that holds `cwd`, or null when `cwd` is in none (or does not
 * exist, or is inside a bare repository or a .git folder).
 */
export async function findRepositoryRoot(cwd: string): Promise<string | null> {
  if (!existsSync(cwd)) return null;
  const result = await runGit(['rev-parse', '--show-toplevel'], { cwd, acceptExitCodes: [128] });
  if (result.exitCode !== 0) return null;
  const root = withoutLineEnd(result.stdout);
  return root === '' ? null : path.resolve(root);
}

export interface RepositoryState {
  /** The user's own index file (per worktree), read but never written. */
  userIndexPath: string;
  /** The commit HEAD points to, or null before the first commit. */
  head: string | null;
}

export async function readRepositoryState(repoRoot: string): Promise<RepositoryState> {
  // One process for both answers: rev-parse prints the index path, then the commit, and exits 1
  // (having printed the path) when HEAD is unborn.
  const result = await runGit(['rev-parse', '--git-path', 'index', '--verify', '--quiet', 'HEAD^{commit}'], {
    cwd: repoRoot,
    acceptExitCodes: [1],
  });
  const [indexLine = '', headLine = ''] = result.stdout.split(/\r?\n/);
  if (indexLine === '') throw new Error(`git did not name the index of ${repoRoot}.`);
  return {
    userIndexPath: path.resolve(repoRoot, indexLine),
    head: result.exitCode === 0 && /^[0-9a-f]{40,64}$/.test(headLine) ? headLine : null,
  };
}
