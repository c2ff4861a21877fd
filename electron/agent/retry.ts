/** Reconnection rules of the turn loop: up to 5 retries, 200 ms doubling, with ±10% jitter. */
export const MAX_STREAM_RETRIES = 5;
const BASE_DELAY_MS = 200;

export function backoffDelayMs(retry: number): number {
  const jitter = 0.9 + Math.random() * 0.2;
  return Math.round(BASE_DELAY_MS * 2 ** (retry - 1) * jitter);
}

/** Waits, or rejects with the signal's reason as soon as it is aborted. */
export function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
