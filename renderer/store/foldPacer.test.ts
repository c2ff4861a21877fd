import { describe, expect, it } from 'vitest';
import { pacedFolds, type PacerClock } from './foldPacer.js';

/** A clock the test moves by hand, with the timers that fall due as it does. */
function manualClock() {
  let time = 0;
  let timers: { at: number; callback: () => void }[] = [];
  const clock: PacerClock = {
    now: () => time,
    setTimer: (callback, ms) => void timers.push({ at: time + ms, callback }),
  };
  return {
    clock,
    advance(ms: number) {
      time += ms;
      const due = timers.filter((timer) => timer.at <= time);
      timers = timers.filter((timer) => timer.at > time);
      for (const timer of due) timer.callback();
    },
    get pending() {
      return timers.length;
    },
  };
}

describe('pacedFolds', () => {
  it('folds in at once when the last fold was long enough ago', () => {
    const { clock, advance } = manualClock();
    const schedule = pacedFolds(4, clock);
    const folds: string[] = [];
    schedule(() => folds.push('first'));
    expect(folds).toEqual(['first']);
    advance(10);
    schedule(() => folds.push('second'));
    expect(folds).toEqual(['first', 'second']);
  });

  it('folds what arrives sooner once the gap has passed, in one fold', () => {
    const manual = manualClock();
    const schedule = pacedFolds(4, manual.clock);
    const folds: string[] = [];
    schedule(() => folds.push('a'));
    manual.advance(1);
    schedule(() => folds.push('b'));
    schedule(() => folds.push('c'));
    expect(folds).toEqual(['a']);
    expect(manual.pending).toBe(1);
    manual.advance(2);
    expect(folds).toEqual(['a']);
    manual.advance(1);
    // The latest flush stands for all that waited: each one folds in every pending event.
    expect(folds).toEqual(['a', 'c']);
  });

  it('keeps the gap after a delayed fold too', () => {
    const manual = manualClock();
    const schedule = pacedFolds(4, manual.clock);
    const folds: string[] = [];
    schedule(() => folds.push('1'));
    manual.advance(1);
    schedule(() => folds.push('2'));
    manual.advance(3);
    expect(folds).toEqual(['1', '2']);
    manual.advance(1);
    schedule(() => folds.push('3'));
    expect(folds).toEqual(['1', '2']);
    manual.advance(3);
    expect(folds).toEqual(['1', '2', '3']);
    expect(manual.pending).toBe(0);
  });
});
