import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import type { PatchHunk } from './hunk.js';
import type { FileSnapshot, PatchPlan, PlannedFileChange } from './plan-types.js';
import { applyChunks } from './update.js';

export type PlanPatchResult = { ok: true; plan: PatchPlan } | { ok: false; error: string };

type DiskEntry =
  | { kind: 'absent' }
  | { kind: 'file'; bytes: Uint8Array; text: string | null }
  | { kind: 'not-a-file'; what: string }
  | { kind: 'unreadable'; reason: string };

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

function decodeText(bytes: Uint8Array): string | null {
  try {
    return utf8.decode(bytes);
  } catch {
    return null;
  }
}

function errorCode(error: unknown): string | undefined {
  return error instanceof Error && 'code' in error && typeof error.code === 'string' ? error.code : undefined;
}

async function readDiskEntry(absolutePath: string): Promise<DiskEntry> {
  try {
    const stats = await stat(absolutePath);
    if (stats.isDirectory()) return { kind: 'not-a-file', what: 'a directory' };
    // Reading a FIFO or device would block or never end.
    if (!stats.isFile()) return { kind: 'not-a-file', what: 'not a regular file' };
    const bytes = await readFile(absolutePath);
    return { kind: 'file', bytes, text: decodeText(bytes) };
  } catch (error) {
    const code = errorCode(error);
    if (code === 'ENOENT' || code === 'ENOTDIR') return { kind: 'absent' };
    return { kind: 'unreadable', reason: error instanceof Error ? error.message : String(error) };
  }
}

/**
 * The files a patch touches as its operations see them: the disk as it was when first read,
 * with the results of earlier operations laid over it. Nothing is written.
 */
class PendingTree {
  private readonly disk = new Map<string, DiskEntry>();
  private readonly written = new Map<string, string | null>();

  async entry(absolutePath: string): Promise<DiskEntry> {
    const pending = this.written.get(absolutePath);
    if (pending === null) return { kind: 'absent' };
    if (pending !== undefined) return { kind: 'file', bytes: Buffer.from(pending), text: pending };
    let onDisk = this.disk.get(absolutePath);
    if (onDisk === undefined) {
      onDisk = await readDiskEntry(absolutePath);
      this.disk.set(absolutePath, onDisk);
    }
    return onDisk;
  }

  set(absolutePath: string, content: string | null): void {
    this.written.set(absolutePath, content);
  }

  snapshots(): FileSnapshot[] {
    const snapshots: FileSnapshot[] = [];
    for (const [snapshotPath, entry] of this.disk) {
      if (entry.kind === 'file') snapshots.push({ path: snapshotPath, bytes: entry.bytes });
      else if (entry.kind === 'absent') snapshots.push({ path: snapshotPath, bytes: null });
    }
    return snapshots;
  }
}

/** The text of a file an operation needs to read, or why it cannot. */
function readableText(entry: DiskEntry, action: string, patchPath: string): { text: string } | { error: string } {
  switch (entry.kind) {
    case 'absent':
      return { error: `Failed to ${action} ${patchPath}: no such file` };
    case 'not-a-file':
      return { error: `Failed to ${action} ${patchPath}: it is ${entry.what}` };
    case 'unreadable':
      return { error: `Failed to ${action} ${patchPath}: ${entry.reason}` };
    case 'file':
      return entry.text === null ? { error: `Failed to ${action} ${patchPath}: it is not UTF-8 text` } : { text: entry.text };
  }
}

/**
 * Resolves the patch's paths against `cwd`, reads the files and computes every new content,
 * failing on the first operation that cannot be carried out. Operations run in order over the
 * same pending state, so a patch may add a file and then update it.
 */
export async function planPatch(hunks: readonly PatchHunk[], cwd: string): Promise<PlanPatchResult> {
  if (hunks.length === 0) return { ok: false, error: 'No files were modified.' };
  const tree = new PendingTree();
  const files: PlannedFileChange[] = [];

  for (const hunk of hunks) {
    const absolutePath = path.resolve(cwd, hunk.path);
    const entry = await tree.entry(absolutePath);
    switch (hunk.type) {
      case 'add': {
        if (entry.kind === 'not-a-file') return { ok: false, error: `Failed to add ${hunk.path}: there is ${entry.what} at that path` };
        if (entry.kind === 'unreadable') return { ok: false, error: `Failed to add ${hunk.path}: ${entry.reason}` };
        // Add File replaces an existing file, as Codex's does.
        const oldContent = entry.kind === 'file' ? entry.text : null;
        tree.set(absolutePath, hunk.contents);
        files.push({ kind: 'add', path: absolutePath, oldContent, newContent: hunk.contents, patchPath: hunk.path });
        break;
      }
      case 'delete': {
        const current = readableText(entry, 'delete', hunk.path);
        if ('error' in current) return { ok: false, error: current.error };
        tree.set(absolutePath, null);
        files.push({ kind: 'delete', path: absolutePath, oldContent: current.text, newContent: null, patchPath: hunk.path });
        break;
      }
      case 'update': {
        const current = readableText(entry, 'read file to update', hunk.path);
        if ('error' in current) return { ok: false, error: current.error };
        const updated = applyChunks(current.text, hunk.chunks, hunk.path);
        if (!updated.ok) return { ok: false, error: updated.error };

        const movePath = hunk.movePath === null ? null : path.resolve(cwd, hunk.movePath);
        if (movePath === null || movePath === absolutePath) {
          tree.set(absolutePath, updated.content);
          files.push({ kind: 'update', path: absolutePath, oldContent: current.text, newContent: updated.content, patchPath: hunk.path });
          break;
        }
        const destination = await tree.entry(movePath);
        if (destination.kind === 'not-a-file') {
          return { ok: false, error: `Failed to move ${hunk.path} to ${hunk.movePath}: there is ${destination.what} at the destination` };
        }
        if (destination.kind === 'unreadable') {
          return { ok: false, error: `Failed to move ${hunk.path} to ${hunk.movePath}: ${destination.reason}` };
        }
        tree.set(absolutePath, null);
        tree.set(movePath, updated.content);
        files.push({
          kind: 'update',
          path: absolutePath,
          movePath,
          oldContent: current.text,
          newContent: updated.content,
          patchPath: hunk.path,
          patchMovePath: hunk.movePath ?? undefined,
        });
        break;
      }
    }
  }
  return { ok: true, plan: { files, snapshots: tree.snapshots() } };
}

/** Every absolute path the plan writes or removes, move destinations included. */
export function patchPaths(plan: PatchPlan): string[] {
  const paths = new Set<string>();
  for (const change of plan.files) {
    paths.add(change.path);
    if (change.movePath !== undefined) paths.add(change.movePath);
  }
  return [...paths];
}
