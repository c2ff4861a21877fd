import { describe, expect, it } from 'vitest';
import { Readable } from 'node:stream';
import { readBoundedLines, type InputLine } from './bounded-lines.js';

async function linesOf(chunks: (string | Buffer)[], maxBytes = 16): Promise<InputLine[]> {
  const read: InputLine[] = [];
  for await (const line of readBoundedLines(Readable.from(chunks, { objectMode: true }), maxBytes)) read.push(line);
  return read;
}

describe('readBoundedLines', () => {
  it('splits on \\n and \\r\\n across chunk boundaries, numbering every line, empty ones too', async () => {
    expect(await linesOf(['one\ntw', 'o\r', '\n\nthr', 'ee\n', 'four'])).toEqual([
      { kind: 'line', number: 1, text: 'one' },
      { kind: 'line', number: 2, text: 'two' },
      { kind: 'line', number: 3, text: '' },
      { kind: 'line', number: 4, text: 'three' },
      { kind: 'line', number: 5, text: 'four' },
    ]);
    expect(await linesOf(['a\n'])).toEqual([{ kind: 'line', number: 1, text: 'a' }]);
    expect(await linesOf([])).toEqual([]);
  });

  it('keeps a character whose UTF-8 bytes arrive in two chunks whole', async () => {
    const euro = Buffer.from('€\n', 'utf8');
    expect(await linesOf([euro.subarray(0, 1), euro.subarray(1)])).toEqual([{ kind: 'line', number: 1, text: '€' }]);
  });

  it('takes a line of exactly the cap, and reports a longer one by number and size without keeping it', async () => {
    const exactly = 'x'.repeat(16);
    expect(await linesOf([`${exactly}\n`])).toEqual([{ kind: 'line', number: 1, text: exactly }]);
    const read = await linesOf(['ok\n', 'y'.repeat(10), 'y'.repeat(10), 'y'.repeat(1000), `y\nafter\n`, 'z'.repeat(17)]);
    expect(read).toEqual([
      { kind: 'line', number: 1, text: 'ok' },
      { kind: 'too_long', number: 2, bytes: 1021 },
      { kind: 'line', number: 3, text: 'after' },
      { kind: 'too_long', number: 4, bytes: 17 },
    ]);
  });

  it('drops a line over the cap that arrives in one chunk with others around it', async () => {
    expect(await linesOf([`a\n${'b'.repeat(40)}\nc\n`])).toEqual([
      { kind: 'line', number: 1, text: 'a' },
      { kind: 'too_long', number: 2, bytes: 40 },
      { kind: 'line', number: 3, text: 'c' },
    ]);
  });
});
