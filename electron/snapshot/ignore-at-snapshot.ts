import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runGit, runGitForBytes, splitNul } from './git.js';

interface IgnoreFile {
  path: string;
  oid: string;
}

async function ignoreFilesOf(repoRoot: string, commit: string): Promise<IgnoreFile[]> {
  const listing = await runGit(['ls-tree', '-r', '-z', commit], { cwd: repoRoot });
  const files: IgnoreFile[] = [];
  for (const entry of splitNul(listing.stdout)) {
    const tab = entry.indexOf('\t');
    const [mode, type, oid] = entry.slice(0, tab).split(' ');
    const filePath = entry.slice(tab + 1);
    // git reads no .gitignore through a symbolic link, so neither do we.
    if (type === 'blob' && mode !== '120000' && oid !== undefined && path.posix.basename(filePath) === '.gitignore') {
      files.push({ path: filePath, oid });
    }
  }
  return files;
}

async function readBlobs(repoRoot: string, oids: readonly string[]): Promise<Buffer[]> {
  const output = await runGitForBytes(['cat-file', '--batch'], { cwd: repoRoot, input: `${oids.join('\n')}\n` });
  const blobs: Buffer[] = [];
  let offset = 0;
  for (let i = 0; i < oids.length; i += 1) {
    const headerEnd = output.indexOf(0x0a, offset);
    const size = Number(output.subarray(offset, headerEnd).toString('latin1').split(' ')[2]);
    if (headerEnd < 0 || !Number.isInteger(size)) throw new Error('git cat-file gave an unexpected answer.');
    blobs.push(output.subarray(headerEnd + 1, headerEnd + 1 + size));
    offset = headerEnd + 1 + size + 1;
  }
  return blobs;
}

/**
 * Which of `paths` the snapshot's own .gitignore files (with the repository's info/exclude and the
 * user's global excludes) ignore. A file ignored at snapshot time is not in the snapshot; if a turn
 * then un-ignores it, it looks "created since" but is not, and undo must not delete it (a .env, a
 * local database). git reads ignore rules only from a work tree, so the snapshot's .gitignore files
 * are written to a scratch work tree and asked about there.
 */
export async function ignoredUnderSnapshotRules(repoRoot: string, commit: string, paths: readonly string[]): Promise<Set<string>> {
  if (paths.length === 0) return new Set();
  const ignoreFiles = await ignoreFilesOf(repoRoot, commit);
  // With no .gitignore in the snapshot its rules are the repository-wide ones, which already passed `paths`.
  if (ignoreFiles.length === 0) return new Set();
  const contents = await readBlobs(repoRoot, ignoreFiles.map((file) => file.oid));
  const gitDir = (await runGit(['rev-parse', '--absolute-git-dir'], { cwd: repoRoot })).stdout.replace(/\r?\n$/, '');
  const scratch = await mkdtemp(path.join(tmpdir(), 'tandem-snapshot-rules-'));
  try {
    await Promise.all(
      ignoreFiles.map(async (file, i) => {
        const target = path.join(scratch, ...file.path.split('/'));
        await mkdir(path.dirname(target), { recursive: true });
        await writeFile(target, contents[i] ?? '');
      }),
    );
    const answer = await runGit(['check-ignore', '--no-index', '-z', '--stdin'], {
      cwd: scratch,
      env: { GIT_DIR: gitDir, GIT_WORK_TREE: scratch },
      input: `${paths.join('\0')}\0`,
      acceptExitCodes: [1],
    });
    return new Set(splitNul(answer.stdout));
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}
