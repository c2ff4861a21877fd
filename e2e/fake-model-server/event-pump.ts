// Writes an answer's events to the socket, pacing deltas on an absolute schedule: delta k is due at
// firstDelta + k * gap, so a late timer is caught up on at once instead of pushing every later delta back.
// Each event is one write, and the last one goes out together with the end of the body.
import type { ServerResponse } from 'node:http';
import type { OutgoingEvent } from './response-events.js';
import { sseFrame } from './sse-frame.js';

export interface PumpOptions {
  deltaDelayMs?: number;
  /** `end` finishes the HTTP body cleanly; `destroy` resets the connection after the last event. */
  finish: 'end' | 'destroy';
  /** Called at the moment the last byte is handed to the socket (not called if the client went away). */
  onFinished: () => void;
  /** After this many deltas, waits for `hold()` before going on (see ItemsAnswer.holdAfterDeltas). */
  holdAfterDeltas?: number;
  hold?: () => Promise<void>;
}

export function pumpEvents(res: ServerResponse, events: Iterator<OutgoingEvent, void, undefined>, options: PumpOptions): void {
  const gap = options.deltaDelayMs ?? 0;
  let firstDeltaAt: number | undefined;
  let deltasSent = 0;
  /** The delta the schedule counts from: 0, or the first one after a hold. */
  let scheduledFrom = 0;
  let held = false;
  let timer: NodeJS.Timeout | undefined;
  let current = events.next();

  const stop = (): void => {
    if (timer !== undefined) clearTimeout(timer);
    timer = undefined;
  };
  res.once('close', stop);

  const pump = (): void => {
    timer = undefined;
    while (!res.destroyed) {
      if (current.done) {
        finish(res, undefined, options);
        return;
      }
      const { event, isDelta } = current.value;
      if (isDelta && deltasSent === options.holdAfterDeltas && options.hold && !held) {
        held = true;
        // The schedule starts again from the release, so the deltas after it are paced as before.
        void options.hold().then(() => {
          firstDeltaAt = undefined;
          scheduledFrom = deltasSent;
          if (!res.destroyed) pump();
        });
        return;
      }
      if (isDelta && gap > 0 && firstDeltaAt !== undefined) {
        const wait = firstDeltaAt + (deltasSent - scheduledFrom) * gap - performance.now();
        if (wait > 0) {
          // Timers only have millisecond resolution; rounding up avoids waking early and sleeping again.
          timer = setTimeout(pump, Math.ceil(wait));
          return;
        }
      }
      const frame = sseFrame(event);
      if (isDelta) {
        firstDeltaAt ??= performance.now();
        deltasSent += 1;
      }
      current = events.next();
      if (current.done) {
        finish(res, frame, options);
        return;
      }
      res.write(frame);
    }
  };
  pump();
}

function finish(res: ServerResponse, lastFrame: string | undefined, options: PumpOptions): void {
  if (options.finish === 'end') {
    if (lastFrame === undefined) res.end();
    else res.end(lastFrame);
    options.onFinished();
    return;
  }
  if (lastFrame === undefined) {
    options.onFinished();
    res.destroy();
    return;
  }
  // Let the last event reach the client before the reset, so it sees everything up to the cut.
  res.write(lastFrame, () => {
    options.onFinished();
    res.destroy();
  });
}
