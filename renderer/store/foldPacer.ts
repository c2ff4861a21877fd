/** What the pacer needs of the clock and timers; tests pass their own. */
export interface PacerClock {
  now(): number;
  setTimer(callback: () => void, ms: number): void;
}

const realClock: PacerClock = {
  now: () => performance.now(),
  setTimer: (callback, ms) => void setTimeout(callback, ms),
};

/** The least time between two folds: a fast stream is folded in at most 250 times a second. */
export const MIN_FOLD_GAP_MS = 4;

/**
 * When to fold arrived events into the view: at once when the last fold was at least `minGapMs` ago, and
 * otherwise once that much time has passed, together with whatever else arrived meanwhile.
 *
 * Folds happen in tasks of their own, between frames, never inside a frame's callbacks: the browser starts
 * a frame at once for a page that has changed, but a frame that was asked for while nothing had changed
 * yet (as after a fold made inside the previous frame's callbacks, whose change that frame already drew)
 * waits for the next tick of the display's clock, up to 16 ms, and every change made meanwhile waits with
 * it. A fold costs well under a millisecond (the reducer and one row's render), so a few more folds than
 * frames cost less than a frame's wait.
 */
export function pacedFolds(minGapMs = MIN_FOLD_GAP_MS, clock: PacerClock = realClock): (flush: () => void) => void {
  let lastFoldAt = -Infinity;
  let timerSet = false;
  let waiting: (() => void) | null = null;

  const fold = (flush: () => void) => {
    lastFoldAt = clock.now();
    flush();
  };

  return (flush) => {
    const sinceLast = clock.now() - lastFoldAt;
    if (!timerSet && sinceLast >= minGapMs) {
      fold(flush);
      return;
    }
    waiting = flush;
    if (timerSet) return;
    timerSet = true;
    clock.setTimer(() => {
      timerSet = false;
      const next = waiting;
      waiting = null;
      if (next) fold(next);
    }, Math.max(0, minGapMs - sinceLast));
  };
}
