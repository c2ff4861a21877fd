import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import ignoreModule, { type Ignore, type Options } from 'ignore';
import { findRepositoryRoot } from '../snapshot/index.js';
import { runGit, splitNul } from '../snapshot/git.js';
import { SKIPPED_DIRECTORY_NAMES } from '../snapshot/index.js';

// The package is CommonJS whose module.exports is the factory; its types describe an ES default export.
const ignore = ignoreModule as unknown as (options?: Options) => Ignore;

/** A listing stops here: past it a project is more than anyone picks files from by name. */
export const MAX_LISTED_FILES = 200_000;

export interface ProjectFiles {
  /** Paths relative to the project folder, with `/` between folders. */
  paths: string[];
  /** More files exist than MAX_LISTED_FILES. */
  truncated: boolean;
  source: 'git' | 'walk';
}

/**
 * The files of a project a person may mention: in a git repository, what git tracks plus the untracked files
 * it does not ignore (`git ls-files --cached --others --exclude-standard`), run as Tandem's own git is, with
 * the repository's programs off and inside the sandbox; elsewhere a walk of the folder that honours the
 * `.gitignore` files it meets and skips the folders snapshots skip (node_modules and the like).
 */
export async function listProjectFiles(cwd: string): Promise<ProjectFiles> {
  const root = await findRepositoryRoot(cwd).catch(() => null);
  if (root !== null) {
    const listing = await runGit(['ls-files', '--cached', '--others', '--exclude-standard', '-z'], { cwd });
    const paths = [...new Set(splitNul(listing.stdout))];
    return { paths: paths.slice(0, MAX_LISTED_FILES), truncated: paths.length > MAX_LISTED_FILES, source: 'git' };
  }
  return walkFolder(cwd);
}

interface Rules {
  /** The folder the rules were written in, relative to the project ('' for the project itself). */
  base: string;
  rules: Ignore;
}

async function rulesIn(folder: string, base: string): Promise<Rules | null> {
  try {
    return { base, rules: ignore().add(await readFile(path.join(folder, '.gitignore'), 'utf8')) };
  } catch {
    return null;
  }
}

function ignored(rulesets: readonly Rules[], relative: string, isFolder: boolean): boolean {
  for (const { base, rules } of rulesets) {
    const within = base === '' ? relative : relative.slice(base.length + 1);
    if (rules.ignores(isFolder ? `${within}/` : within)) return true;
  }
  return false;
}

async function walkFolder(cwd: string): Promise<ProjectFiles> {
  const paths: string[] = [];
  const skipped = new Set<string>([...SKIPPED_DIRECTORY_NAMES, '.git']);
  const pending: { relative: string; rulesets: Rules[] }[] = [{ relative: '', rulesets: [] }];
  while (pending.length > 0) {
    const { relative, rulesets: inherited } = pending.pop()!;
    const folder = path.join(cwd, relative);
    const own = await rulesIn(folder, relative);
    const rulesets = own ? [...inherited, own] : inherited;
    let entries;
    try {
      entries = await readdir(folder, { withFileTypes: true });
    } catch {
      continue; // unreadable: nothing to offer from it
    }
    for (const entry of entries) {
      const child = relative === '' ? entry.name : `${relative}/${entry.name}`;
      // Links are offered by their own name and never followed, so a walk stays inside the project.
      const isFolder = entry.isDirectory();
      if (isFolder && skipped.has(entry.name)) continue;
      if (ignored(rulesets, child, isFolder)) continue;
      if (isFolder) {
        pending.push({ relative: child, rulesets });
        continue;
      }
      if (paths.length >= MAX_LISTED_FILES) return { paths, truncated: true, source: 'walk' };
      paths.push(child);
    }
  }
  return { paths, truncated: false, source: 'walk' };
}
