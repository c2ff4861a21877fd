import { describe, expect, it } from 'vitest';
import { CAPTURE_CAP_BYTES, CapturedOutput, truncateUtf8 } from './capture.js';
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

  it('keeps the first MiB of a stream and counts what it drops', () => {
    const output = new CapturedOutput();
    output.push('stdout', Buffer.alloc(CAPTURE_CAP_BYTES - 1, 'a'));
    output.push('stdout', Buffer.from('€€'));
    const text = output.finish();
    // The euro sign straddling the cap is not half-kept.
    expect(text.stdout).toBe('a'.repeat(CAPTURE_CAP_BYTES - 1));
    expect(text.droppedBytes).toBe(5);
    expect(text.aggregated).toBe(text.stdout);
  });

  it('caps the interleaved output too, while each stream keeps its own MiB', () => {
    const output = new CapturedOutput();
    output.push('stdout', Buffer.alloc(CAPTURE_CAP_BYTES - 2, 'o'));
    output.push('stderr', Buffer.from('eeee'));
    const text = output.finish();
    expect(text.stderr).toBe('eeee');
    expect(text.aggregated).toBe(`${'o'.repeat(CAPTURE_CAP_BYTES - 2)}ee`);
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
