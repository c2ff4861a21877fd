import { describe, expect, it } from 'vitest';
import type { UpdateChunk } from './hunk.js';
import { applyChunks } from './update.js';

/** A change written as patch lines: ' ' context, '-' removed, '+' added. */
function chunk(patchLines: string[], extra: Partial<UpdateChunk> = {}): UpdateChunk {
  const kinds = { ' ': 'context', '-': 'removed', '+': 'added' } as const;
  const lines = patchLines.map((line) => ({ kind: kinds[line[0] as ' ' | '-' | '+'], text: line.slice(1) }));
  return { anchors: [], lines, isEndOfFile: false, ...extra };
}

function updated(content: string, chunks: UpdateChunk[]): string {
  const result = applyChunks(content, chunks, 'f.txt');
  if (!result.ok) throw new Error(result.error);
  return result.content;
}

describe('applyChunks', () => {
  it('applies changes in file order, each sought after the previous', () => {
    const content = 'a\nx\nb\nx\nc\n';
    expect(updated(content, [chunk([' b', '-x', '+X2']), chunk(['-c', '+C'])])).toBe('a\nx\nb\nX2\nC\n');
    expect(updated(content, [chunk(['-x', '+X1']), chunk(['-x', '+X2'])])).toBe('a\nX1\nb\nX2\nc\n');
    const result = applyChunks(content, [chunk(['-c', '+C']), chunk(['-a', '+A'])], 'f.txt');
    expect(result).toEqual({ ok: false, error: 'Failed to find expected lines in f.txt:\na' });
  });

  it('seeks anchors in turn and reports one it cannot find', () => {
    const content = 'class A:\n  def m():\n    pass\nclass B:\n  def m():\n    pass\n';
    expect(updated(content, [chunk(['-    pass', '+    return 1'], { anchors: ['class B:', 'def m():'] })])).toBe(
      'class A:\n  def m():\n    pass\nclass B:\n  def m():\n    return 1\n',
    );
    expect(applyChunks(content, [chunk(['-pass', '+x'], { anchors: ['class C:'] })], 'src/f.py')).toEqual({
      ok: false,
      error: "Failed to find context 'class C:' in src/f.py",
    });
  });

  it('appends a change with no old lines to the end of the file', () => {
    expect(updated('one\ntwo', [chunk(['+three'])])).toBe('one\ntwo\nthree\n');
  });

  it('matches an End of File change only at the end', () => {
    expect(updated('x\ny\nx\n', [chunk(['-x', '+z'], { isEndOfFile: true })])).toBe('x\ny\nz\n');
  });

  it('drops trailing empty lines of a change that the file does not have there', () => {
    expect(updated('a\nb\n', [chunk(['-b', '+B', ' ', ' '])])).toBe('a\nB\n');
    expect(applyChunks('a\nb\n', [chunk(['-b', '+B', '-'])], 'f.txt')).toEqual({ ok: false, error: 'Failed to find expected lines in f.txt:\nb\n' });
  });

  it('keeps the file\'s own text for context lines found by a loose match', () => {
    expect(updated('  one\t\n\u201Ctwo\u201D\nthree\n', [chunk([' one', ' "two"', '-three', '+3'])])).toBe('  one\t\n\u201Ctwo\u201D\n3\n');
  });

  it('keeps line endings and a byte order mark, and ends the file with a newline', () => {
    expect(updated('\uFEFFa\r\nb\r\nc', [chunk(['-b', '+B', '+B2'])])).toBe('\uFEFFa\r\nB\r\nB2\r\nc\r\n');
    expect(updated('a\nb\r\nc\n', [chunk(['-c', '+C'])])).toBe('a\nb\r\nC\n');
  });
});
