import { describe, expect, it } from 'vitest';
import { framePacedScheduler } from './framePacer.js';

/** Frames that come when the test says so. */
function manualFrames() {
  let callbacks: (() => void)[] = [];
  return {
    request: (callback: () => void) => void callbacks.push(callback),
    frame() {
      const due = callbacks;
      callbacks = [];
      for (const callback of due) callback();
    },
    get requested() {
      return callbacks.length;
    },
  };
}

describe('framePacedScheduler', () => {
  it('folds in at once when nothing was folded in since the last frame', () => {
    const frames = manualFrames();
    const schedule = framePacedScheduler(frames.request);
    const folds: string[] = [];
    schedule(() => folds.push('first'));
    expect(folds).toEqual(['first']);
  });

  it('holds what arrives after that until the next frame, once', () => {
    const frames = manualFrames();
    const schedule = framePacedScheduler(frames.request);
    const folds: string[] = [];
    schedule(() => folds.push('a'));
    schedule(() => folds.push('b'));
    schedule(() => folds.push('c'));
    expect(folds).toEqual(['a']);
    frames.frame();
    // The latest flush stands for all that waited: each one folds in every pending event.
    expect(folds).toEqual(['a', 'c']);
  });

  it('folds in at once again after a frame, whether or not that frame had something to fold in', () => {
    const frames = manualFrames();
    const schedule = framePacedScheduler(frames.request);
    const folds: string[] = [];
    schedule(() => folds.push('1'));
    schedule(() => folds.push('2'));
    frames.frame();
    // No frame is asked for after a fold inside one: a frame with nothing changed would come late.
    expect(frames.requested).toBe(0);
    schedule(() => folds.push('3'));
    expect(folds).toEqual(['1', '2', '3']);
    frames.frame();
    expect(frames.requested).toBe(0);
    schedule(() => folds.push('4'));
    expect(folds).toEqual(['1', '2', '3', '4']);
  });
});
