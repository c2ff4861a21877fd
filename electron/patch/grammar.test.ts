import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { APPLY_PATCH_TOOL_DESCRIPTION } from './description.js';
import { APPLY_PATCH_GRAMMAR } from './grammar.js';
import { parsePatch } from './parse.js';

const MARKERS = ['*** Begin Patch', '*** End Patch', '*** Add File: ', '*** Delete File: ', '*** Update File: ', '*** Move to: ', '*** End of File', '@@'];

const WELL_FORMED = [
  '*** Begin Patch\n*** Add File: a.txt\n+hi\n+\n*** Update File: b.py\n*** Move to: c.py\n@@ def f():\n     x = 1\n-    y\n+    z\n@@\n-last\n+LAST\n*** End of File\n*** Delete File: d\n*** End Patch\n',
  '*** Begin Patch\n*** Update File: b.py\n keep\n-old\n+new\n@@ class A\n@@ def m\n-a\n+b\n*** End Patch',
];

const MALFORMED = [
  '*** Begin Patch\n*** End Patch\n',
  '*** Begin Patch\n*** Update File: b.py\n*** End Patch\n',
  '*** Begin Patch\n*** Add File: a\nno plus\n*** End Patch\n',
  '*** Begin Patch\n*** Update File: b.py\n-x\n*** End of File\n-y\n*** End Patch\n',
];

/** A Python with Lark installed (Debian's python3-lark), to check the grammar with a real Lark parser. */
function pythonWithLark(): string | null {
  for (const python of ['python3', '/usr/bin/python3']) {
    const probe = spawnSync(python, ['-c', 'import lark'], { stdio: 'ignore' });
    if (probe.status === 0) return python;
  }
  return null;
}

const LARK_CHECK = `
import json, sys, lark
job = json.load(sys.stdin)
parser = lark.Lark(job["grammar"], start="start")
def accepts(text):
    try:
        parser.parse(text)
        return True
    except lark.exceptions.LarkError:
        return False
print(json.dumps([accepts(text) for text in job["patches"]]))
`;

describe('APPLY_PATCH_GRAMMAR', () => {
  it('is a grammar over the patch markers', () => {
    expect(APPLY_PATCH_GRAMMAR.length).toBeGreaterThan(0);
    expect(APPLY_PATCH_GRAMMAR).toMatch(/^start:/);
    for (const marker of MARKERS) expect(APPLY_PATCH_GRAMMAR).toContain(marker);
  });

  it('agrees with parsePatch on what is well formed', () => {
    for (const patch of WELL_FORMED) expect(parsePatch(patch).ok).toBe(true);
    for (const patch of MALFORMED) expect(parsePatch(patch).ok).toBe(false);
  });

  const python = pythonWithLark();
  it.skipIf(python === null)('is accepted by Lark, which parses exactly the well-formed patches', () => {
    const run = spawnSync(python!, ['-c', LARK_CHECK], {
      input: JSON.stringify({ grammar: APPLY_PATCH_GRAMMAR, patches: [...WELL_FORMED, ...MALFORMED] }),
      encoding: 'utf8',
    });
    expect(run.stderr).toBe('');
    expect(JSON.parse(run.stdout)).toEqual([...WELL_FORMED.map(() => true), ...MALFORMED.map(() => false)]);
  });
});

describe('APPLY_PATCH_TOOL_DESCRIPTION', () => {
  it('explains the markers, and its example is a patch that parses', () => {
    for (const marker of MARKERS) expect(APPLY_PATCH_TOOL_DESCRIPTION).toContain(marker.trim());
    const example = /\*\*\* Begin Patch\n[\s\S]*?\n\*\*\* End Patch/.exec(APPLY_PATCH_TOOL_DESCRIPTION);
    expect(example).not.toBeNull();
    expect(parsePatch(example![0]).ok).toBe(true);
  });
});
