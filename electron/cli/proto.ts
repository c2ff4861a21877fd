import { createInterface } from 'node:readline';
import { parseSubmission } from '../../shared/protocol/index.js';
import { Session } from '../agent/session.js';
import type { SessionOptions } from '../agent/config.js';
import { exitAfterFlush, writeEventLine } from './output.js';

/** The longest input line taken; longer ones are refused rather than held in memory. */
const MAX_LINE_CHARS = 4 * 1024 * 1024;

/**
 * `tandem proto`: submissions as JSON lines on stdin, events as JSON lines on stdout, until `shutdown`
 * or the end of input. A bad line gets an `error` event that names the problem, and the session goes on.
 */
export async function runProto(options: SessionOptions): Promise<void> {
  const session = await Session.create(options);
  const pump = (async () => {
    for await (const event of session) writeEventLine(event);
  })();

  const lines = createInterface({ input: process.stdin, crlfDelay: Infinity });
  let lineNumber = 0;
  for await (const line of lines) {
    lineNumber++;
    if (!line.trim()) continue;
    if (line.length > MAX_LINE_CHARS) {
      writeEventLine({ id: `line-${lineNumber}`, msg: { type: 'error', message: `line ${lineNumber}: longer than ${MAX_LINE_CHARS} characters; ignored` } });
      continue;
    }
    const parsed = parseSubmission(line);
    if (!parsed.ok) {
      writeEventLine({ id: `line-${lineNumber}`, msg: { type: 'error', message: `line ${lineNumber}: invalid submission: ${parsed.error}` } });
      continue;
    }
    session.submit(parsed.value.op, parsed.value.id);
    if (parsed.value.op.type === 'shutdown') break;
  }
  lines.close();
  session.submit({ type: 'shutdown' });
  await pump;
  exitAfterFlush(0);
}
