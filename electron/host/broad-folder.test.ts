import { describe, expect, it } from 'vitest';
import { mkdir, symlink } from 'node:fs/promises';
import path from 'node:path';
import { useCleanups } from '../../test-support/cleanups.js';
import { BroadFolderError, broadFolderOf, checkFolderBreadth, describeBroadFolder } from './broad-folder.js';

const { tempDir } = useCleanups();

/** A home folder of the test's own, two levels down a temporary folder: /tmp/x/people/you. */
async function fakeHome(): Promise<{ root: string; people: string; home: string }> {
  const root = await tempDir('tandem-broad-folder-');
  const people = path.join(root, 'people');
  const home = path.join(people, 'you');
  await mkdir(path.join(home, 'projects', 'app'), { recursive: true });
  return { root, people, home };
}

describe('broadFolderOf', () => {
  it('names /, the home folder and every folder that holds it', async () => {
    const { root, people, home } = await fakeHome();
    expect(await broadFolderOf('/', home)).toMatchObject({ kind: 'root', realFolder: '/' });
    expect(await broadFolderOf(home, home)).toEqual({ kind: 'home', folder: home, realFolder: home, home });
    expect(await broadFolderOf(people, home)).toMatchObject({ kind: 'holds-home', realFolder: people, home });
    expect(await broadFolderOf(root, home)).toMatchObject({ kind: 'holds-home', realFolder: root });
    expect(await broadFolderOf(`${home}/projects/..`, home)).toMatchObject({ kind: 'home' });
  });

  it('leaves alone folders inside the home folder and beside it', async () => {
    const { people, home } = await fakeHome();
    await mkdir(path.join(people, 'yo'));
    await mkdir(path.join(people, 'you-too'));
    expect(await broadFolderOf(path.join(home, 'projects'), home)).toBeNull();
    expect(await broadFolderOf(path.join(home, 'projects', 'app'), home)).toBeNull();
    // A name that starts like the home folder's, or like a folder above it, is not above it.
    expect(await broadFolderOf(path.join(people, 'yo'), home)).toBeNull();
    expect(await broadFolderOf(path.join(people, 'you-too'), home)).toBeNull();
  });

  it('follows symlinks on both sides', async () => {
    const { root, home } = await fakeHome();
    const linkToHome = path.join(root, 'link-to-home');
    await symlink(home, linkToHome);
    expect(await broadFolderOf(linkToHome, home)).toEqual({ kind: 'home', folder: linkToHome, realFolder: home, home });
    // HOME itself given through a link: the real folder is still the home folder.
    expect(await broadFolderOf(home, linkToHome)).toMatchObject({ kind: 'home', home });
    // A link into a project inside the home folder is as fine as the project.
    const linkToProject = path.join(root, 'link-to-app');
    await symlink(path.join(home, 'projects', 'app'), linkToProject);
    expect(await broadFolderOf(linkToProject, home)).toBeNull();
  });

  it('says what opening the folder means, naming where a link leads', async () => {
    const { root, people, home } = await fakeHome();
    const linkToHome = path.join(root, 'link-to-home');
    await symlink(home, linkToHome);
    expect(describeBroadFolder((await broadFolderOf(home, home))!)).toBe(
      `${home} is your home folder. Tandem's commands will be able to change every file under ${home}, your settings and other projects included.`,
    );
    expect(describeBroadFolder((await broadFolderOf(people, home))!)).toBe(
      `${people} holds your home folder, ${home}. Tandem's commands will be able to change every file under ${people}, your settings and other projects included.`,
    );
    expect(describeBroadFolder((await broadFolderOf(linkToHome, home))!)).toContain(`${linkToHome} (which leads to ${home}) is your home folder.`);
    expect(describeBroadFolder((await broadFolderOf('/', home))!)).toMatch(/^\/ is the top of the whole file system\. Tandem's commands will be able to change every file you can change/);
  });
});

describe('checkFolderBreadth', () => {
  it('refuses a broad folder with the broad_folder code unless it is allowed or the sandbox is read-only', async () => {
    const { people, home } = await fakeHome();
    const refusal = checkFolderBreadth(home, { sandboxPolicy: { mode: 'workspace-write' }, allowed: false, homeDir: home });
    await expect(refusal).rejects.toBeInstanceOf(BroadFolderError);
    await expect(refusal).rejects.toMatchObject({ code: 'broad_folder', broad: { kind: 'home' } });
    await expect(checkFolderBreadth(people, { sandboxPolicy: { mode: 'danger-full-access' }, allowed: false, homeDir: home })).rejects.toMatchObject({ code: 'broad_folder' });
    await expect(checkFolderBreadth('/', { sandboxPolicy: { mode: 'workspace-write' }, allowed: false, homeDir: home })).rejects.toMatchObject({ code: 'broad_folder' });

    await expect(checkFolderBreadth(home, { sandboxPolicy: { mode: 'workspace-write' }, allowed: true, homeDir: home })).resolves.toBeUndefined();
    await expect(checkFolderBreadth(home, { sandboxPolicy: { mode: 'read-only' }, allowed: false, homeDir: home })).resolves.toBeUndefined();
    await expect(checkFolderBreadth(path.join(home, 'projects', 'app'), { sandboxPolicy: { mode: 'workspace-write' }, allowed: false, homeDir: home })).resolves.toBeUndefined();
  });
});
