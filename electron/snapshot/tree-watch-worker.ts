/*
 * The file watcher of one repository's work tree, in a worker thread of its own (tree-watch.ts starts it). It
 * keeps an inotify watch (fs.watch) on every folder of the work tree and notes the path of every change; a
 * capture asks it for the paths changed since the previous capture ("swap") and looks at only those.
 *
 * It vouches for a window (the time between two swaps) only when it saw every change in it:
 * - the first walk of the tree had ended before the window began;
 * - no watch failed (the watch limit, an error event) and no burst of events came close to the size of the
 *   kernel's queue (libuv drops the queue-overflow event without a word, so a burst that could have
 *   overflowed it counts as one);
 * - no .gitignore or .gitattributes changed (they change what every path means);
 * - the swap's own marker event came back (see swap below).
 * A folder that appears is walked and watched; it is marked changed when it appears and again once its
 * watches are in place, so whatever happened in it before then is looked at by a later capture.
 *
 * The worker runs in its own thread so that its queue is read even while the host's event loop is busy.
 * It reads folder listings and file types, never file contents, and never follows a symbolic link.
 */
import { watch, type Dirent, type FSWatcher } from 'node:fs';
import { lstat, mkdtemp, readdir, readFile, realpath, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parentPort, workerData } from 'node:worker_threads';
import type { SwapAnswer, WatchRequest, WatchSettings } from './tree-watch-protocol.js';

const settings = workerData as WatchSettings;
const root = settings.root;

interface WatchedFolder {
  watcher: FSWatcher;
  ino: number;
}

/** Folders watched, by path relative to the root ('' is the root). */
const watched = new Map<string, WatchedFolder>();
/** Folders holding a `.git` of their own (nested repositories, submodules): looked at by every capture. */
const nested = new Set<string>();
let changed = new Set<string>();
/** Whether the current window is vouched for. */
let vouched = false;
let walked = false;
let disabled = false;
let epoch = 0;

function joinRelative(folder: string, name: string): string {
  return folder === '' ? name : `${folder}/${name}`;
}

function absolute(relative: string): string {
  return relative === '' ? root : path.join(root, ...relative.split('/'));
}

/** The current window can no longer be vouched for; the next one can, if the watch is still whole. */
function breakWindow(): void {
  vouched = false;
  changed.clear();
}

/** Stops watching for good: every later capture looks at the whole tree. */
function disable(): void {
  disabled = true;
  breakWindow();
  for (const folder of watched.values()) folder.watcher.close();
  watched.clear();
}

function markChanged(relative: string): void {
  if (!vouched) return;
  changed.add(relative);
  if (changed.size > settings.maxChangedPaths) breakWindow();
}

// libuv reads the whole inotify queue in one go, between two setImmediate turns of this loop.
let burst = 0;
function countEvent(): void {
  if (burst === 0) setImmediate(() => (burst = 0));
  burst += 1;
  if (burst > settings.burstLimit) breakWindow();
}

function onEvent(folder: string, event: string, name: string | Buffer | null): void {
  countEvent();
  if (disabled) return;
  if (name === null || typeof name !== 'string') {
    // A change the kernel did not name: the whole folder, or everything when it is the root.
    if (folder === '') breakWindow();
    else markChanged(folder);
    return;
  }
  // The repository's own .git: its changes (HEAD, the index, config) are in each capture's key instead.
  if (folder === '' && name === '.git') return;
  if (name === '.gitignore' || name === '.gitattributes') breakWindow();
  const relative = joinRelative(folder, name);
  if (name === '.git') {
    // A repository made or removed inside this one: the folder is now looked at (or walked) as a whole.
    markChanged(folder);
    void recheck(folder);
    return;
  }
  markChanged(relative);
  // Inside a nested repository nothing is watched: every capture looks at the whole of it.
  if (event === 'rename' && !nested.has(folder)) void recheck(relative);
}

function unwatchUnder(relative: string): void {
  const prefix = `${relative}/`;
  for (const [folder, entry] of watched) {
    if (folder === relative || folder.startsWith(prefix)) {
      entry.watcher.close();
      watched.delete(folder);
    }
  }
  for (const folder of nested) if (folder === relative || folder.startsWith(prefix)) nested.delete(folder);
}

/** A path that was created, removed or renamed: watch it if it is now a folder we do not watch. */
async function recheck(relative: string): Promise<void> {
  let info: Awaited<ReturnType<typeof lstat>> | null = null;
  try {
    info = await lstat(absolute(relative));
  } catch {
    info = null;
  }
  if (disabled) return;
  const entry = watched.get(relative);
  const isFolder = info?.isDirectory() === true;
  if (entry !== undefined) {
    // The same folder, still nested or not as it was: its watches stand.
    if (isFolder && entry.ino === Number(info?.ino) && nested.has(relative) === (await hasGit(relative))) return;
    unwatchUnder(relative);
  }
  if (!isFolder) return;
  await walk(relative);
  // Whatever happened in the new folder before its watches were in place is looked at by the next capture.
  markChanged(relative);
}

async function hasGit(relative: string): Promise<boolean> {
  try {
    await lstat(path.join(absolute(relative), '.git'));
    return true;
  } catch {
    return false;
  }
}

