import { open } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { entryScript } from '../exec/index.js';
import type { SwapAnswer, WatchMessage, WatchReady, WatchSettings } from './tree-watch-protocol.js';

/*
 * One file watcher per large repository, in a worker thread (tree-watch-worker.ts), shared by the captures of
 * every session there. Small repositories get none: looking at their whole tree costs less than a thread.
 */

/** Tracked files from which a repository is watched; TANDEM_WATCH_FROM_FILES changes it (the tests watch small ones). */
const DEFAULT_WATCH_FROM_FILES = 20_000;
/** A watch no capture has asked anything of for this long is stopped; the next capture starts another. */
const IDLE_MS = 10 * 60_000;
const SWAP_TIMEOUT_MS = 2_000;

function watchFromFiles(): number {
  const configured = process.env.TANDEM_WATCH_FROM_FILES ?? '';
  return /^\d+$/.test(configured) ? Number(configured) : DEFAULT_WATCH_FROM_FILES;
}

/** A limit the environment may lower (the tests reach the fallbacks with small ones). */
function limitFromEnvironment(name: string, fallback: number): number {
  const configured = process.env[name] ?? '';
  return /^\d+$/.test(configured) ? Math.min(Number(configured), fallback) : fallback;
}

const WORKER_ENTRY = 'tree-watch-worker';

/** The worker's script: built beside this module, or bundled from the TypeScript source (as the tests run it). */
function workerScript(): Promise<string> {
  return entryScript(path.dirname(fileURLToPath(import.meta.url)), WORKER_ENTRY);
}

export class TreeWatch {
  private readonly worker: Worker;
  private nextId = 0;
  private readonly waiting = new Map<number, (answer: SwapAnswer | null) => void>();
  private idle: NodeJS.Timeout | undefined;
  private stopped = false;
  /** Settles when the first walk has ended (null when the worker died first): how long it took, how many folders. */
  readonly ready: Promise<WatchReady | null>;

  constructor(
    readonly root: string,
    script: string,
  ) {
    const settings: WatchSettings = {
      root,
      maxFolders: limitFromEnvironment('TANDEM_WATCH_MAX_FOLDERS', 50_000),
      maxChangedPaths: limitFromEnvironment('TANDEM_WATCH_MAX_CHANGED_PATHS', 2_000),
      burstLimit: 8_192,
      swapTimeoutMs: SWAP_TIMEOUT_MS,
    };
    // A small heap: the worker holds a watcher per folder and the paths changed since the last capture.
    this.worker = new Worker(script, { workerData: settings, resourceLimits: { maxOldGenerationSizeMb: 48 } });
    this.worker.unref();
    let readied: (value: WatchReady | null) => void = () => undefined;
    this.ready = new Promise((resolve) => (readied = resolve));
    this.worker.on('message', (message: WatchMessage) => {
      if (message.type === 'ready') readied(message);
      else this.settle(message.id, message);
    });
    const gone = (): void => {
      readied(null);
      this.stop();
    };
    this.worker.on('error', gone);
    this.worker.on('exit', gone);
    this.touch();
  }

  private settle(id: number, answer: SwapAnswer | null): void {
    this.waiting.get(id)?.(answer);
    this.waiting.delete(id);
  }

  private touch(): void {
    clearTimeout(this.idle);
    this.idle = setTimeout(() => this.stop(), IDLE_MS);
    this.idle.unref();
  }

  /** The paths changed since the previous swap; null when the worker is gone or did not answer in time. */
  swap(): Promise<SwapAnswer | null> {
    if (this.stopped) return Promise.resolve(null);
    this.touch();
    const id = (this.nextId += 1);
    return new Promise((resolve) => {
      const timer = setTimeout(() => this.settle(id, null), SWAP_TIMEOUT_MS * 2);
      timer.unref();
      this.waiting.set(id, (answer) => {
        clearTimeout(timer);
        resolve(answer);
      });
      this.worker.postMessage({ type: 'swap', id });
    });
  }

  stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    clearTimeout(this.idle);
    for (const id of [...this.waiting.keys()]) this.settle(id, null);
    if (watches.get(this.root) === this) watches.delete(this.root);
    this.worker.postMessage({ type: 'stop' });
    void this.worker.terminate();
  }
}

const watches = new Map<string, TreeWatch>();
const starting = new Map<string, Promise<TreeWatch | undefined>>();

/** The repository's watch, if one runs. */
export function treeWatchOf(repoRoot: string): TreeWatch | undefined {
  return watches.get(repoRoot);
}

/** The repository's watch once a start under way has settled. */
export function treeWatchStarted(repoRoot: string): Promise<TreeWatch | undefined> {
  return starting.get(repoRoot) ?? Promise.resolve(watches.get(repoRoot));
}

/** Entries in an index file, from its header ("DIRC", version, count); 0 when it cannot be read. */
async function indexEntries(indexPath: string): Promise<number> {
  try {
    const file = await open(indexPath, 'r');
    try {
      const header = Buffer.alloc(12);
      const { bytesRead } = await file.read(header, 0, 12, 0);
      return bytesRead === 12 && header.toString('latin1', 0, 4) === 'DIRC' ? header.readUInt32BE(8) : 0;
    } finally {
      await file.close();
    }
  } catch {
    return 0;
  }
}

/** Starts watching `repoRoot` when its index holds enough files; the watch vouches for changes once its walk ends. */
export function watchIfLarge(repoRoot: string, userIndexPath: string): Promise<TreeWatch | undefined> {
  const running = watches.get(repoRoot);
  if (running !== undefined) return Promise.resolve(running);
  let start = starting.get(repoRoot);
  if (start === undefined) {
    start = (async () => {
      try {
        if ((await indexEntries(userIndexPath)) < watchFromFiles()) return undefined;
        const watch = new TreeWatch(repoRoot, await workerScript());
        watches.set(repoRoot, watch);
        return watch;
      } catch {
        return undefined;
      } finally {
        starting.delete(repoRoot);
      }
    })();
    starting.set(repoRoot, start);
  }
  return start;
}

/** Stops every watch (tests, and a host that shuts down). */
export function stopTreeWatches(): void {
  for (const watch of [...watches.values()]) watch.stop();
}
