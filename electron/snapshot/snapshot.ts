import { z } from 'zod';

/**
 * One turn's snapshot of a repository's working tree. Stored in session files as JSON, so the
 * schema checks it on the way back in. Paths are relative to `repoRoot`, with forward slashes.
 */
export const Snapshot = z.object({
  /** Top folder of the work tree; snapshots always cover the whole repository. */
  repoRoot: z.string().min(1),
  /** A commit object no branch or ref points to: the working tree as it was. */
  commit: z.string().regex(/^[0-9a-f]{40,64}$/),
  /** ISO 8601 time the snapshot was taken. */
  createdAt: z.string(),
  /** Untracked (not ignored) files the snapshot holds. */
  untrackedAtSnapshot: z.array(z.string()),
  /** Untracked things left out: skipped folders (`node_modules/`), nested repositories, large files. */
  ignoredSkipped: z.array(z.string()),
});
export type Snapshot = z.infer<typeof Snapshot>;

/** A snapshot read back from a session file, or null when the stored value is not one. */
export function parseSnapshot(value: unknown): Snapshot | null {
  const parsed = Snapshot.safeParse(value);
  return parsed.success ? parsed.data : null;
}
