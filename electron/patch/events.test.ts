import { mkdir, mkdtemp, realpath, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FileChanges } from '../../shared/protocol/index.js';
import { changesForEvent } from './events.js';
import { parsePatch } from './parse.js';
import type { PatchPlan } from './plan-types.js';
import { planPatch } from './plan.js';

let base: string;
let project: string;

beforeEach(async () => {
  base = await realpath(await mkdtemp(path.join(tmpdir(), 'tandem-events-')));
  project = path.join(base, 'project');
  await mkdir(path.join(project, 'src'), { recursive: true });
});

afterEach(async () => {
  await rm(base, { recursive: true, force: true });
});

async function planOf(...body: string[]): Promise<PatchPlan> {
  const parsed = parsePatch(['*** Begin Patch', ...body, '*** End Patch'].join('\n'));
  if (!parsed.ok) throw new Error(parsed.error);
  const planned = await planPatch(parsed.hunks, project);
  if (!planned.ok) throw new Error(planned.error);
  return planned.plan;
}

describe('changesForEvent', () => {
  it('describes adds, deletes and updates, keyed relative to cwd inside it and absolute outside', async () => {
    await writeFile(path.join(project, 'src/a.txt'), 'one\ntwo\nthree\nfour\nfive\nsix\nseven\n');
    await writeFile(path.join(project, 'gone.txt'), 'old\n');
    await writeFile(path.join(base, 'outside.txt'), 'x\n');
    const plan = await planOf(
      '*** Add File: new.txt',
      '+hello',
      '*** Update File: src/a.txt',
      '@@',
      '-two',
      '+TWO',
      '@@',
      '-six',
      '+SIX',
      '*** Delete File: gone.txt',
      '*** Update File: ../outside.txt',
      '-x',
      '+y',
    );
    const changes = changesForEvent(plan, project);
    expect(changes).toEqual({
      'new.txt': { type: 'add', content: 'hello\n' },
      'src/a.txt': {
        type: 'update',
        unified_diff: '@@ -1,3 +1,3 @@\n one\n-two\n+TWO\n three\n@@ -5,3 +5,3 @@\n five\n-six\n+SIX\n seven\n',
        move_path: null,
      },
      'gone.txt': { type: 'delete', content: 'old\n' },
      [path.join(base, 'outside.txt')]: { type: 'update', unified_diff: '@@ -1,1 +1,1 @@\n-x\n+y\n', move_path: null },
    });
    expect(FileChanges.safeParse(changes).success).toBe(true);
  });

  it('keys a move by its source and names the destination', async () => {
    await writeFile(path.join(project, 'src/old.txt'), 'same\nold\n');
    const plan = await planOf('*** Update File: src/old.txt', '*** Move to: src/new.txt', '@@', ' same', '-old', '+new');
    expect(changesForEvent(plan, project)).toEqual({
      'src/old.txt': { type: 'update', unified_diff: '@@ -1,2 +1,2 @@\n same\n-old\n+new\n', move_path: 'src/new.txt' },
    });
  });

  it('shows the net change of a path the patch touches more than once', async () => {
    await writeFile(path.join(project, 'twice.txt'), 'a\nb\n');
    const plan = await planOf(
      '*** Add File: made.txt',
      '+first',
      '*** Update File: made.txt',
      '-first',
      '+second',
      '*** Update File: twice.txt',
      '-a',
      '+A',
      '*** Update File: twice.txt',
      '-b',
      '+B',
    );
    expect(changesForEvent(plan, project)).toEqual({
      'made.txt': { type: 'add', content: 'second\n' },
      'twice.txt': { type: 'update', unified_diff: '@@ -1,2 +1,2 @@\n-a\n-b\n+A\n+B\n', move_path: null },
    });
  });
});
