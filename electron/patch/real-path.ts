import { lstat, readlink } from 'node:fs/promises';
import path from 'node:path';

/** Linux gives up after 40 links (ELOOP); so do we, rather than loop on a cycle. */
const MAX_SYMLINKS = 40;

function components(text: string): string[] {
  return text.split(path.sep).filter((part) => part !== '' && part !== '.');
}

/**
 * The path the kernel would reach by opening `absolutePath`: every symlink followed, in order,
 * including a last link whose target does not exist yet (writing through it would create that
 * target), and each `..` taken after the links before it are followed. Parts that do not exist
 * are kept as written.
 */
export async function resolveRealPath(absolutePath: string): Promise<string> {
  if (!path.isAbsolute(absolutePath)) throw new Error(`not an absolute path: ${absolutePath}`);
  const pending = components(absolutePath);
  let current = path.parse(absolutePath).root;
  let linksFollowed = 0;
  while (pending.length > 0) {
    const part = pending.shift()!;
    if (part === '..') {
      current = path.dirname(current);
      continue;
    }
    const next = path.join(current, part);
    const stats = await lstat(next).catch(() => null);
    if (stats?.isSymbolicLink()) {
      linksFollowed++;
      if (linksFollowed > MAX_SYMLINKS) throw new Error(`too many levels of symbolic links in ${absolutePath}`);
      const target = await readlink(next);
      if (path.isAbsolute(target)) current = path.parse(target).root;
      pending.unshift(...components(target));
      continue;
    }
    current = next;
  }
  return current;
}

function isSameOrInside(candidate: string, root: string): boolean {
  const relative = path.relative(root, candidate);
  return relative === '' || (relative !== '..' && !relative.startsWith(`..${path.sep}`) && !path.isAbsolute(relative));
}

/**
 * True when `absPath`, with its symlinks followed, lies inside one of `roots` (also followed), and not in
 * a root's `.git`. A symlink inside a project that points elsewhere therefore counts as outside it, and
 * so do git's own files (config, hooks), which name programs that git runs: the sandbox keeps `.git`
 * read-only for commands, and patches get the same rule.
 */
export async function isPathWithinRoots(absPath: string, roots: readonly string[]): Promise<boolean> {
  if (!path.isAbsolute(absPath)) return false;
  let real: string;
  try {
    real = await resolveRealPath(absPath);
  } catch {
    return false;
  }
  for (const root of roots) {
    if (!path.isAbsolute(root)) continue;
    const realRoot = await resolveRealPath(root).catch(() => null);
    if (realRoot !== null && isSameOrInside(real, realRoot) && !isSameOrInside(real, path.join(realRoot, '.git'))) return true;
  }
  return false;
}
