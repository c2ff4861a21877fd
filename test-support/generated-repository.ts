import { execFileSync } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';

/**
 * Fills `root` with a git repository of `count` empty files, `pkgN/src/moduleM.ts`, 200 to a folder, all
 * added to the index (not committed: a commit of 50,000 files costs seconds and tells a listing nothing).
 * Written a folder at a time, so that no more than 200 files are open at once.
 */
export async function generateRepository(root: string, count: number): Promise<string[]> {
  const names: string[] = [];
  for (let d = 0; names.length < count; d++) {
    const folder = path.join(root, `pkg${d}`, 'src');
    await mkdir(folder, { recursive: true });
    const batch: string[] = [];
    for (let f = 0; f < 200 && names.length < count; f++) {
      const name = `pkg${d}/src/module${f}.ts`;
      names.push(name);
      batch.push(name);
    }
    await Promise.all(batch.map((name) => writeFile(path.join(root, name), '')));
  }
  execFileSync('git', ['init', '-q'], { cwd: root, stdio: 'ignore' });
  execFileSync('git', ['add', '.'], { cwd: root, stdio: 'ignore' });
  return names;
}
