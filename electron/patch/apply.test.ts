import { execFileSync } from 'node:child_process';
import { chmod, lstat, mkdir, mkdtemp, readdir, readFile, readlink, realpath, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { applyPlan } from './apply.js';
import { parsePatch } from './parse.js';
import type { PatchPlan } from './plan-types.js';
import { planPatch } from './plan.js';

let project: string;

beforeEach(async () => {
  project = await realpath(await mkdtemp(path.join(tmpdir(), 'tandem-apply-')));
});

afterEach(async () => {
  await rm(project, { recursive: true, force: true });
});

async function writeTree(files: Record<string, string>): Promise<void> {
  for (const [name, content] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(project, name)), { recursive: true });
    await writeFile(path.join(project, name), content);
  }
}

/** Every file under the project with its content, hidden ones included, so stray temp files show. */
async function readTree(): Promise<Record<string, string>> {
  const tree: Record<string, string> = {};
  for (const entry of await readdir(project, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const full = path.join(entry.parentPath, entry.name);
    tree[path.relative(project, full)] = await readFile(full, 'utf8');
  }
  return tree;
}

async function planOf(...body: string[]): Promise<PatchPlan> {
  const parsed = parsePatch(['*** Begin Patch', ...body, '*** End Patch'].join('\n'));
  if (!parsed.ok) throw new Error(parsed.error);
  const planned = await planPatch(parsed.hunks, project);
  if (!planned.ok) throw new Error(planned.error);
  return planned.plan;
}

describe('applyPlan', () => {
  it('adds, updates with several changes, moves and deletes, and reports it as Codex does', async () => {
    await writeTree({
      'src/app.py': 'import os\n\ndef one():\n    return 1\n\ndef two():\n    return 2\n',
      'src/old_name.txt': 'keep me\nchange me\n',
      'obsolete.txt': 'bye\n',
    });
    const plan = await planOf(
      '*** Add File: docs/readme.md',
      '+# Readme',
      '+',
      '+Hello.',
      '*** Update File: src/app.py',
      '@@ def one():',
      '-    return 1',
      '+    return 10',
      '@@ def two():',
      '-    return 2',
      '+    return 20',
      '*** Update File: src/old_name.txt',
      '*** Move to: lib/new_name.txt',
      '@@',
      ' keep me',
      '-change me',
      '+changed',
      '*** Delete File: obsolete.txt',
    );
    const result = await applyPlan(plan);
    expect(result).toEqual({
      ok: true,
      summary: 'Success. Updated the following files:\nA docs/readme.md\nM src/app.py\nM lib/new_name.txt\nD obsolete.txt\n',
    });
    expect(await readTree()).toEqual({
      'docs/readme.md': '# Readme\n\nHello.\n',
      'src/app.py': 'import os\n\ndef one():\n    return 10\n\ndef two():\n    return 20\n',
      'lib/new_name.txt': 'keep me\nchanged\n',
    });
  });

  it('writes nothing when a file changed after the patch was planned', async () => {
    await writeTree({ 'a.txt': 'a\n', 'b.txt': 'b\n' });
    const plan = await planOf('*** Add File: c.txt', '+c', '*** Update File: a.txt', '-a', '+A', '*** Update File: b.txt', '-b', '+B');
    await writeFile(path.join(project, 'b.txt'), 'edited by someone else\n');
    const result = await applyPlan(plan);
    expect(result).toEqual({
      ok: false,
      error: `${path.join(project, 'b.txt')} changed on disk after the patch was checked; no file was written`,
    });
    expect(await readTree()).toEqual({ 'a.txt': 'a\n', 'b.txt': 'edited by someone else\n' });

    // A file that appeared where the patch meant to add one counts as a change too.
    const addPlan = await planOf('*** Add File: d.txt', '+d');
    await writeFile(path.join(project, 'd.txt'), 'surprise\n');
    expect(await applyPlan(addPlan)).toMatchObject({ ok: false });
    expect(await readFile(path.join(project, 'd.txt'), 'utf8')).toBe('surprise\n');
  });

  it('changes nothing when a write fails, and leaves no temporary files or new folders behind', async () => {
    await writeTree({ 'a.txt': 'a\n', blocker: 'a file where the patch needs a folder\n' });
    const plan = await planOf('*** Add File: fresh/dir/new.txt', '+new', '*** Update File: a.txt', '-a', '+A', '*** Add File: blocker/inner.txt', '+x');
    const result = await applyPlan(plan);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.error).toMatch(/^Failed to write .*blocker\/inner\.txt: .*; no file was changed$/);
    expect(await readTree()).toEqual({ 'a.txt': 'a\n', blocker: 'a file where the patch needs a folder\n' });
    expect(await readdir(project)).toEqual(expect.not.arrayContaining(['fresh']));
  });

  it('writes through a symlinked file and keeps the link and the file mode', async () => {
    await writeTree({ 'real/script.sh': '#!/bin/sh\necho old\n' });
    await chmod(path.join(project, 'real/script.sh'), 0o755);
    await symlink('real/script.sh', path.join(project, 'linked.sh'));
    const result = await applyPlan(await planOf('*** Update File: linked.sh', '@@', '-echo old', '+echo new'));
    expect(result.ok).toBe(true);
    expect((await lstat(path.join(project, 'linked.sh'))).isSymbolicLink()).toBe(true);
    expect(await readlink(path.join(project, 'linked.sh'))).toBe('real/script.sh');
    expect(await readFile(path.join(project, 'real/script.sh'), 'utf8')).toBe('#!/bin/sh\necho new\n');
    expect((await stat(path.join(project, 'real/script.sh'))).mode & 0o777).toBe(0o755);
  });

  it('keeps CRLF line endings of the lines it does not touch', async () => {
    await writeTree({ 'win.txt': 'one\r\ntwo\r\nthree\r\n' });
    await applyPlan(await planOf('*** Update File: win.txt', '@@', ' one', '-two', '+2', '+2b'));
    expect(await readFile(path.join(project, 'win.txt'), 'utf8')).toBe('one\r\n2\r\n2b\r\nthree\r\n');
  });
});

