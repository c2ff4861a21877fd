import { describe, expect, it } from 'vitest';
import type { ChunkLine } from './hunk.js';
import { parsePatch } from './parse.js';

const context = (text: string): ChunkLine => ({ kind: 'context', text });
const removed = (text: string): ChunkLine => ({ kind: 'removed', text });
const added = (text: string): ChunkLine => ({ kind: 'added', text });

function hunksOf(text: string) {
  const result = parsePatch(text);
  if (!result.ok) throw new Error(`expected the patch to parse, got: ${result.error}`);
  return result.hunks;
}

function errorOf(text: string): string {
  const result = parsePatch(text);
  if (result.ok) throw new Error('expected a parse error');
  return result.error;
}

describe('parsePatch', () => {
  it('reads add, delete and update operations with a move and several changes', () => {
    const hunks = hunksOf(
      [
        '*** Begin Patch',
        '*** Add File: docs/new.md',
        '+# Title',
        '+',
        '+body',
        '*** Delete File: old.txt',
        '*** Update File: src/a.py',
        '*** Move to: src/b.py',
        '@@ def f():',
        '     x = 1',
        '-    return x',
        '+    return x + 1',
        '@@',
        '-tail',
        '+TAIL',
        '*** End of File',
        '*** End Patch',
      ].join('\n'),
    );
    expect(hunks).toEqual([
      { type: 'add', path: 'docs/new.md', contents: '# Title\n\nbody\n' },
      { type: 'delete', path: 'old.txt' },
      {
        type: 'update',
        path: 'src/a.py',
        movePath: 'src/b.py',
        chunks: [
          { anchors: ['def f():'], lines: [context('    x = 1'), removed('    return x'), added('    return x + 1')], isEndOfFile: false },
          { anchors: [], lines: [removed('tail'), added('TAIL')], isEndOfFile: true },
        ],
      },
    ]);
  });

  it('lets the first change of a file leave out its @@ line', () => {
    const [hunk] = hunksOf('*** Begin Patch\n*** Update File: a.py\n import os\n+import sys\n*** End Patch');
    expect(hunk).toEqual({
      type: 'update',
      path: 'a.py',
      movePath: null,
      chunks: [{ anchors: [], lines: [context('import os'), added('import sys')], isEndOfFile: false }],
    });
  });

  it('takes several @@ anchors in a row and reads a git-style hunk header as its trailing text', () => {
    const [hunk] = hunksOf(
      '*** Begin Patch\n*** Update File: a.py\n@@ class A\n@@ def m(self):\n-a\n+b\n@@ -10,3 +10,3 @@ def n(self):\n-c\n+d\n@@ -1 +1 @@\n-e\n+f\n*** End Patch',
    );
    expect(hunk?.type === 'update' && hunk.chunks.map((chunk) => chunk.anchors)).toEqual([['class A', 'def m(self):'], ['def n(self):'], []]);
  });

  it('is lenient where a slip has only one reading', () => {
    const padded = '\n\n  *** Begin Patch  \r\n  *** Update File: a.txt\r\n@@\r\n one\r\n\r\n-two\r\n+2\r\n\r\n*** Delete File: b.txt\r\n *** End Patch \n\n';
    expect(hunksOf(padded)).toEqual([
      { type: 'update', path: 'a.txt', movePath: null, chunks: [{ anchors: [], lines: [context('one'), context(''), removed('two'), added('2'), context('')], isEndOfFile: false }] },
      { type: 'delete', path: 'b.txt' },
    ]);
    // An empty line of a new file written without its "+".
    expect(hunksOf('*** Begin Patch\n*** Add File: a.txt\n+one\n\n+three\n\n*** End Patch')).toEqual([
      { type: 'add', path: 'a.txt', contents: 'one\n\nthree\n' },
    ]);
  });

  it('unwraps a patch still inside its heredoc or code fence', () => {
    const body = '*** Begin Patch\n*** Add File: a.txt\n+hi\n*** End Patch';
    const expected = [{ type: 'add', path: 'a.txt', contents: 'hi\n' }];
    expect(hunksOf(`<<'EOF'\n${body}\nEOF\n`)).toEqual(expected);
    expect(hunksOf(`<<EOF\n${body}\nEOF`)).toEqual(expected);
    expect(hunksOf(`apply_patch <<"PATCH"\n${body}\nPATCH`)).toEqual(expected);
    expect(hunksOf(`\`\`\`diff\n${body}\n\`\`\``)).toEqual(expected);
    // A terminator that does not match its opener is not a heredoc.
    expect(errorOf(`<<'EOF'\n${body}\nEND`)).toBe("Invalid patch at line 1: the first line must be '*** Begin Patch', got '<<'EOF''");
  });

  describe('an environment ID', () => {
    const expected = [{ type: 'add', path: 'hello.txt', contents: 'hi\n' }];

    it('is accepted and ignored on the line after *** Begin Patch', () => {
      expect(hunksOf('*** Begin Patch\n*** Environment ID: remote-123\n*** Add File: hello.txt\n+hi\n*** End Patch')).toEqual(expected);
      expect(hunksOf('*** Begin Patch\r\n  *** Environment ID:local  \r\n\r\n*** Add File: hello.txt\r\n+hi\r\n*** End Patch\r\n')).toEqual(expected);
      expect(hunksOf("<<'EOF'\n*** Begin Patch\n*** Environment ID: remote-123\n*** Add File: hello.txt\n+hi\n*** End Patch\nEOF")).toEqual(expected);
    });

    it('must name an environment', () => {
      expect(errorOf('*** Begin Patch\n*** Environment ID:   \n*** Add File: hello.txt\n+hi\n*** End Patch')).toBe(
        "Invalid patch at line 2: '*** Environment ID:' must be followed by an environment ID",
      );
    });

    it('is taken only once, and only before the first file', () => {
      expect(errorOf('*** Begin Patch\n*** Environment ID: a\n*** Environment ID: b\n*** Add File: hello.txt\n+hi\n*** End Patch')).toMatch(
        /^Invalid patch at line 3: '\*\*\* Environment ID: b' is not a file operation/,
      );
      expect(errorOf('*** Begin Patch\n*** Add File: hello.txt\n+hi\n*** Environment ID: a\n*** End Patch')).toMatch(
        /^Invalid patch at line 4: '\*\*\* Environment ID: a' is not a file operation/,
      );
      // Before the envelope it is not part of the patch at all, as in Codex.
      expect(errorOf('*** Environment ID: a\n*** Begin Patch\n*** Add File: hello.txt\n+hi\n*** End Patch')).toMatch(
        /^Invalid patch at line 1: the first line must be '\*\*\* Begin Patch'/,
      );
    });

    it('does not count as a file operation', () => {
      expect(errorOf('*** Begin Patch\n*** Environment ID: remote-123\n*** End Patch')).toMatch(/^Invalid patch: no files were modified/);
    });
  });

  it('requires the envelope', () => {
    expect(errorOf('')).toBe("Invalid patch: the patch is empty; it must start with '*** Begin Patch'");
    expect(errorOf('*** Add File: a\n+x\n*** End Patch')).toBe(
      "Invalid patch at line 1: the first line must be '*** Begin Patch', got '*** Add File: a'",
    );
    expect(errorOf('*** Begin Patch\n*** Add File: a\n+x')).toBe("Invalid patch at line 3: the last line must be '*** End Patch', got '+x'");
    expect(errorOf('*** Begin Patch\n*** End Patch')).toMatch(/^Invalid patch: no files were modified/);
  });

  it('names the line of a malformed operation, counted in the text as sent', () => {
    expect(errorOf('\n*** Begin Patch\n*** Add File: a\n+x\n*** Rename File: b\n*** End Patch')).toBe(
      "Invalid patch at line 5: '*** Rename File: b' is not a file operation; expected '*** Add File: PATH', '*** Delete File: PATH' or '*** Update File: PATH'",
    );
    expect(errorOf('*** Begin Patch\n*** Update File: a.py\n*** End Patch')).toBe("Invalid patch at line 2: '*** Update File: a.py' has no changes");
    expect(errorOf('*** Begin Patch\n*** Update File: a.py\nfoo\n*** End Patch')).toBe(
      "Invalid patch at line 3: unexpected line in the changes to a.py: 'foo'. Each line of a change starts with ' ' (context), '-' (removed) or '+' (added)",
    );
    expect(errorOf('*** Begin Patch\n*** Update File: a.py\n@@\n-a\n+b\nstray\n*** End Patch')).toBe(
      "Invalid patch at line 6: expected '@@' to start the next change to a.py, got 'stray'",
    );
    expect(errorOf('*** Begin Patch\n*** Update File: a.py\n@@ def f\n*** End Patch')).toBe('Invalid patch at line 3: the change to a.py starting here has no lines');
    expect(errorOf('*** Begin Patch\n*** Delete File:   \n*** End Patch')).toBe("Invalid patch at line 2: '*** Delete File:' must be followed by a file path");
  });
});
