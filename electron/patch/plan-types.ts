/** One file operation of a patch, checked against the disk and computed, not yet written. */
export interface PlannedFileChange {
  kind: 'add' | 'delete' | 'update';
  /** Absolute. */
  path: string;
  /** Absolute; set when an update also renames the file. */
  movePath?: string;
  /** The content before this operation; null when there was no file. */
  oldContent: string | null;
  /** The content after it; null for a delete. */
  newContent: string | null;
  /** The path as the patch wrote it, for the summary the model reads. */
  patchPath: string;
  patchMovePath?: string;
}

/** What a touched path held on disk when the patch was planned: the baseline applying checks and restores. */
export interface FileSnapshot {
  /** Absolute. */
  path: string;
  /** null when nothing was there. */
  bytes: Uint8Array | null;
}

export interface PatchPlan {
  /** In patch order; a later operation sees the result of earlier ones on the same path. */
  files: PlannedFileChange[];
  snapshots: FileSnapshot[];
}
