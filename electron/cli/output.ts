import type { Event } from '../../shared/protocol/index.js';

/** Writes one event as a JSON line: `{"id": ..., "msg": {"type": ..., ...}}`. */
export function writeEventLine(event: Event): void {
  process.stdout.write(`${JSON.stringify(event)}\n`);
}

/** Ends the process once stdout has flushed, so piped readers get every line. */
export function exitAfterFlush(code: number): void {
  process.exitCode = code;
  if (process.stdout.writableLength === 0) process.exit(code);
  process.stdout.once('drain', () => process.exit(code));
}
