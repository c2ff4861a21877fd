import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';

export const PROJECT_DOC_MAX_BYTES = 32 * 1024;

async function readIfFile(file: string): Promise<string | null> {
  try {
    return await readFile(file, 'utf8');
  } catch {
    return null;
  }
}

async function exists(file: string): Promise<boolean> {
  try {
    await stat(file);
    return true;
  } catch {
    return false;
  }
}

/** The folders from the repository root (the nearest ancestor holding .git) down to cwd; just cwd outside git. */
async function foldersFromRoot(cwd: string): Promise<string[]> {
  const chain: string[] = [];
  let dir = path.resolve(cwd);
  for (;;) {
    chain.push(dir);
    if (await exists(path.join(dir, '.git'))) return chain.reverse();
    const parent = path.dirname(dir);
    if (parent === dir) return [path.resolve(cwd)];
    dir = parent;
  }
}

/**
 * Project instructions: the global AGENTS.md in TANDEM_HOME, then each folder's AGENTS.override.md or else
 * AGENTS.md from the repository root down to cwd, joined by blank lines and capped at 32 KiB.
 */
export async function loadProjectInstructions(cwd: string, home: string | null): Promise<string | null> {
  const parts: string[] = [];
  if (home) {
    const global = (await readIfFile(path.join(home, 'AGENTS.override.md'))) ?? (await readIfFile(path.join(home, 'AGENTS.md')));
    if (global?.trim()) parts.push(global.trim());
  }
  for (const dir of await foldersFromRoot(cwd)) {
    const doc = (await readIfFile(path.join(dir, 'AGENTS.override.md'))) ?? (await readIfFile(path.join(dir, 'AGENTS.md')));
    if (doc?.trim()) parts.push(doc.trim());
  }
  if (parts.length === 0) return null;
  const joined = Buffer.from(parts.join('\n\n'), 'utf8');
  if (joined.length <= PROJECT_DOC_MAX_BYTES) return joined.toString('utf8');
  let end = PROJECT_DOC_MAX_BYTES;
  while (end > 0 && (joined[end]! & 0xc0) === 0x80) end--;
  return joined.subarray(0, end).toString('utf8');
}
