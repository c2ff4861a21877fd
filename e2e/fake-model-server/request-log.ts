import type { RecordedRequest } from './recorded-request.js';

interface Waiter {
  count: number;
  resolve: (request: RecordedRequest) => void;
  reject: (error: Error) => void;
  timer: NodeJS.Timeout;
}

/** Every request in arrival order, when each answer ended, and promises for requests yet to come. */
export class RequestLog {
  readonly requests: RecordedRequest[] = [];
  /** `responseEnds[i]` is when the answer to `requests[i]` ended; a hole while it streams or stalls. */
  readonly responseEnds: number[] = [];
  private readonly waiters = new Set<Waiter>();
  private closed = false;

  add(request: Omit<RecordedRequest, 'index'>): RecordedRequest {
    const recorded: RecordedRequest = { ...request, index: this.requests.length };
    this.requests.push(recorded);
    for (const waiter of this.waiters) {
      if (this.requests.length >= waiter.count) this.settle(waiter, recorded);
    }
    return recorded;
  }

  markEnded(request: RecordedRequest): void {
    this.responseEnds[request.index] = performance.now();
  }

  /** Resolves with request #count (1-based) once it has arrived. */
  waitFor(count: number, timeoutMs: number): Promise<RecordedRequest> {
    const arrived = this.requests[count - 1];
    if (arrived !== undefined) return Promise.resolve(arrived);
    if (this.closed) return Promise.reject(new Error(`fake model server: closed before request #${count} arrived`));
    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
        count,
        resolve,
        reject,
        timer: setTimeout(() => {
          this.waiters.delete(waiter);
          reject(new Error(`fake model server: request #${count} did not arrive within ${timeoutMs} ms (${this.requests.length} arrived)`));
        }, timeoutMs),
      };
      this.waiters.add(waiter);
    });
  }

  close(): void {
    this.closed = true;
    for (const waiter of this.waiters) {
      clearTimeout(waiter.timer);
      waiter.reject(new Error(`fake model server: closed before request #${waiter.count} arrived (${this.requests.length} arrived)`));
    }
    this.waiters.clear();
  }

  private settle(waiter: Waiter, latest: RecordedRequest): void {
    clearTimeout(waiter.timer);
    this.waiters.delete(waiter);
    waiter.resolve(this.requests[waiter.count - 1] ?? latest);
  }
}
