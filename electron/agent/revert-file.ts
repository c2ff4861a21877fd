import { lstat, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { applyPatch, parsePatch, reversePatch, type StructuredPatch } from 'diff';
import { fileUnder } from '../snapshot/index.js';

/** A file's name as a git-style diff gives it: `b/src/a.ts` is `src/a.ts`; /dev/null is no file. */
function diffName(name: string | undefined): string | null {
  if (name === undefined || name === '/dev/null') return null;
  return name.replace(/^[ab]\//, '');
}

/** The name a patch of a diff goes by: its new name, or the old one for a deleted file. */
export function patchPath(patch: StructuredPatch): string | null {
  return diffName(patch.newFileName) ?? diffName(patch.oldFileName);
}

/** The part of a turn's unified diff about one file (by the name the diff gives it), or null when it has none. */
export function filePatch(unifiedDiff: string, file: string): StructuredPatch | null {
  return parsePatch(unifiedDiff).find((patch) => patchPath(patch) === file) ?? null;
}

async function readOrNull(file: string): Promise<string | null> {
  try {
    return await readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
}

/**
 * Puts a file back as it was before a turn, from the turn's own diff of it (which was made from the contents
 * its patches replaced): the diff is applied the other way round. Used where no snapshot exists (outside git).
 * Throws a plain Error when the file has changed since in a way the diff no longer fits.
 */
export async function revertFromDiff(root: string, patch: StructuredPatch): Promise<'restored' | 'removed'> {
  const file = patchPath(patch);
  if (file === null) throw new Error('The change names no file.');
  if (patch.isBinary) throw new Error(`${file} is a binary file, which cannot be put back from the turn's changes.`);
  const target = fileUnder(root, file);
  const now = (await readOrNull(target)) ?? '';
  const before = applyPatch(now, reversePatch(patch));
  if (before === false) {
    throw new Error(`${file} has changed since that turn, so its changes can no longer be taken out one by one. Undo the later turns first, or edit it by hand.`);
  }
  const created = diffName(patch.oldFileName) === null;
  if (created) {
    await rm(target, { force: true });
    return 'removed';
  }
  await mkdir(path.dirname(target), { recursive: true });
  const mode = await lstat(target).then((stat) => stat.mode & 0o777, () => undefined);
  await writeFile(target, before, mode === undefined ? undefined : { mode });
  return 'restored';
}

/** What the model reads in its next input: which file the person put back, and that its own view is stale. */
export function revertedFileNote(file: string, request: string | null): string {
  const turn = request ? ` (the turn that began with the request "${request.length > 120 ? `${request.slice(0, 117)}...` : request}")` : '';
  return [
    '<reverted_file>',
    `The person reverted ${file} to how it was before one of your earlier turns${turn}: the changes you made to it in that turn are gone.`,
    'Read the file again before you rely on its contents or change it.',
    '</reverted_file>',
  ].join('\n');
}
