import { describe, expect, it } from 'vitest';
import { LIVE_BATCH_CHARS, LIVE_BURST_CHARS, LiveOutput, MAX_LIVE_DELTAS } from './live-output.js';
import type { OutputStream } from './request.js';

function recorder() {
  const deltas: Array<{ stream: OutputStream; chunk: string }> = [];
  const live = new LiveOutput((stream, chunk) => deltas.push({ stream, chunk }));
  return { deltas, live };
}

describe('LiveOutput', () => {
  it('batches small chunks that arrive together into one delta', async () => {
    const { deltas, live } = recorder();
    for (let i = 0; i < 100; i++) live.push('stdout', `line ${i}\n`);
    expect(deltas).toHaveLength(0);
    await new Promise((r) => setTimeout(r, 50));
    expect(deltas).toHaveLength(1);
    expect(deltas[0]?.chunk.split('\n')).toHaveLength(101);
  });

  it('sends a batch as soon as it is large', () => {
    const { deltas, live } = recorder();
    live.push('stdout', 'x'.repeat(LIVE_BATCH_CHARS));
    expect(deltas).toEqual([{ stream: 'stdout', chunk: 'x'.repeat(LIVE_BATCH_CHARS) }]);
  });

  it('keeps the order across streams', () => {
    const { deltas, live } = recorder();
    live.push('stdout', 'a');
    live.push('stdout', 'b');
    live.push('stderr', 'c');
    live.push('stdout', 'd');
    live.flush();
    expect(deltas).toEqual([
      { stream: 'stdout', chunk: 'ab' },
      { stream: 'stderr', chunk: 'c' },
      { stream: 'stdout', chunk: 'd' },
    ]);
  });

  it(`stops after ${MAX_LIVE_DELTAS} deltas`, () => {
    const deltas: string[] = [];
    // A second passes between pushes, so the rate budget never runs dry and only the count stops it.
    let clock = 0;
    const live = new LiveOutput((_stream, chunk) => deltas.push(chunk), () => (clock += 1000));
    const chunk = 'y'.repeat(LIVE_BATCH_CHARS);
    for (let i = 0; i < MAX_LIVE_DELTAS + 500; i++) live.push(i % 2 ? 'stdout' : 'stderr', chunk);
    live.flush();
    expect(deltas).toHaveLength(MAX_LIVE_DELTAS);
    expect(live.wantsText()).toBe(false);
  });

  it('shows a flood up to its burst, then says how much it left out and samples as the budget refills', () => {
    const deltas: string[] = [];
    let clock = 0;
    const live = new LiveOutput((_stream, chunk) => deltas.push(chunk), () => clock);
    const chunk = 'z'.repeat(LIVE_BATCH_CHARS);
    const burstChunks = LIVE_BURST_CHARS / LIVE_BATCH_CHARS;
    for (let i = 0; i < burstChunks + 100; i++) live.push('stdout', chunk);
    live.skip(5 * 1024 * 1024);
    expect(live.wantsText()).toBe(false);
    expect(deltas.join('')).toBe(chunk.repeat(burstChunks));

    clock += 1000;
    expect(live.wantsText()).toBe(true);
    live.push('stdout', 'later\n');
    live.flush();
    const shown = deltas.slice(burstChunks).join('');
    expect(shown).toBe(`\n[… about 5.8 MB of output not shown live …]\nlater\n`);
  });

  it('says at the end when the tail of the output was left out', () => {
    const deltas: string[] = [];
    const live = new LiveOutput((_stream, chunk) => deltas.push(chunk), () => 0);
    live.push('stdout', 'y'.repeat(LIVE_BURST_CHARS));
    live.push('stdout', 'y'.repeat(3000));
    live.end();
    expect(deltas.at(-1)).toBe('\n[… about 3 KB of output not shown live …]\n');
  });
});

