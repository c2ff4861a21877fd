import { randomBytes } from 'node:crypto';
import { chmod, mkdir, readFile, rename, rmdir, stat, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { FileSnapshot, PatchPlan } from './plan-types.js';
import { resolveRealPath } from './real-path.js';

export type ApplyPlanResult = { ok: true; summary: string } | { ok: false; error: string };

/** A file's content to be written, staged beside its target so the final rename stays on one filesystem. */
interface StagedWrite {
  path: string;
  /** Where the bytes go: `path` with its symlinks followed, so a link keeps pointing at the file it names. */
  target: string;
  staged: string;
  snapshot: FileSnapshot;
  /** Permission bits of the file being replaced, kept by the new content and by a restore. */
  mode: number | null;
}

interface StagedDelete {
  path: string;
  /** The file is renamed aside rather than removed, so a failure later can bring it back. */
  aside: string;
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function sideName(target: string, purpose: string): string {
  return path.join(path.dirname(target), `.${path.basename(target)}.${randomBytes(4).toString('hex')}.${purpose}`);
}

async function currentBytes(absolutePath: string): Promise<Uint8Array | null> {
  try {
    return await readFile(absolutePath);
  } catch (error) {
    const code = error instanceof Error && 'code' in error ? error.code : undefined;
    if (code === 'ENOENT' || code === 'ENOTDIR') return null;
    throw error;
  }
}

function sameBytes(a: Uint8Array | null, b: Uint8Array | null): boolean {
  if (a === null || b === null) return a === b;
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(b);
}

/** The content each touched path must hold once the whole patch is applied; null means no file. */
function finalContents(plan: PatchPlan): Map<string, string | null> {
  const contents = new Map<string, string | null>();
  for (const change of plan.files) {
    if (change.kind === 'update' && change.movePath !== undefined) {
      contents.set(change.path, null);
      contents.set(change.movePath, change.newContent);
    } else {
      contents.set(change.path, change.newContent);
    }
  }
  return contents;
}

/** Creates the missing directories above `directory`, returning those it made, outermost first. */
async function makeDirectories(directory: string): Promise<string[]> {
  const missing: string[] = [];
  for (let current = directory; ; current = path.dirname(current)) {
    const exists = await stat(current).then(
      () => true,
      () => false,
    );
    if (exists || path.dirname(current) === current) break;
    missing.unshift(current);
  }
  await mkdir(directory, { recursive: true });
  return missing;
}

/** The text the model reads after a successful apply_patch, line for line as Codex prints it. */
export function successSummary(plan: PatchPlan): string {
  const added: string[] = [];
  const modified: string[] = [];
  const deleted: string[] = [];
  for (const change of plan.files) {
    if (change.kind === 'add') added.push(change.patchPath);
    else if (change.kind === 'delete') deleted.push(change.patchPath);
    else modified.push(change.patchMovePath ?? change.patchPath);
  }
  const lines = [
    'Success. Updated the following files:',
    ...added.map((p) => `A ${p}`),
    ...modified.map((p) => `M ${p}`),
    ...deleted.map((p) => `D ${p}`),
  ];
  return lines.map((line) => `${line}\n`).join('');
}

/**
 * Writes a planned patch all or nothing. The files must still hold what planning read; every new
 * content is first written to a file beside its target, then all are renamed into place and the
 * deleted files renamed aside. If any step fails, what was done is undone.
 */
export async function applyPlan(plan: PatchPlan): Promise<ApplyPlanResult> {
  const snapshots = new Map(plan.snapshots.map((snapshot) => [snapshot.path, snapshot]));
  for (const snapshot of plan.snapshots) {
    let now: Uint8Array | null;
    try {
      now = await currentBytes(snapshot.path);
    } catch (error) {
      return { ok: false, error: `Failed to read ${snapshot.path} again before writing: ${describe(error)}` };
    }
    if (!sameBytes(now, snapshot.bytes)) {
      return { ok: false, error: `${snapshot.path} changed on disk after the patch was checked; no file was written` };
    }
  }

  const writes: StagedWrite[] = [];
  const deletes: string[] = [];
  const createdDirectories: string[] = [];
  for (const [filePath, content] of finalContents(plan)) {
    const snapshot = snapshots.get(filePath) ?? { path: filePath, bytes: null };
    if (content === null) {
      if (snapshot.bytes !== null) deletes.push(filePath);
      continue;
    }
    const bytes = Buffer.from(content);
    if (sameBytes(bytes, snapshot.bytes)) continue;
    let target = filePath;
    try {
      target = await resolveRealPath(filePath);
      createdDirectories.push(...(await makeDirectories(path.dirname(target))));
      const mode = snapshot.bytes === null ? null : (await stat(target)).mode & 0o7777;
      const staged = sideName(target, 'tandem-patch');
      writes.push({ path: filePath, target, staged, snapshot, mode });
      await writeFile(staged, bytes, { flag: 'wx' });
      if (mode !== null) await chmod(staged, mode);
    } catch (error) {
      await discardStaged(writes, createdDirectories);
      return { ok: false, error: `Failed to write ${filePath}: ${describe(error)}; no file was changed` };
    }
  }

  const renamed: StagedWrite[] = [];
  const setAside: StagedDelete[] = [];
  try {
    for (const write of writes) {
      await rename(write.staged, write.target);
      renamed.push(write);
    }
    for (const filePath of deletes) {
      const aside = sideName(filePath, 'tandem-deleted');
      await rename(filePath, aside);
      setAside.push({ path: filePath, aside });
    }
  } catch (error) {
    const failures = await rollBack(renamed, setAside);
    await discardStaged(
      writes.filter((write) => !renamed.includes(write)),
      createdDirectories,
    );
    const outcome =
      failures.length === 0
        ? 'every file was put back as it was'
        : `and putting these back failed too: ${failures.join('; ')}`;
    return { ok: false, error: `Failed to apply the patch: ${describe(error)}; ${outcome}` };
  }

  for (const { aside } of setAside) await unlink(aside).catch(() => undefined);
  return { ok: true, summary: successSummary(plan) };
}

async function discardStaged(writes: readonly StagedWrite[], createdDirectories: readonly string[]): Promise<void> {
  for (const write of writes) await unlink(write.staged).catch(() => undefined);
  // Innermost first; a directory something else has since written into is left alone.
  for (const directory of [...createdDirectories].reverse()) await rmdir(directory).catch(() => undefined);
}

/** Undoes renames already made, newest first; returns what could not be restored. */
async function rollBack(renamed: readonly StagedWrite[], setAside: readonly StagedDelete[]): Promise<string[]> {
  const failures: string[] = [];
  for (const { path: filePath, aside } of [...setAside].reverse()) {
    await rename(aside, filePath).catch((error: unknown) => failures.push(`${filePath}: ${describe(error)}`));
  }
  for (const write of [...renamed].reverse()) {
    try {
      if (write.snapshot.bytes === null) {
        await unlink(write.target);
      } else {
        const restore = sideName(write.target, 'tandem-restore');
        await writeFile(restore, write.snapshot.bytes, { flag: 'wx' });
        if (write.mode !== null) await chmod(restore, write.mode);
        await rename(restore, write.target);
      }
    } catch (error) {
      failures.push(`${write.path}: ${describe(error)}`);
    }
  }
  return failures;
}