/** Watches one folder; false when it is gone or is not the folder it was. */
async function watchFolder(relative: string): Promise<boolean> {
  const where = absolute(relative);
  let ino: number;
  try {
    const info = await lstat(where);
    // A symbolic link (or anything but a folder) is never watched: a watch would follow it out of the project.
    if (!info.isDirectory() || (await realpath(where)) !== where) return false;
    ino = info.ino;
  } catch {
    return false; // gone: the event in its parent folder names it
  }
  if (disabled || watched.has(relative)) return false;
  if (watched.size >= settings.maxFolders) {
    disable();
    return false;
  }
  try {
    const watcher = watch(where, { persistent: false }, (event, name) => onEvent(relative, event, name));
    watcher.on('error', () => {
      // The folder went away (its parent's event names it) or inotify failed: this window cannot be vouched for.
      breakWindow();
      watcher.close();
      if (watched.get(relative)?.watcher === watcher) watched.delete(relative);
    });
    watched.set(relative, { watcher, ino });
    return true;
  } catch (err) {
    const code = (err as { code?: unknown }).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return false;
    // ENOSPC (the watch limit), EMFILE, EACCES...: the watch could not be whole.
    disable();
    return false;
  }
}

const WALK_CONCURRENCY = 16;

/** Watches `start` and every folder under it, watching each folder before listing it. */
async function walk(start: string): Promise<void> {
  const queue = [start];
  let active = 0;
  await new Promise<void>((resolve) => {
    const next = (): void => {
      while (active < WALK_CONCURRENCY && queue.length > 0 && !disabled) {
        const folder = queue.pop() as string;
        active += 1;
        void visit(folder).finally(() => {
          active -= 1;
          next();
        });
      }
      if (active === 0 && (queue.length === 0 || disabled)) resolve();
    };
    const visit = async (folder: string): Promise<void> => {
      if (!(await watchFolder(folder))) return;
      let entries: Dirent[];
      try {
        entries = await readdir(absolute(folder), { withFileTypes: true });
      } catch {
        return;
      }
      if (folder !== '' && entries.some((entry) => entry.name === '.git')) {
        nested.add(folder);
        return;
      }
      for (const entry of entries) {
        if (entry.isDirectory() && !(folder === '' && entry.name === '.git')) queue.push(joinRelative(folder, entry.name));
      }
    };
    next();
  });
}

/*
 * A swap answers for every change made before it was asked. Changes reach this thread through one inotify
 * queue, in order; so the worker writes a marker file in a watched folder of its own and answers when the
 * marker's event arrives: every change queued before it has been noted by then.
 */
let markerFolder = '';
/** Swaps waiting for their marker (named `m<id>`), by id. */
const waitingSwaps = new Map<number, () => void>();

function swapNow(): SwapAnswer {
  const answer: SwapAnswer = {
    type: 'swapped',
    epoch: (epoch += 1),
    intact: vouched && !disabled,
    complete: walked && !disabled,
    changed: vouched ? [...changed] : [],
    nested: [...nested],
  };
  changed = new Set();
  vouched = walked && !disabled;
  return answer;
}

function onMarker(name: string | Buffer | null): void {
  const id = typeof name === 'string' && /^m\d+$/.test(name) ? Number(name.slice(1)) : NaN;
  const answer = waitingSwaps.get(id);
  if (answer === undefined) return;
  waitingSwaps.delete(id);
  answer();
  void rm(path.join(markerFolder, `m${id}`), { force: true });
}

async function swap(id: number): Promise<void> {
  const answered = new Promise<void>((resolve) => {
    const timer = setTimeout(() => {
      // The marker never came back (the queue overflowed and dropped it): nothing in this window is vouched for.
      waitingSwaps.delete(id);
      breakWindow();
      parentPort?.postMessage({ ...swapNow(), id });
      resolve();
    }, settings.swapTimeoutMs);
    waitingSwaps.set(id, () => {
      clearTimeout(timer);
      parentPort?.postMessage({ ...swapNow(), id });
      resolve();
    });
  });
  try {
    await markerReady;
    await writeFile(path.join(markerFolder, `m${id}`), '');
  } catch {
    // No marker can be written: nothing in this window is vouched for.
    breakWindow();
    const answer = waitingSwaps.get(id);
    waitingSwaps.delete(id);
    answer?.();
  }
  await answered;
}

const markerReady = (async () => {
  markerFolder = await mkdtemp(path.join(tmpdir(), 'tandem-watch-'));
  watch(markerFolder, { persistent: false }, (_event, name) => {
    countEvent();
    onMarker(name);
  });
})();
markerReady.catch(() => undefined);

async function start(): Promise<void> {
  const limit = await readFile('/proc/sys/fs/inotify/max_queued_events', 'utf8').then(Number, () => 16384);
  if (Number.isFinite(limit) && limit > 0) settings.burstLimit = Math.min(settings.burstLimit, Math.floor(limit / 2));
  await markerReady;
  const began = performance.now();
  await walk('');
  walked = !disabled;
  parentPort?.postMessage({ type: 'ready', folders: watched.size, ms: performance.now() - began, watching: walked });
}

parentPort?.on('message', (request: WatchRequest) => {
  if (request.type === 'swap') void swap(request.id);
  else if (request.type === 'stop') {
    disable();
    void rm(markerFolder, { recursive: true, force: true }).finally(() => process.exit(0));
  }
});

start().catch(() => {
  disable();
  parentPort?.postMessage({ type: 'ready', folders: 0, ms: 0, watching: false });
});
