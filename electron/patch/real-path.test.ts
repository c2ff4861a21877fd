import { mkdir, mkdtemp, realpath, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isPathWithinRoots, resolveRealPath } from './real-path.js';

let base: string;
let project: string;
let outside: string;

beforeEach(async () => {
  base = await realpath(await mkdtemp(path.join(tmpdir(), 'tandem-roots-')));
  project = path.join(base, 'project');
  outside = path.join(base, 'outside');
  await mkdir(path.join(project, 'src'), { recursive: true });
  await mkdir(outside);
  await writeFile(path.join(outside, 'secret.txt'), 'secret');
});

afterEach(async () => {
  await rm(base, { recursive: true, force: true });
});

describe('isPathWithinRoots', () => {
  it('accepts paths inside a root, existing or not', async () => {
    expect(await isPathWithinRoots(path.join(project, 'src', 'a.ts'), [project])).toBe(true);
    expect(await isPathWithinRoots(path.join(project, 'new', 'dir', 'b.ts'), [project])).toBe(true);
    expect(await isPathWithinRoots(`${project}/src/../c.ts`, [project])).toBe(true);
    expect(await isPathWithinRoots(project, [project])).toBe(true);
  });

  it('rejects escapes by .., by an absolute path and by a relative path', async () => {
    expect(await isPathWithinRoots(`${project}/../outside/secret.txt`, [project])).toBe(false);
    expect(await isPathWithinRoots(`${project}/src/../../project-sibling`, [project])).toBe(false);
    expect(await isPathWithinRoots('/etc/passwd', [project])).toBe(false);
    expect(await isPathWithinRoots('src/a.ts', [project])).toBe(false);
    // A sibling whose name merely starts with the root's name is outside.
    expect(await isPathWithinRoots(`${project}-other/a.ts`, [project])).toBe(false);
  });

  it('follows symlinks inside the project, so one pointing outside counts as outside', async () => {
    await symlink(outside, path.join(project, 'link-dir'));
    await symlink(path.join(outside, 'secret.txt'), path.join(project, 'link-file'));
    await symlink(path.join(outside, 'not-yet.txt'), path.join(project, 'dangling'));
    await symlink('../../outside', path.join(project, 'src', 'relative-link'));
    expect(await isPathWithinRoots(path.join(project, 'link-dir', 'secret.txt'), [project])).toBe(false);
    expect(await isPathWithinRoots(path.join(project, 'link-dir', 'new.txt'), [project])).toBe(false);
    expect(await isPathWithinRoots(path.join(project, 'link-file'), [project])).toBe(false);
    expect(await isPathWithinRoots(path.join(project, 'dangling'), [project])).toBe(false);
    expect(await isPathWithinRoots(path.join(project, 'src', 'relative-link', 'x'), [project])).toBe(false);
    // `..` after a link is taken from where the link leads, as the kernel does (path.join would drop both).
    await mkdir(path.join(outside, 'deeper'));
    await symlink(path.join(outside, 'deeper'), path.join(project, 'deep-link'));
    expect(await isPathWithinRoots(`${project}/deep-link/../secret.txt`, [project])).toBe(false);
  });

  it('accepts a symlink that stays inside, and resolves the roots themselves', async () => {
    await symlink(path.join(project, 'src'), path.join(project, 'src-link'));
    expect(await isPathWithinRoots(path.join(project, 'src-link', 'a.ts'), [project])).toBe(true);
    const rootLink = path.join(base, 'project-link');
    await symlink(project, rootLink);
    expect(await isPathWithinRoots(path.join(project, 'src', 'a.ts'), [rootLink])).toBe(true);
    expect(await isPathWithinRoots(path.join(rootLink, 'src', 'a.ts'), [project])).toBe(true);
    expect(await isPathWithinRoots(path.join(outside, 'secret.txt'), [project, outside])).toBe(true);
  });

  it('treats a symlink loop as outside', async () => {
    await symlink(path.join(project, 'loop-b'), path.join(project, 'loop-a'));
    await symlink(path.join(project, 'loop-a'), path.join(project, 'loop-b'));
    expect(await isPathWithinRoots(path.join(project, 'loop-a', 'x'), [project])).toBe(false);
    await expect(resolveRealPath(path.join(project, 'loop-a'))).rejects.toThrow(/too many levels of symbolic links/);
  });
});
