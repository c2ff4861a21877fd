import { describe, expect, it } from 'vitest';
import { fileChangeDiffs, foldContext, parseUnifiedDiff, type DiffHunk } from './fileDiffs.js';

const TURN_DIFF = `diff --git a/src/a.ts b/src/a.ts
index 1111111..2222222 100644
--- a/src/a.ts
+++ b/src/a.ts
@@ -1,3 +1,3 @@
 const a = 1;
-const b = 2;
+const b = 3;
 export { a, b };
diff --git a/new.md b/new.md
new file mode 100644
index 0000000..3333333
--- /dev/null
+++ b/new.md
@@ -0,0 +1,2 @@
+# New
+text
diff --git a/old.txt b/old.txt
deleted file mode 100644
index 4444444..0000000
--- a/old.txt
+++ /dev/null
@@ -1 +0,0 @@
-gone
diff --git a/logo.png b/logo.png
index 5555555..6666666 100644
Binary files a/logo.png and b/logo.png differ
`;

describe('a turn diff', () => {
  it('is one entry per file, with its status and counts, and none of the git header lines among its rows', () => {
    const files = parseUnifiedDiff(TURN_DIFF);
    expect(files.map((file) => [file.path, file.status, file.added, file.removed])).toEqual([
      ['src/a.ts', 'modified', 1, 1],
      ['new.md', 'added', 2, 0],
      ['old.txt', 'deleted', 0, 1],
      ['logo.png', 'binary', 0, 0],
    ]);
    const rows = files.flatMap((file) => file.hunks.flatMap((hunk) => hunk.rows.map((row) => row.text)));
    expect(rows.some((text) => /^(diff --git|index |new file mode|--- |\+\+\+ )/.test(text))).toBe(false);
  });

  it('numbers the lines on each side', () => {
    const [file] = parseUnifiedDiff(TURN_DIFF);
    expect(file?.hunks[0]?.rows).toEqual([
      { kind: 'context', text: 'const a = 1;', oldLine: 1, newLine: 1 },
      { kind: 'delete', text: 'const b = 2;', oldLine: 2, newLine: null },
      { kind: 'add', text: 'const b = 3;', oldLine: null, newLine: 2 },
      { kind: 'context', text: 'export { a, b };', oldLine: 3, newLine: 3 },
    ]);
  });

  it('shows a move as a rename from its old name', () => {
    const moved = 'diff --git a/x.ts b/y.ts\nsimilarity index 90%\nrename from x.ts\nrename to y.ts\n--- a/x.ts\n+++ b/y.ts\n@@ -1 +1 @@\n-a\n+b\n';
    expect(parseUnifiedDiff(moved)).toMatchObject([{ path: 'y.ts', oldPath: 'x.ts', status: 'renamed', added: 1, removed: 1 }]);
  });

  it('is empty for no text', () => {
    expect(parseUnifiedDiff('')).toEqual([]);
  });
});

describe('a patch', () => {
  it('shows added and deleted files whole, updates by their hunks, and a move as a rename', () => {
    const files = fileChangeDiffs({
      'a.txt': { type: 'add', content: 'one\ntwo\n' },
      'b.txt': { type: 'delete', content: 'old\n' },
      'c.txt': { type: 'update', unified_diff: '@@ -1 +1 @@\n-x\n+y\n', move_path: 'd.txt' },
    });
    expect(files.map((file) => [file.path, file.oldPath, file.status, file.added, file.removed])).toEqual([
      ['a.txt', null, 'added', 2, 0],
      ['b.txt', null, 'deleted', 0, 1],
      ['d.txt', 'c.txt', 'renamed', 1, 1],
    ]);
    expect(files[0]?.hunks[0]?.rows.map((row) => row.newLine)).toEqual([1, 2]);
  });
});

describe('folding unchanged lines', () => {
  const context = (n: number, from: number) => Array.from({ length: n }, (_, i) => ({ kind: 'context' as const, text: `same ${from + i}`, oldLine: from + i, newLine: from + i }));
  it('folds a long run between changes, keeping three lines each side', () => {
    const hunk: DiffHunk = {
      oldStart: 1,
      newStart: 1,
      rows: [{ kind: 'add', text: 'new', oldLine: null, newLine: 1 }, ...context(20, 1), { kind: 'delete', text: 'old', oldLine: 21, newLine: null }],
    };
    const pieces = foldContext(hunk, 'f');
    expect(pieces.map((piece) => [piece.kind, piece.rows.length])).toEqual([
      ['rows', 4],
      ['fold', 14],
      ['rows', 4],
    ]);
  });
  it('leaves a short run alone', () => {
    const hunk: DiffHunk = { oldStart: 1, newStart: 1, rows: [{ kind: 'add', text: 'new', oldLine: null, newLine: 1 }, ...context(6, 1)] };
    expect(foldContext(hunk, 'f').map((piece) => piece.kind)).toEqual(['rows']);
  });
});
