import { createHash } from 'node:crypto';
import { lstat, mkdtemp, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { readDriverOverrides, runGit, runGitForBytes, splitNul } from './git.js';
import { repositoryConfigOverrides, type ConfigOverride } from './hardening.js';
import { readRepositoryState, type RepositoryState } from './repository.js';
import { selectUntrackedFiles } from './snapshot-scope.js';
import { graft, mktreeInput, parseTree, type Listing, type TreeEntry } from './tree-graft.js';
import type { SwapAnswer } from './tree-watch-protocol.js';
import { treeWatchOf, watchIfLarge, type TreeWatch } from './tree-watch.js';
import { privateIndexGit, withCapturedState, type PrivateIndex } from './working-tree.js';

/*
 * The working tree as a tree object. In a large repository a watcher (tree-watch.ts) notes which paths change;
 * a capture then starts from the previous capture's tree and looks at only those paths, instead of an lstat of
 * every file. It does so only when every link holds:
 * - the previous capture was taken right before (consecutive swaps of the watcher) and the watcher vouches
 *   for all that happened since;
 * - HEAD, the config and the ignore and attribute files outside the work tree are as they were then (the
 *   capture's key); .gitignore and .gitattributes files inside it are the watcher's to report.
 * Otherwise it looks at the whole tree, as it always did, and that capture is the next one's start.
 */

export interface TreeCapture {
  repoRoot: string;
  head: string | null;
  /** The tree object of the working tree as the snapshot scope takes it. */
  tree: string;
  untrackedIncluded: string[];
  skipped: string[];
  /** The object store: all that git may write with this tree. */
  objectsPath: string;
  config: readonly ConfigOverride[];
}

interface KeptTree {
  /** The watch and swap this capture followed. */
  watch: TreeWatch;
  epoch: number;
  key: string;
  tree: string;
  /** Untracked, unignored paths as git listed them (before the snapshot scope chose). */
  listed: string[];
  untrackedIncluded: string[];
  skipped: string[];
}

const keptTrees = new Map<string, KeptTree>();

/** The trees of the latest snapshots this process made: a diff against one whose tree has not changed is empty. */
const snapshotTrees = new Map<string, string>();
const SNAPSHOT_TREES_KEPT = 64;

export function noteSnapshotTree(commit: string, tree: string): void {
  snapshotTrees.set(commit, tree);
  for (const oldest of snapshotTrees.keys()) {
    if (snapshotTrees.size <= SNAPSHOT_TREES_KEPT) break;
    snapshotTrees.delete(oldest);
  }
}

export function treeOfSnapshot(commit: string): string | undefined {
  return snapshotTrees.get(commit);
}
const chains = new Map<string, Promise<unknown>>();

/** Captures of one repository run one after another: each starts from the one before. */
export function captureTree(repoRoot: string): Promise<TreeCapture> {
  const previous = chains.get(repoRoot) ?? Promise.resolve();
  const run = previous.catch(() => undefined).then(() => captureTreeNow(repoRoot));
  chains.set(repoRoot, run);
  const forget = (): void => {
    if (chains.get(repoRoot) === run) chains.delete(repoRoot);
  };
  run.then(forget, forget);
  return run;
}

/** How many paths the latest capture looked at one by one; null when it looked at the whole tree. For tests. */
let lastCaptureLookedAt: number | null = null;
export const latestCaptureScope = (): number | null => lastCaptureLookedAt;

async function captureTreeNow(repoRoot: string): Promise<TreeCapture> {
  const watch = treeWatchOf(repoRoot);
  // The swap is asked before any file is read: every change made before it is in its answer or in what is read
  // after. HEAD and the config may be read on either side of it: the tree is built from the HEAD read.
  // Unwatched, the driver overrides are read as they always were; watched, one full config listing gives them too.
  const [answer, state, settings, unwatchedConfig] = await Promise.all([
    watch ? watch.swap() : null,
    readRepositoryState(repoRoot),
    watch ? readConfig(repoRoot) : null,
    watch ? null : readDriverOverrides(repoRoot),
  ]);
  const config = settings ? repositoryConfigOverrides(settings.namesByScope) : (unwatchedConfig ?? []);
  const key = answer && settings ? await captureKey(repoRoot, state, settings) : null;
  const kept = keptTrees.get(repoRoot);
  keptTrees.delete(repoRoot);
  if (answer?.intact === true && kept !== undefined && key !== null && settings !== null && kept.key === key && kept.watch === watch && kept.epoch === answer.epoch - 1) {
    try {
      const next = await graftedCapture(repoRoot, state, config, settings.values, kept, answer);
      keptTrees.set(repoRoot, { ...next, watch, epoch: answer.epoch, key });
      return { repoRoot, head: state.head, tree: next.tree, untrackedIncluded: next.untrackedIncluded, skipped: next.skipped, objectsPath: state.objectsPath, config };
    } catch {
      // Anything unexpected: the whole tree, below.
    }
  }
  lastCaptureLookedAt = null;
  // Started before the whole tree is looked at, so that its walk is over by the next capture, which it then vouches for.
  if (watch === undefined) void watchIfLarge(repoRoot, state.userIndexPath);
  const full = await withCapturedState(repoRoot, state, config, async (capture) => ({
    tree: (await privateIndexGit(['write-tree'], capture)).stdout.trim(),
    listed: capture.untrackedListed,
    untrackedIncluded: capture.untrackedIncluded,
    skipped: capture.skipped,
  }));
  if (answer?.complete === true && key !== null && watch !== undefined) keptTrees.set(repoRoot, { ...full, watch, epoch: answer.epoch, key });
  return { repoRoot, head: state.head, tree: full.tree, untrackedIncluded: full.untrackedIncluded, skipped: full.skipped, objectsPath: state.objectsPath, config };
}

interface ConfigListing {
  /** `git config --list --show-scope -z` as git printed it. */
  text: string;
  /** The same without the values, as readDriverOverrides reads it (scope, name, scope, name...). */
  namesByScope: string;
  /** The last value of each key (lower-case section and key names, as git prints them). */
  values: Map<string, string>;
}

/** The whole config, read once for the capture's key and for the driver overrides. */
async function readConfig(repoRoot: string): Promise<ConfigListing> {
  const listing = await runGit(['config', '--list', '--show-scope', '-z'], { cwd: repoRoot, acceptExitCodes: [1] });
  const fields = listing.stdout.split('\0');
  const values = new Map<string, string>();
  const names: string[] = [];
  for (let i = 0; i + 1 < fields.length; i += 2) {
    const entry = fields[i + 1] ?? '';
    const lineEnd = entry.indexOf('\n');
    const name = lineEnd < 0 ? entry : entry.slice(0, lineEnd);
    values.set(name, lineEnd < 0 ? '' : entry.slice(lineEnd + 1));
    names.push(fields[i] ?? '', name);
  }
  return { text: listing.stdout, namesByScope: names.length === 0 ? '' : `${names.join('\0')}\0`, values };
}

async function fileSignature(file: string): Promise<string> {
  try {
    const info = await stat(file, { bigint: true });
    return `${file}:${info.ino}:${info.size}:${info.mtimeNs}:${info.ctimeNs}`;
  } catch {
    return `${file}:none`;
  }
}

/** What, besides the work tree, decides a capture: HEAD, the whole config, and the ignore and attribute files outside the tree. */
async function captureKey(repoRoot: string, state: RepositoryState, config: ConfigListing): Promise<string> {
  const home = os.homedir();
  const xdg = process.env.XDG_CONFIG_HOME || path.join(home, '.config');
  const expand = (value: string): string => (value.startsWith('~/') ? path.join(home, value.slice(2)) : path.resolve(repoRoot, value));
  const common = path.dirname(state.objectsPath);
  const files = [
    path.join(common, 'info', 'exclude'),
    path.join(common, 'info', 'attributes'),
    expand(config.values.get('core.excludesfile') ?? path.join(xdg, 'git', 'ignore')),
    expand(config.values.get('core.attributesfile') ?? path.join(xdg, 'git', 'attributes')),
    '/etc/gitattributes',
  ];
  const signatures = await Promise.all(files.map(fileSignature));
  return [state.head ?? 'unborn', createHash('sha256').update(config.text).digest('hex'), ...signatures].join('|');
}

/** The changed paths without those under another, sorted. */
function outermost(paths: Iterable<string>): string[] {
  const set = new Set([...paths].map((entry) => entry.replace(/\/+$/, '')).filter((entry) => entry !== ''));
  return [...set].filter((entry) => !ancestorsOf(entry).some((ancestor) => set.has(ancestor))).sort();
}

/** 'a/b/c' → ['a', 'a/b']. */
function ancestorsOf(entry: string): string[] {
  const parts = entry.split('/');
  return parts.slice(1).map((_, i) => parts.slice(0, i + 1).join('/'));
}

/** The listings of `tree` at each folder in `folders` ('' is the top), read with one `cat-file --batch`. */
async function readListings(repoRoot: string, tree: string, folders: readonly string[], config: readonly ConfigOverride[]): Promise<Map<string, Listing>> {
  const names = folders.map((folder) => (folder === '' ? tree : `${tree}:${folder}`));
  const output = await runGitForBytes(['cat-file', '--batch'], { cwd: repoRoot, config, input: `${names.join('\n')}\n` });
  const listings = new Map<string, Listing>();
  let offset = 0;
  for (const folder of folders) {
    const headerEnd = output.indexOf(0x0a, offset);
    if (headerEnd < 0) throw new Error('git cat-file gave an unexpected answer.');
    const header = output.toString('utf8', offset, headerEnd);
    if (header.endsWith(' missing')) {
      offset = headerEnd + 1;
      continue;
    }
    const [, type, size] = header.split(' ');
    const length = Number(size);
    if (!Number.isInteger(length)) throw new Error('git cat-file gave an unexpected answer.');
    if (type === 'tree') listings.set(folder, parseTree(output.subarray(headerEnd + 1, headerEnd + 1 + length), tree.length / 2));
    offset = headerEnd + 1 + length + 1;
  }
  return listings;
}

interface Grafted {
  tree: string;
  listed: string[];
  untrackedIncluded: string[];
  skipped: string[];
}

/**
 * The previous capture's tree with the changed paths looked at again, in a small index of their own: HEAD's
 * entries there, `ls-files --others` there, and update-index on both, exactly as a whole capture does them.
 */
async function graftedCapture(
  repoRoot: string,
  state: RepositoryState,
  config: readonly ConfigOverride[],
  values: ReadonlyMap<string, string>,
  kept: KeptTree,
  answer: SwapAnswer,
): Promise<Grafted> {
  const changed = outermost([...answer.changed, ...answer.nested]);
  lastCaptureLookedAt = changed.length;
  if (changed.length === 0) return kept;
  // cat-file --batch reads one name a line.
  if (changed.some((entry) => entry.includes('\n'))) throw new Error('a changed path holds a line break');
  const changedSet = new Set(changed);
  const isUnder = (entry: string): boolean => {
    const bare = entry.replace(/\/+$/, '');
    return changedSet.has(bare) || ancestorsOf(bare).some((ancestor) => changedSet.has(ancestor));
  };

  const folder = await mkdtemp(path.join(os.tmpdir(), 'tandem-snapshot-'));
  try {
    const context: PrivateIndex = {
      repoRoot,
      // Changed paths are names, never patterns.
      indexEnv: { GIT_INDEX_FILE: path.join(folder, 'index'), GIT_LITERAL_PATHSPECS: '1' },
      writable: [folder, state.objectsPath],
      config,
    };
    const folders = ['', ...new Set(changed.flatMap(ancestorsOf))];
    // With the index still empty, --others lists every unignored file under the changed paths; HEAD's are taken out.
    const [inHead, listings, unignored] = await Promise.all([
      state.head === null ? Promise.resolve('') : privateIndexGit(['ls-tree', '-r', '-z', state.head, '--', ...changed], context).then((result) => result.stdout),
      readListings(repoRoot, kept.tree, folders, config),
      privateIndexGit(['ls-files', '-z', '--others', '--exclude-standard', '--', ...changed], context).then((result) => splitNul(result.stdout)),
    ]);
    const headEntries = splitNul(inHead).map((entry) => ({ mode: entry.slice(0, entry.indexOf(' ')), path: entry.slice(entry.indexOf('\t') + 1) }));
    const trackedSet = new Set(headEntries.map((entry) => entry.path));
    const others = unignored.filter((entry) => !trackedSet.has(entry.replace(/\/+$/, '')));
    let tracked = headEntries.map((entry) => entry.path);
    // update-index treats a path with an entry differently from one without only where it keeps the entry's mode
    // (core.fileMode or core.symlinks off), keeps a submodule's entry, or meets a folder where the entry was a
    // file (the entry goes). Only those need HEAD's entries in the index first; otherwise a folder is left out.
    const modesFromFiles = values.get('core.filemode') !== 'false' && values.get('core.symlinks') !== 'false';
    const indexed = headEntries.length > 0 && (!modesFromFiles || headEntries.some((entry) => entry.mode === '160000'));
    if (indexed) {
      await privateIndexGit(['update-index', '-z', '--index-info'], context, inHead);
    } else {
      const folders = await Promise.all(tracked.map((entry) => lstat(path.join(repoRoot, entry)).then((info) => info.isDirectory(), () => false)));
      tracked = tracked.filter((_, i) => !folders[i]);
    }
    // In git's order (bytes), as a whole capture lists them.
    const listed = [...new Set([...kept.listed.filter((entry) => !isUnder(entry)), ...others])].sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
    const selection = await selectUntrackedFiles(repoRoot, listed);
    const paths = [...tracked, ...selection.included.filter(isUnder)];
    const entries = paths.length === 0 ? [] : await stageChanged(context, paths, modesFromFiles && !indexed);
    const grafted = graft(listings, changed, entries, kept.tree.length / 2);
    if (grafted.trees.length > 0) {
      const written = splitNul((await privateIndexGit(['mktree', '-z', '--batch', '--missing'], context, mktreeInput(grafted.trees))).stdout.replace(/\n/g, '\0'));
      if (written.join() !== grafted.trees.map((tree) => tree.oid).join()) throw new Error('git wrote other trees than were built');
    }
    return { tree: grafted.root, listed, untrackedIncluded: selection.included, skipped: selection.skipped };
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
}

type StagedEntry = TreeEntry & { path: string };

/**
 * The blobs (and modes) of `paths` as they are now, written to the object store. Plain files, where git takes
 * the mode from the file alone, are hashed by one `hash-object` (which converts them as add does); anything else
 * (a link, a submodule, an entry HEAD's mode must carry over to) goes through update-index on the small index.
 */
async function stageChanged(context: PrivateIndex, paths: readonly string[], plainFilesMayBeHashed: boolean): Promise<StagedEntry[]> {
  if (plainFilesMayBeHashed) {
    const infos = await Promise.all(paths.map((entry) => lstat(path.join(context.repoRoot, entry)).catch(() => null)));
    // hash-object reads a path a line, and unquotes one that starts with a double quote.
    const nameable = paths.every((entry) => !entry.includes('\n') && !entry.startsWith('"'));
    if (nameable && infos.every((info) => info === null || info.isFile())) {
      const present = paths.filter((_, i) => infos[i] !== null);
      if (present.length === 0) return [];
      // Executable or not, as git reads it: the owner's execute bit.
      const modes = infos.filter((info) => info !== null).map((info) => ((info.mode & 0o100) !== 0 ? '100755' : '100644'));
      const hashed = await privateIndexGit(['hash-object', '-w', '--stdin-paths'], context, `${present.join('\n')}\n`);
      const oids = hashed.stdout.split('\n').filter((line) => line !== '');
      if (oids.length !== present.length) throw new Error('git hashed other files than were named');
      return present.map((entry, i) => ({ path: entry, mode: modes[i] ?? '', oid: oids[i] ?? '' }));
    }
  }
  await privateIndexGit(['update-index', '--add', '--remove', '-z', '--stdin'], context, `${paths.join('\0')}\0`);
  return splitNul((await privateIndexGit(['ls-files', '-s', '-z'], context)).stdout).map((line) => {
    const [mode = '', oid = ''] = line.slice(0, line.indexOf('\t')).split(' ');
    return { mode: mode.replace(/^0+/, ''), oid, path: line.slice(line.indexOf('\t') + 1) };
  });
}
