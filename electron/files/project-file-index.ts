import { browseFirst, preparePaths, rankPaths, type PreparedPath } from './rank.js';
import { listProjectFiles, type ProjectFiles } from './project-files.js';

/** How long a listing is trusted before the next query has it made again, in the background. */
export const FILE_LIST_FRESH_MS = 5_000;
/** Paths prepared for ranking between two turns of the event loop, so a big listing never holds the host's loop long. */
const PREPARE_SLICE = 10_000;

export interface FileQueryResult {
  paths: string[];
  /** How many files matched (all of them for an empty query). */
  matched: number;
  /** How many files the project has, as listed. */
  total: number;
  truncated: boolean;
}

interface Listing {
  prepared: PreparedPath[];
  truncated: boolean;
  at: number;
  /** The answer to an empty query (what an @ shows before anything is typed), by limit, once made. */
  browse: Map<number, string[]>;
  /** A query has been answered from it (a listing made by warmUp has not, until then). */
  asked: boolean;
}

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/** The paths prepared for ranking a slice at a time, letting the event loop run between slices. */
async function prepareInSlices(paths: readonly string[]): Promise<PreparedPath[]> {
  const prepared: PreparedPath[] = [];
  for (let from = 0; from < paths.length; from += PREPARE_SLICE) {
    if (from > 0) await nextTurn();
    for (const entry of preparePaths(paths.slice(from, from + PREPARE_SLICE))) prepared.push(entry);
  }
  return prepared;
}

/**
 * One project's files, listed once and kept: a query is answered from the kept list, and a list older than
 * FILE_LIST_FRESH_MS is made again behind the answer, so typing never waits on git twice. warmUp() makes the
 * first list before anyone asks (the host calls it when a session opens), and a query that comes while it is
 * being made waits for that one; a warmed-up list no query has used is trusted only while it is fresh.
 */
export class ProjectFileIndex {
  private listing: Listing | null = null;
  private refreshing: Promise<Listing> | null = null;

  constructor(
    readonly cwd: string,
    private readonly list: (cwd: string) => Promise<ProjectFiles> = listProjectFiles,
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * Starts the first listing if there is none yet, and makes the answer to an empty query of `browseLimit` paths
   * from it: what a person's first @ shows. A listing that fails is left for the first query to try again.
   */
  warmUp(browseLimit: number): void {
    if (this.listing !== null) return;
    void this.refresh()
      .then((listing) => this.browse(listing, browseLimit))
      .catch(() => undefined);
  }

  async query(query: string, limit: number): Promise<FileQueryResult> {
    let listing = this.listing ?? (await this.refresh());
    if (this.now() - listing.at > FILE_LIST_FRESH_MS) {
      // A person typing gets the kept list at once while it is made again behind the answer. But a list made when
      // the session opened, and old by the first @, may be from before the files there now (a clone, the agent's
      // first turn): the first @ waits for a new one, as it would have without the warm-up.
      if (listing.asked) void this.refresh().catch(() => undefined);
      else listing = await this.refresh();
    }
    listing.asked = true;
    const total = listing.prepared.length;
    if (query.trim() === '') return { paths: this.browse(listing, limit), matched: total, total, truncated: listing.truncated };
    const { paths, matched } = rankPaths(listing.prepared, query, limit);
    return { paths, matched, total, truncated: listing.truncated };
  }

  private browse(listing: Listing, limit: number): string[] {
    let paths = listing.browse.get(limit);
    if (!paths) {
      paths = browseFirst(listing.prepared, limit);
      listing.browse.set(limit, paths);
    }
    return paths;
  }

  private refresh(): Promise<Listing> {
    this.refreshing ??= this.list(this.cwd)
      .then(async (files) => {
        this.listing = { prepared: await prepareInSlices(files.paths), truncated: files.truncated, at: this.now(), browse: new Map(), asked: false };
        return this.listing;
      })
      .finally(() => {
        this.refreshing = null;
      });
    return this.refreshing;
  }
}
