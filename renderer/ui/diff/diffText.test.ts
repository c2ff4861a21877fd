import { describe, expect, it } from 'vitest';
import { countDiffLines, diffFiles, diffLineKind, fileChangeLines } from './diffText.js';

describe('diff text', () => {
  it('sorts lines by kind', () => {
    expect(['diff --git a/x b/x', '--- a/x', '+++ b/x', '@@ -1 +1 @@', '-old', '+new', ' same'].map(diffLineKind)).toEqual([
      'meta',
      'meta',
      'meta',
      'hunk',
      'delete',
      'add',
      'context',
    ]);
  });

  it('turns added and deleted files into diff lines', () => {
    expect(fileChangeLines({ type: 'add', content: 'a\nb\n' })).toEqual(['+a', '+b']);
    expect(fileChangeLines({ type: 'delete', content: 'gone' })).toEqual(['-gone']);
    expect(fileChangeLines({ type: 'update', unified_diff: '@@ -1 +1 @@\n-a\n+b\n' })).toEqual(['@@ -1 +1 @@', '-a', '+b']);
  });

  it('counts added and deleted lines, not the headers', () => {
    expect(countDiffLines(['--- a/x', '+++ b/x', '-a', '+b', '+c'])).toEqual({ added: 2, deleted: 1 });
  });

  it('names the files of a turn diff', () => {
    const diff = 'diff --git a/src/a.ts b/src/a.ts\n--- a/src/a.ts\n+++ b/src/a.ts\n@@\ndiff --git a/b.md b/b.md\n';
    expect(diffFiles(diff)).toEqual(['src/a.ts', 'b.md']);
  });
});
