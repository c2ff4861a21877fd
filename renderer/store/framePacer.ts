export type FrameRequest = (callback: () => void) => void;

/**
 * When to fold arrived events into the view: at once for the first batch since the last frame, then at the
 * next frame for whatever arrives until it. An event that comes while the page is idle is folded in and
 * rendered in the time before the next frame, which then only paints it, instead of inside that frame's
 * callbacks, where the work would hold up the paint; a fast stream still costs at most two folds a frame.
 */
export function framePacedScheduler(requestFrame: FrameRequest): (flush: () => void) => void {
  let frameRequested = false;
  let waiting: (() => void) | null = null;

  const onFrame = () => {
    frameRequested = false;
    const flush = waiting;
    waiting = null;
    if (flush) {
      flush();
      // What arrives between now and the next frame waits for it.
      arm();
    }
  };
  const arm = () => {
    if (frameRequested) return;
    frameRequested = true;
    requestFrame(onFrame);
  };

  return (flush) => {
    if (frameRequested) {
      waiting = flush;
      return;
    }
    flush();
    arm();
  };
}

/** The page's next frame; a hidden page gets no frames, so a timer stands in there. */
export const nextFrame: FrameRequest = (callback) => {
  if (typeof requestAnimationFrame === 'function' && typeof document !== 'undefined' && document.visibilityState === 'visible') {
    requestAnimationFrame(() => callback());
  } else {
    setTimeout(callback, 16);
  }
};
