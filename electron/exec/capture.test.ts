import { describe, expect, it } from 'vitest';
import { CAPTURE_CAP_BYTES, CAPTURE_TAIL_BYTES, CapturedOutput, truncateUtf8 } from './capture.js';
import type { OutputStream } from './request.js';

describe('truncateUtf8', () => {
  it('never splits a character', () => {
    expect(truncateUtf8('aé€', 1)).toBe('a');
    expect(truncateUtf8('aé€', 2)).toBe('a');
    expect(truncateUtf8('aé€', 3)).toBe('aé');
    expect(truncateUtf8('aé€', 5)).toBe('aé');
    expect(truncateUtf8('aé€', 6)).toBe('aé€');
  });
});

describe('CapturedOutput', () => {
  it('joins characters split across chunks of one stream, never across streams', () => {
    const output = new CapturedOutput();
    const euro = Buffer.from('€');
    output.push('stdout', euro.subarray(0, 1));
    output.push('stderr', Buffer.from('e'));
    output.push('stdout', euro.subarray(1));
    const text = output.finish();
    expect(text).toMatchObject({ stdout: '€', stderr: 'e', aggregated: 'e€' });
  });

  it('keeps the first MiB of a stream, then its tail, and counts what passed the cap', () => {
    const output = new CapturedOutput();
    output.push('stdout', Buffer.alloc(CAPTURE_CAP_BYTES - 1, 'a'));
    output.push('stdout', Buffer.from('€€'));
    const text = output.finish();
    // The euro sign straddling the cap is not half-kept; the tail starts at the next whole character.
    expect(text.stdout).toBe(`${'a'.repeat(CAPTURE_CAP_BYTES - 1)}€`);
    expect(text.droppedBytes).toBe(5);
    expect(text.aggregated).toBe(text.stdout);
  });

  it('caps the interleaved head too, while each stream keeps its own MiB', () => {
    const output = new CapturedOutput();
    output.push('stdout', Buffer.alloc(CAPTURE_CAP_BYTES - 2, 'o'));
    output.push('stderr', Buffer.from('eeee'));
    const text = output.finish();
    expect(text.stderr).toBe('eeee');
    // What the interleaved head has no room for goes to its tail, so nothing is lost here.
    expect(text.aggregated).toBe(`${'o'.repeat(CAPTURE_CAP_BYTES - 2)}eeee`);
    expect(text.droppedBytes).toBe(0);
  });

  it('hands the sink everything, past the cap too, while it wants text', () => {
    const seen: Array<[OutputStream, string]> = [];
    const output = new CapturedOutput({ wantsText: () => true, push: (stream, text) => seen.push([stream, text]) });
    output.push('stdout', Buffer.alloc(CAPTURE_CAP_BYTES, 'a'));
    output.push('stdout', Buffer.from('more'));
    output.finish();
    expect(seen.map(([, text]) => text).join('')).toBe(`${'a'.repeat(CAPTURE_CAP_BYTES)}more`);
  });

  it('stops decoding for a sink that has had enough', () => {
    let pushes = 0;
    const output = new CapturedOutput({ wantsText: () => false, push: () => pushes++ });
    output.push('stderr', Buffer.from('ignored by the sink'));
    expect(output.finish().stderr).toBe('ignored by the sink');
    expect(pushes).toBe(0);
  });
});

describe('CapturedOutput past the cap', () => {
  it('keeps the end of a flood after its first MiB, says how much is missing, and counts every line', () => {
    const output = new CapturedOutput();
    const line = Buffer.from('0123456789abcdef\n');
    const lines = 200_000; // 3.4 MB
    const block = Buffer.concat(Array.from({ length: 1_000 }, () => line));
    for (let i = 0; i < lines / 1_000; i++) output.push('stdout', block);
    output.push('stdout', Buffer.from('the very last line\n'));
    const text = output.finish();
    expect(text.lines).toBe(lines + 1);
    expect(text.stdout.startsWith('0123456789abcdef\n')).toBe(true);
    expect(text.stdout.endsWith('0123456789abcdef\nthe very last line\n')).toBe(true);
    expect(text.stdout).toMatch(/\n\[… \d+ bytes of output omitted …\]\n/);
    expect(text.aggregated.endsWith('the very last line\n')).toBe(true);
    expect(Buffer.byteLength(text.stdout)).toBeLessThan(CAPTURE_CAP_BYTES + CAPTURE_TAIL_BYTES + 100);
  });

  it('keeps everything when the overflow fits in the tail, with no gap', () => {
    const output = new CapturedOutput();
    output.push('stdout', Buffer.alloc(CAPTURE_CAP_BYTES, 'a'));
    output.push('stdout', Buffer.from('end'));
    const text = output.finish();
    expect(text.stdout).toBe(`${'a'.repeat(CAPTURE_CAP_BYTES)}end`);
    expect(text.lines).toBe(1);
  });

  it('does not start the tail in the middle of a character', () => {
    const output = new CapturedOutput();
    output.push('stdout', Buffer.alloc(CAPTURE_CAP_BYTES, 'a'));
    for (let i = 0; i < 200_000; i++) output.push('stdout', Buffer.from('€'));
    const text = output.finish();
    expect(text.stdout).not.toContain('\uFFFD');
    expect(text.stdout.endsWith('€€€')).toBe(true);
  });
});

