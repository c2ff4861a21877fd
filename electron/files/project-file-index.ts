import { browseOrder, preparePaths, rankPaths, type PreparedPath } from './rank.js';
import { listProjectFiles, type ProjectFiles } from './project-files.js';

/** How long a listing is trusted before the next query has it made again, in the background. */
export const FILE_LIST_FRESH_MS = 5_000;

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
  browse: PreparedPath[] | null;
  truncated: boolean;
  at: number;
}

/**
 * One project's files, listed once and kept: a query is answered from the kept list, and a list older than
 * FILE_LIST_FRESH_MS is made again behind the answer, so typing never waits on git twice.
 */
export class ProjectFileIndex {
  private listing: Listing | null = null;
  private refreshing: Promise<Listing> | null = null;

  constructor(
    readonly cwd: string,
    private readonly list: (cwd: string) => Promise<ProjectFiles> = listProjectFiles,
    private readonly now: () => number = Date.now,
  ) {}

  async query(query: string, limit: number): Promise<FileQueryResult> {
    const listing = this.listing ?? (await this.refresh());
    if (this.now() - listing.at > FILE_LIST_FRESH_MS) void this.refresh().catch(() => undefined);
    const total = listing.prepared.length;
    if (query.trim() === '') {
      listing.browse ??= browseOrder(listing.prepared);
      return { paths: listing.browse.slice(0, limit).map((entry) => entry.path), matched: total, total, truncated: listing.truncated };
    }
    const { paths, matched } = rankPaths(listing.prepared, query, limit);
    return { paths, matched, total, truncated: listing.truncated };
  }

  private refresh(): Promise<Listing> {
    this.refreshing ??= this.list(this.cwd)
      .then((files) => {
        this.listing = { prepared: preparePaths(files.paths), browse: null, truncated: files.truncated, at: this.now() };
        return this.listing;
      })
      .finally(() => {
        this.refreshing = null;
      });
    return this.refreshing;
  }
}
