import { afterEach, describe, expect, it } from 'vitest';
import { mkdir, mkdtemp, readFile, realpath, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { MAX_RECENT_PROJECTS, RecentProjects } from './recent-projects.js';

let root = '';
afterEach(async () => {
  if (root) await rm(root, { recursive: true, force: true });
  root = '';
});

async function folders(count: number): Promise<string[]> {
  root = await realpath(await mkdtemp(path.join(os.tmpdir(), 'tandem-recent-')));
  const made: string[] = [];
  for (let i = 0; i < count; i++) {
    const folder = path.join(root, `project-${i}`);
    await mkdir(folder);
    made.push(folder);
  }
  return made;
}

describe('RecentProjects', () => {
  it('lists the most recent first, once each, at most ten', async () => {
    const projects = await folders(12);
    const recent = new RecentProjects(path.join(root, 'home'));
    expect(await recent.list()).toEqual([]);
    for (const folder of projects) await recent.remember(folder);
    await recent.remember(projects[3]!);
    const listed = await recent.list();
    expect(listed).toHaveLength(MAX_RECENT_PROJECTS);
    expect(listed[0]).toBe(projects[3]);
    expect(listed[1]).toBe(projects[11]);
    expect(new Set(listed).size).toBe(listed.length);
    expect(JSON.parse(await readFile(recent.file, 'utf8'))).toEqual({ projects: listed });
  });

  it('keeps every folder when several are remembered at once', async () => {
    const projects = await folders(5);
    const recent = new RecentProjects(path.join(root, 'home'));
    await Promise.all(projects.map((folder) => recent.remember(folder)));
    expect([...(await recent.list())].sort()).toEqual([...projects].sort());
  });

  it('leaves out folders that are gone, and starts over from a damaged file', async () => {
    const [kept, gone] = await folders(2);
    const recent = new RecentProjects(path.join(root, 'home'));
    await recent.remember(gone!);
    await recent.remember(kept!);
    await rm(gone!, { recursive: true });
    expect(await recent.list()).toEqual([kept]);

    await writeFile(recent.file, '{ not json');
    expect(await recent.list()).toEqual([]);
    await recent.remember(kept!);
    expect(await recent.list()).toEqual([kept]);
  });
});
