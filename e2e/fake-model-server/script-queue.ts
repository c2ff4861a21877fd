import type { RecordedRequest } from './recorded-request.js';
import type { ScriptedResponse } from './scripted-response.js';

export type Responder = (request: RecordedRequest) => ScriptedResponse | undefined;
export type Fallback = ScriptedResponse | ((request: RecordedRequest) => ScriptedResponse);

/**
 * Decides what each request gets: dynamic responders first (in the order they were added; one that
 * returns undefined passes), then the queued script, then the fallback.
 */
export class ScriptQueue {
  private readonly queue: ScriptedResponse[];
  private readonly responders: Responder[] = [];

  constructor(
    script: readonly ScriptedResponse[],
    private readonly fallback: Fallback | undefined,
  ) {
    this.queue = [...script];
  }

  enqueue(responses: readonly ScriptedResponse[]): void {
    this.queue.push(...responses);
  }

  respondWith(responder: Responder): void {
    this.responders.push(responder);
  }

  /** The answer for this request, or undefined when the script has run out. */
  answerFor(request: RecordedRequest): ScriptedResponse | undefined {
    for (const responder of this.responders) {
      const answer = responder(request);
      if (answer !== undefined) return answer;
    }
    const queued = this.queue.shift();
    if (queued !== undefined) return queued;
    return typeof this.fallback === 'function' ? this.fallback(request) : this.fallback;
  }
}
