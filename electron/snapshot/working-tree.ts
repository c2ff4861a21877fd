import { copyFile, mkdtemp, rm, stat, utimes } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { readDriverOverrides, runGit, splitNul } from './git.js';
import type { ConfigOverride } from './hardening.js';
import { copyKeptHeadIndex, headIndexKey, keepHeadIndex } from './head-index.js';
import { readRepositoryState, type RepositoryState } from './repository.js';
import { selectUntrackedFiles } from './snapshot-scope.js';

/** An index file of our own for a repository, in a temporary folder. */
export interface PrivateIndex {
  repoRoot: string;
  /** Environment that points git at the private index. */
  indexEnv: Record<string, string>;
  /** The private index's folder and the object store: all that git may write here, but for undo's work tree. */
  writable: readonly string[];
  /** Disarms the drivers the repository's own config names. */
  config: readonly ConfigOverride[];
}

/** The working tree of a repository, staged into a private index the user never sees. */
export interface CapturedWorkingTree extends PrivateIndex {
  head: string | null;
  untrackedIncluded: string[];
  skipped: string[];
  /** Every untracked, unignored path git listed, before the snapshot scope chose among them. */
  untrackedListed: string[];
}

// A split index would make git write shared index files into the user's .git folder.
const PRIVATE_INDEX_CONFIG = ['-c', 'core.splitIndex=false'];

/** git on the private index. Only undo passes `writeWorkTree`: it alone changes the person's files. */
export function privateIndexGit(args: readonly string[], capture: PrivateIndex, input?: string, writeWorkTree = false) {
  return runGit([...PRIVATE_INDEX_CONFIG, ...args], {
    cwd: capture.repoRoot,
    env: capture.indexEnv,
    config: capture.config,
    writes: writeWorkTree ? { workTree: capture.repoRoot, folders: capture.writable } : { folders: capture.writable },
    ...(input === undefined ? {} : { input }),
  });
}

/**
 * Fills the private index with HEAD's tree. It starts from a copy of the user's index so that git can
 * trust the file stat data there and rehash only files that changed (`read-tree -m` keeps stat data
 * for entries that match HEAD); any trouble with the copy falls back to a plain read of HEAD. The result
 * is kept (head-index.ts) and copied by later captures while HEAD and the person's index stay as they are.
 */
async function seedFromHead(capture: PrivateIndex, state: RepositoryState, head: string, privateIndex: string) {
  const key = await headIndexKey(head, state.userIndexPath);
  if (await copyKeptHeadIndex(capture.repoRoot, key, privateIndex)) return;
  try {
    const original = await stat(state.userIndexPath);
    await copyFile(state.userIndexPath, privateIndex);
    // git trusts an entry whose mtime is older than the index file's own mtime. Backdating the copy
    // keeps entries that were racily clean in the original from looking clean in the copy.
    const backdated = new Date(original.mtimeMs - 2000);
    await utimes(privateIndex, backdated, backdated);
    await privateIndexGit(['read-tree', '-m', head], capture);
  } catch {
    await rm(privateIndex, { force: true });
    await privateIndexGit(['read-tree', head], capture);
  }
  await keepHeadIndex(capture.repoRoot, key, privateIndex);
}

/** What `ls-files -t --modified --deleted --others` says: index entries that differ from the files, and untracked paths. */
function parseChangedAndOthers(output: string): { changed: string[]; others: string[] } {
  const changed = new Set<string>();
  const others: string[] = [];
  for (const entry of splitNul(output)) {
    // "C path" (changed), "R path" (removed: deleted files show as both), "? path" (other).
    const tag = entry.slice(0, 2);
    const file = entry.slice(2);
    if (tag === '? ') others.push(file);
    else changed.add(file);
  }
  return { changed: [...changed], others };
}

/**
 * Stages the whole working tree (tracked files as they are now, untracked files within the snapshot
 * scope) into a private index in a temporary folder, hands it to `use`, and removes the folder.
 * The user's index, HEAD and refs are never written.
 *
 * One git process looks at the whole tree (which entries differ from their files, which files are not in
 * the index); the rest touch only what it named.
 */
export async function withCapturedWorkingTree<T>(repoRoot: string, use: (capture: CapturedWorkingTree) => Promise<T>): Promise<T> {
  const [state, config] = await Promise.all([readRepositoryState(repoRoot), readDriverOverrides(repoRoot)]);
  return withCapturedState(repoRoot, state, config, use);
}

/** As withCapturedWorkingTree, with the repository's state and driver overrides already read. */
export async function withCapturedState<T>(
  repoRoot: string,
  state: RepositoryState,
  config: readonly ConfigOverride[],
  use: (capture: CapturedWorkingTree) => Promise<T>,
): Promise<T> {
  const folder = await mkdtemp(path.join(tmpdir(), 'tandem-snapshot-'));
  try {
    const privateIndex = path.join(folder, 'index');
    const context: PrivateIndex = { repoRoot, indexEnv: { GIT_INDEX_FILE: privateIndex }, writable: [folder, state.objectsPath], config };
    if (state.head !== null) await seedFromHead(context, state, state.head, privateIndex);
    // -m and -d check each entry as `add --update` would (stat data, and content where the stat data cannot be
    // trusted); -o lists what `ls-files --others` would.
    const listed = await privateIndexGit(['ls-files', '-z', '-t', '--modified', '--deleted', '--others', '--exclude-standard'], context);
    const { changed, others } = parseChangedAndOthers(listed.stdout);
    const selection = await selectUntrackedFiles(repoRoot, others);
    const paths = [...changed, ...selection.included];
    if (paths.length > 0) {
      // update-index takes the paths literally (no pathspec magic): it rehashes the changed ones, removes the
      // deleted ones and adds the new ones (dropping any that vanished meanwhile).
      await privateIndexGit(['update-index', '--add', '--remove', '-z', '--stdin'], context, `${paths.join('\0')}\0`);
    }
    return await use({ ...context, head: state.head, untrackedIncluded: selection.included, skipped: selection.skipped, untrackedListed: others });
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
}
