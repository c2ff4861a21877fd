/*
 * Every pipe read allocates a fresh 64 KiB buffer outside V8's heap, and V8 collects them only when
 * its own (tiny, here) heap fills or tens of megabytes of them pile up. A command flooding its output
 * would leave the host tens of megabytes larger for good (the allocator keeps what it once had), and
 * every later fork pays for that memory. Collecting the young generation every few megabytes read
 * costs about 0.3 ms each time and keeps the host near its starting size.
 */

/** Bytes read from commands' pipes between two collections. */
export const COLLECT_EVERY_BYTES = 8 * 1024 * 1024;

let sinceCollection = 0;

/** Counts bytes read; collects when enough garbage has built up. A no-op unless the host runs with --expose-gc. */
export function noteBytesRead(bytes: number): void {
  if (!globalThis.gc) return;
  sinceCollection += bytes;
  if (sinceCollection < COLLECT_EVERY_BYTES) return;
  sinceCollection = 0;
  globalThis.gc({ type: 'minor' });
}

/** How long the host must have been idle before it tidies its heap. */
export const IDLE_COLLECT_MS = 250;
let idleTimer: NodeJS.Timeout | undefined;

/**
 * Once no command has run for a moment, a full collection gives back what the last commands' output
 * left in the heap. A command that arrives first cancels it, so quick sequences of commands never wait.
 */
export function noteIdle(idle: boolean): void {
  clearTimeout(idleTimer);
  if (!idle || !globalThis.gc) return;
  idleTimer = setTimeout(() => globalThis.gc?.(), IDLE_COLLECT_MS);
  idleTimer.unref();
}

