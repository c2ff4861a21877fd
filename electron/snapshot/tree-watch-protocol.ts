/** Messages between tree-watch.ts and its worker (tree-watch-worker.ts). */

export interface WatchSettings {
  /** The work tree's top folder, as realpath gives it. */
  root: string;
  /** More folders than this and the worker stops watching (the kernel's watch limit is shared by the whole user). */
  maxFolders: number;
  /** More changed paths than this in one window and the capture looks at the whole tree instead. */
  maxChangedPaths: number;
  /** Events read in one go above which the kernel's queue may have overflowed (lowered to half its size). */
  burstLimit: number;
  /** How long a swap waits for its marker event before giving up on the window. */
  swapTimeoutMs: number;
}

export type WatchRequest = { type: 'swap'; id: number } | { type: 'stop' };

/** The worker's answer to a swap: what changed since the previous swap, and whether that is all that changed. */
export interface SwapAnswer {
  type: 'swapped';
  /** Counts the swaps: a capture builds on the previous one only when their epochs follow each other. */
  epoch: number;
  /** Every change between the previous swap and this one is in `changed`. */
  intact: boolean;
  /** The watch is whole now: the window this swap opens can be vouched for. */
  complete: boolean;
  /** Paths (relative, forward slashes) created, changed, removed or renamed; a folder stands for all under it. */
  changed: string[];
  /** Folders holding a nested repository or submodule, which are not watched inside. */
  nested: string[];
}

export interface WatchReady {
  type: 'ready';
  folders: number;
  ms: number;
  watching: boolean;
}

export type WatchMessage = (SwapAnswer & { id: number }) | WatchReady;
