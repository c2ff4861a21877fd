import { mkdir, mkdtemp, readdir, readFile, realpath, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { applyPlan } from './apply.js';
import { parsePatch } from './parse.js';
import { patchPaths, planPatch, type PlanPatchResult } from './plan.js';

let project: string;

beforeEach(async () => {
  project = await realpath(await mkdtemp(path.join(tmpdir(), 'tandem-plan-')));
});

afterEach(async () => {
  await rm(project, { recursive: true, force: true });
});

async function writeTree(files: Record<string, string | Uint8Array>): Promise<void> {
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

async function plan(patchText: string): Promise<PlanPatchResult> {
  const parsed = parsePatch(patchText);
  if (!parsed.ok) throw new Error(parsed.error);
  return planPatch(parsed.hunks, project);
}

async function applyText(patchText: string): Promise<void> {
  const planned = await plan(patchText);
  if (!planned.ok) throw new Error(planned.error);
  const applied = await applyPlan(planned.plan);
  if (!applied.ok) throw new Error(applied.error);
}

function patch(...body: string[]): string {
  return ['*** Begin Patch', ...body, '*** End Patch'].join('\n');
}

describe('planPatch matching levels, applied to real files', () => {
  it('matches exactly', async () => {
    await writeTree({ 'a.txt': 'one\ntwo\nthree\n' });
    await applyText(patch('*** Update File: a.txt', '@@', ' one', '-two', '+2', ' three'));
    expect(await readTree()).toEqual({ 'a.txt': 'one\n2\nthree\n' });
  });

  it('matches ignoring trailing whitespace', async () => {
    await writeTree({ 'a.txt': 'one  \ntwo\t\nthree\n' });
    await applyText(patch('*** Update File: a.txt', '@@', ' one', '-two', '+2'));
    // The context line keeps its own trailing spaces; only the changed line is rewritten.
    expect(await readTree()).toEqual({ 'a.txt': 'one  \n2\nthree\n' });
  });

  it('matches ignoring surrounding whitespace', async () => {
    await writeTree({ 'a.py': 'def f():\n    if x:\n        return 1\n' });
    await applyText(patch('*** Update File: a.py', '@@ def f():', ' if x:', '-return 1', '+        return 2'));
    expect(await readTree()).toEqual({ 'a.py': 'def f():\n    if x:\n        return 2\n' });
  });

  it('matches with typographic punctuation normalised', async () => {
    await writeTree({ 'a.md': 'Title \u2014 \u201Cquoted\u201D\u00A0text\nnext\n' });
    await applyText(patch('*** Update File: a.md', '@@', '-Title - "quoted" text', '+Title: quoted text', ' next'));
    expect(await readTree()).toEqual({ 'a.md': 'Title: quoted text\nnext\n' });
  });
});

describe('planPatch', () => {
  it('reports a change it cannot find and leaves every file as it was, even ones added earlier in the patch', async () => {
    await writeTree({ 'a.txt': 'alpha\n', 'b.txt': 'beta\n' });
    const before = await readTree();
    const result = await plan(
      patch('*** Add File: new.txt', '+fresh', '*** Update File: a.txt', '-alpha', '+ALPHA', '*** Update File: b.txt', '@@', ' beta', '-gamma', '+GAMMA'),
    );
    expect(result).toEqual({ ok: false, error: 'Failed to find expected lines in b.txt:\nbeta\ngamma' });
    expect(await readTree()).toEqual(before);
  });

  it('refuses to delete a missing file and changes nothing', async () => {
    await writeTree({ 'keep.txt': 'keep\n' });
    const result = await plan(patch('*** Add File: a.txt', '+a', '*** Delete File: missing.txt'));
    expect(result).toEqual({ ok: false, error: 'Failed to delete missing.txt: no such file' });
    expect(await readTree()).toEqual({ 'keep.txt': 'keep\n' });
  });

  it('refuses to update a missing file, a directory or a file that is not UTF-8 text', async () => {
    await writeTree({ 'dir/inside.txt': 'x\n', 'image.bin': new Uint8Array([0xff, 0xfe, 0x00, 0x80]) });
    expect(await plan(patch('*** Update File: nope.txt', '@@', '-a', '+b'))).toEqual({
      ok: false,
      error: 'Failed to read file to update nope.txt: no such file',
    });
    expect(await plan(patch('*** Update File: dir', '@@', '-a', '+b'))).toEqual({
      ok: false,
      error: 'Failed to read file to update dir: it is a directory',
    });
    expect(await plan(patch('*** Update File: image.bin', '@@', '-a', '+b'))).toEqual({
      ok: false,
      error: 'Failed to read file to update image.bin: it is not UTF-8 text',
    });
    expect(await plan(patch('*** Delete File: dir'))).toEqual({ ok: false, error: 'Failed to delete dir: it is a directory' });
  });

  it('lets later operations see earlier ones on the same path', async () => {
    await applyText(patch('*** Add File: a.txt', '+one', '+two', '*** Update File: a.txt', '@@', '-two', '+2'));
    expect(await readTree()).toEqual({ 'a.txt': 'one\n2\n' });
    const deletedTwice = await plan(patch('*** Delete File: a.txt', '*** Delete File: a.txt'));
    expect(deletedTwice).toEqual({ ok: false, error: 'Failed to delete a.txt: no such file' });
  });

  it('resolves paths against cwd and lists every path it touches, move destinations included', async () => {
    await writeTree({ 'src/a.txt': 'a\n', 'gone.txt': 'g\n' });
    const result = await plan(
      patch('*** Update File: src/a.txt', '*** Move to: lib/a.txt', '@@', '-a', '+A', '*** Delete File: gone.txt', '*** Add File: /tmp/../tmp/x.txt', '+x'),
    );
    if (!result.ok) throw new Error(result.error);
    expect(patchPaths(result.plan)).toEqual([
      path.join(project, 'src/a.txt'),
      path.join(project, 'lib/a.txt'),
      path.join(project, 'gone.txt'),
      '/tmp/x.txt',
    ]);
    expect(result.plan.files.map((change) => [change.kind, change.oldContent, change.newContent])).toEqual([
      ['update', 'a\n', 'A\n'],
      ['delete', 'g\n', null],
      ['add', null, 'x\n'],
    ]);
  });
});