/** `chattr +i` makes a file that even root cannot rename: a real way to fail midway through writing. */
function canMakeImmutable(): boolean {
  const probe = path.join(tmpdir(), `tandem-chattr-probe-${process.pid}`);
  try {
    execFileSync('touch', [probe]);
    execFileSync('chattr', ['+i', probe], { stdio: 'ignore' });
    execFileSync('chattr', ['-i', probe], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  } finally {
    execFileSync('rm', ['-f', probe]);
  }
}

describe('applyPlan rolling back', () => {
  const immutable: string[] = [];
  afterEach(() => {
    for (const file of immutable.splice(0)) execFileSync('chattr', ['-i', file]);
  });

  it.skipIf(!canMakeImmutable())('puts back every file it already wrote when a later step fails', async () => {
    await writeTree({ 'a.txt': 'a\n', 'moved.txt': 'm\n', 'locked.txt': 'cannot go\n' });
    const plan = await planOf(
      '*** Add File: added/new.txt',
      '+new',
      '*** Update File: a.txt',
      '-a',
      '+A',
      '*** Update File: moved.txt',
      '*** Move to: elsewhere/moved.txt',
      '-m',
      '+M',
      '*** Delete File: locked.txt',
    );
    const locked = path.join(project, 'locked.txt');
    execFileSync('chattr', ['+i', locked]);
    immutable.push(locked);

    const result = await applyPlan(plan);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.error).toMatch(/^Failed to apply the patch: .*; every file was put back as it was$/);
    expect(await readTree()).toEqual({ 'a.txt': 'a\n', 'moved.txt': 'm\n', 'locked.txt': 'cannot go\n' });
    expect((await readdir(project)).sort()).toEqual(['a.txt', 'locked.txt', 'moved.txt']);
  });
});
