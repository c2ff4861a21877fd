export type FrameRequest = (callback: () => void) => void;

/**
 * When to fold arrived events into the view: at once when nothing is waiting for a frame, and otherwise in
 * the frame that the last fold asked for. An event that comes while the page is idle is folded in and
 * rendered before the next frame, which then only paints it, instead of inside that frame's callbacks,
 * where the work would hold up the paint. A fast stream costs at most two folds a frame.
 *
 * After a fold inside a frame no further frame is asked for: the browser begins a frame at once when the
 * page has changed, but a frame asked for with nothing changed waits for its next regular tick (up to
 * 16 ms in Chromium even with the frame rate unlimited), and events held for it would wait as long.
 */
export function framePacedScheduler(requestFrame: FrameRequest): (flush: () => void) => void {
  let frameRequested = false;
  let waiting: (() => void) | null = null;

  const onFrame = () => {
    frameRequested = false;
    const flush = waiting;
    waiting = null;
    flush?.();
  };

  return (flush) => {
    if (frameRequested) {
      waiting = flush;
      return;
    }
    flush();
    // The fold changed the page, so this frame comes soon; what arrives until then is folded in by it.
    frameRequested = true;
    requestFrame(onFrame);
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
