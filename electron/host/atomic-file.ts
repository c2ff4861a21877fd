import { randomBytes } from 'node:crypto';
import { chmod, mkdir, open, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { PRIVATE_DIR_MODE, PRIVATE_FILE_MODE } from '../home/private-home.js';

/**
 * Replaces a file's contents all at once (a temporary file beside it, then a rename), so a crash or a
 * concurrent reader never sees half a file. `mode` applies from the first byte: a secret is never readable
 * by others, not even briefly. Every file here is in TANDEM_HOME, so private by default (see private-home.ts).
 */
export async function writeFileAtomically(file: string, contents: string | Uint8Array, mode = PRIVATE_FILE_MODE): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true, mode: PRIVATE_DIR_MODE });
  const temporary = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    const handle = await open(temporary, 'wx', mode);
    try {
      await handle.writeFile(contents);
      await handle.sync();
    } finally {
      await handle.close();
    }
    // The umask may have narrowed the mode at creation; never widened it, but set it exactly.
    await chmod(temporary, mode);
    await rename(temporary, file);
  } catch (err) {
    await rm(temporary, { force: true });
    throw err;
  }
}
