import { HostEvent } from '../../shared/host/contract.js';
import { describeIssues } from '../../shared/protocol/index.js';

/**
 * The events of a batch (a WebSocket frame, an IPC message) that fit the protocol, in order; one that does not
 * is left out with a warning, and costs the page that event only.
 */
export function checkedEvents(events: readonly unknown[], door: string): HostEvent[] {
  const checked: HostEvent[] = [];
  for (const event of events) {
    const parsed = HostEvent.safeParse(event);
    if (parsed.success) checked.push(parsed.data);
    else console.warn(`Tandem ${door}: ignored an event that is not valid: ${describeIssues(parsed.error)}`);
  }
  return checked;
}
