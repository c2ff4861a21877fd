import { parseSubmission } from '../../shared/protocol/index.js';
import { Session } from '../agent/session.js';
import type { SessionOptions } from '../agent/config.js';
import { readBoundedLines } from './bounded-lines.js';
import { exitAfterFlush, writeEventLine } from './output.js';

const MIB = 1024 * 1024;

/**
 * The longest input line taken, in bytes; a longer one is dropped as it arrives rather than held in memory.
 * Input is text only, and 16 MiB is millions of tokens, past any model's context window and sixteen times
 * what the browser door takes in one frame, so no submission that could work is refused.
 */
export const MAX_PROTO_LINE_BYTES = 16 * MIB;

function sizeInWords(bytes: number): string {
  return bytes >= MIB ? `${bytes} bytes (${(bytes / MIB).toFixed(1)} MiB)` : `${bytes} bytes`;
}

/**
 * `tandem proto`: submissions as JSON lines on stdin, events as JSON lines on stdout, until `shutdown`
 * or the end of input. A bad line gets an `error` event that names the problem, and the session goes on.
 */
export async function runProto(options: SessionOptions): Promise<void> {
  const session = await Session.create(options);
  const pump = (async () => {
    for await (const event of session) writeEventLine(event);
  })();

  for await (const line of readBoundedLines(process.stdin, MAX_PROTO_LINE_BYTES)) {
    const lineId = `line-${line.number}`;
    if (line.kind === 'too_long') {
      const message = `line ${line.number}: ${sizeInWords(line.bytes)}, longer than the ${MAX_PROTO_LINE_BYTES / MIB} MiB a submission may be; ignored`;
      writeEventLine({ id: lineId, msg: { type: 'error', message } });
      continue;
    }
    if (!line.text.trim()) continue;
    const parsed = parseSubmission(line.text);
    if (!parsed.ok) {
      writeEventLine({ id: lineId, msg: { type: 'error', message: `line ${line.number}: invalid submission: ${parsed.error}` } });
      continue;
    }
    session.submit(parsed.value.op, parsed.value.id);
    if (parsed.value.op.type === 'shutdown') break;
  }
  session.submit({ type: 'shutdown' });
  await pump;
  exitAfterFlush(0);
}
