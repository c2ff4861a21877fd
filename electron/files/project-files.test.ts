import { execFileSync } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { useCleanups } from '../../test-support/cleanups.js';
import { generateRepository } from '../../test-support/generated-repository.js';
import { ProjectFileIndex, FILE_LIST_FRESH_MS } from './project-file-index.js';
import { listProjectFiles } from './project-files.js';

const { tempDir } = useCleanups();

async function write(root: string, files: Record<string, string>): Promise<void> {
  for (const [name, text] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(root, name)), { recursive: true });
    await writeFile(path.join(root, name), text);
  }
}

function git(cwd: string, ...args: string[]): void {
  execFileSync('git', ['-c', 'user.email=t@example.com', '-c', 'user.name=t', ...args], { cwd, stdio: 'ignore' });
}

describe('the files of a project', () => {
  it('in git: tracked and untracked files, never ignored ones, relative to a subfolder session', async () => {
    const repo = await tempDir('tandem-files-git-');
    await write(repo, {
      '.gitignore': 'secret.env\nlogs/\n',
      'src/app.ts': '',
      'src/new.ts': '',
      'src/secret.env': '',
      'logs/today.log': '',
      'README.md': '',
    });
    git(repo, 'init', '-q');
    git(repo, 'add', '.gitignore', 'src/app.ts', 'README.md');
    git(repo, 'commit', '-qm', 'first');
    const whole = await listProjectFiles(repo);
    expect(whole.source).toBe('git');
    expect(whole.paths.sort()).toEqual(['.gitignore', 'README.md', 'src/app.ts', 'src/new.ts']);
    expect((await listProjectFiles(path.join(repo, 'src'))).paths.sort()).toEqual(['app.ts', 'new.ts']);
  });

  it('outside git: a walk that honours .gitignore files at every level and skips node_modules', async () => {
    const folder = await tempDir('tandem-files-walk-');
    await write(folder, {
      '.gitignore': '*.log\n/build-output/\n',
      'a.txt': '',
      'debug.log': '',
      'build-output/x.js': '',
      'node_modules/pkg/index.js': '',
      'lib/.gitignore': 'generated.ts\n',
      'lib/generated.ts': '',
      'lib/kept.ts': '',
      'lib/deep/trace.log': '',
    });
    const listed = await listProjectFiles(folder);
    expect(listed.source).toBe('walk');
    expect(listed.paths.sort()).toEqual(['.gitignore', 'a.txt', 'lib/.gitignore', 'lib/kept.ts']);
  });

  // How fast: the big-repo benchmark's list_files rows (bench/big-repo.mjs), not a timed assertion here.
  it('answers later queries over a 50,000-file repository from the kept list, and sees new files after a while', async () => {
    const repo = await tempDir('tandem-files-big-');
    await generateRepository(repo, 50_000);
    let clock = 0;
    let listings = 0;
    const countedList: typeof listProjectFiles = (cwd) => {
      listings += 1;
      return listProjectFiles(cwd);
    };
    const index = new ProjectFileIndex(repo, countedList, () => clock);
    const first = await index.query('pkg17 module42', 20);
    expect(first.total).toBe(50_000);
    expect(first.paths[0]).toBe('pkg17/src/module42.ts');
    const again = await index.query('p17mod199', 20);
    expect(again.paths[0]).toBe('pkg17/src/module199.ts');
    expect(listings).toBe(1);

    await writeFile(path.join(repo, 'brand-new-file.md'), '');
    expect((await index.query('brandnew', 5)).paths).toEqual([]);
    clock += FILE_LIST_FRESH_MS + 1;
    expect((await index.query('brandnew', 5)).paths).toEqual([]); // answered from the kept list, which is made again behind it
    await expect.poll(async () => (await index.query('brandnew', 5)).paths, { timeout: 30_000 }).toEqual(['brand-new-file.md']);
  }, 120_000);

  it('warms up: one listing made before anyone asks, which the first query waits for rather than making another', async () => {
    const repo = await tempDir('tandem-files-warm-');
    await write(repo, { 'a.ts': '', 'lib/b.ts': '' });
    git(repo, 'init', '-q');
    let listings = 0;
    const index = new ProjectFileIndex(repo, (cwd) => {
      listings += 1;
      return listProjectFiles(cwd);
    });
    index.warmUp(10);
    index.warmUp(10);
    expect(listings).toBe(1);
    // Asked while the listing is still being made: the answer comes from it.
    expect(await index.query('', 10)).toEqual({ paths: ['a.ts', 'lib/b.ts'], matched: 2, total: 2, truncated: false });
    index.warmUp(10);
    expect((await index.query('lb', 10)).paths).toEqual(['lib/b.ts']);
    expect(listings).toBe(1);
  });

  it('makes a warmed-up list again for the first query when it is old by then: files may have come since the session opened', async () => {
    const repo = await tempDir('tandem-files-warm-old-');
    await write(repo, { 'a.ts': '' });
    git(repo, 'init', '-q');
    let clock = 0;
    const listed: Array<Promise<unknown>> = [];
    const index = new ProjectFileIndex(
      repo,
      (cwd) => {
        const listing = listProjectFiles(cwd);
        listed.push(listing);
        return listing;
      },
      () => clock,
    );
    index.warmUp(10);
    await listed[0];
    // The listing is kept once its paths are prepared, a few microtasks after git answered.
    await new Promise((resolve) => setImmediate(resolve));
    // Files arrive after the session opened (a clone, the agent's first turn), and the first @ comes a while later.
    await write(repo, { 'cloned/deep/module.ts': '' });
    clock += FILE_LIST_FRESH_MS + 1;
    const first = await index.query('cdmod', 5);
    expect(first.paths).toEqual(['cloned/deep/module.ts']);
    expect(first.total).toBe(2);
    expect(listed).toHaveLength(2);
  });
});
