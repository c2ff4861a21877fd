// The conversations the server keeps (`store: true`), by response id, so a request can continue one with
// `previous_response_id` instead of sending it all again. Stored inputs share item objects with the requests
// they came from: a long chained session costs an array of references per response, not a copy of its history.
import type { InputItem } from './input-items.js';

export interface StoredResponse {
  /** What the model effectively saw for this response. */
  input: readonly InputItem[];
  /** What it answered, in input-item form. */
  output: readonly InputItem[];
}

export class StoredResponses {
  private readonly byId = new Map<string, StoredResponse>();

  remember(id: string, response: StoredResponse): void {
    this.byId.set(id, response);
  }

  /** The conversation up to and including response `id`, or undefined when it is unknown or forgotten. */
  conversationUpTo(id: string): InputItem[] | undefined {
    const stored = this.byId.get(id);
    return stored === undefined ? undefined : [...stored.input, ...stored.output];
  }

  /** Forgets these responses (all when omitted), as expiry or deletion on the real server does. */
  forget(ids?: readonly string[]): void {
    if (ids === undefined) this.byId.clear();
    else for (const id of ids) this.byId.delete(id);
  }

  ids(): string[] {
    return [...this.byId.keys()];
  }
}
