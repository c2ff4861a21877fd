/** One line of input, numbered from 1, or word that a line was too long to keep. */
export type InputLine = { kind: 'line'; number: number; text: string } | { kind: 'too_long'; number: number; bytes: number };

const NEWLINE = 0x0a;
const CARRIAGE_RETURN = 0x0d;

/**
 * Splits a byte stream into lines (`\n`, or `\r\n`), holding at most `maxBytes` of a line at a time.
 * readline would hold a whole line before anyone could look at its length, so one huge line could take
 * the process's memory; here a line that passes the cap is dropped as it streams past, only its size
 * counted, and reported as `too_long` when its end arrives. A last line without a newline counts too.
 */
export async function* readBoundedLines(input: AsyncIterable<Buffer | string>, maxBytes: number): AsyncGenerator<InputLine> {
  let parts: Buffer[] = [];
  let held = 0;
  // Bytes of the current line so far, once it passed the cap and is being dropped.
  let dropped: number | null = null;
  let number = 0;

  const take = (piece: Buffer): void => {
    if (dropped !== null) {
      dropped += piece.length;
    } else if (held + piece.length > maxBytes) {
      dropped = held + piece.length;
      parts = [];
      held = 0;
    } else if (piece.length > 0) {
      // A copy: the stream's chunk would otherwise be kept whole for a few bytes of it.
      parts.push(Buffer.from(piece));
      held += piece.length;
    }
  };

  const finish = (): InputLine => {
    number += 1;
    let line: InputLine;
    if (dropped !== null) {
      line = { kind: 'too_long', number, bytes: dropped };
    } else {
      let bytes = parts.length === 1 ? parts[0]! : Buffer.concat(parts, held);
      if (bytes.length > 0 && bytes[bytes.length - 1] === CARRIAGE_RETURN) bytes = bytes.subarray(0, -1);
      line = { kind: 'line', number, text: bytes.toString('utf8') };
    }
    parts = [];
    held = 0;
    dropped = null;
    return line;
  };

  for await (const data of input) {
    const chunk = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
    let start = 0;
    for (let end = chunk.indexOf(NEWLINE, start); end >= 0; end = chunk.indexOf(NEWLINE, start)) {
      take(chunk.subarray(start, end));
      yield finish();
      start = end + 1;
    }
    take(chunk.subarray(start));
  }
  if (held > 0 || dropped !== null) yield finish();
}
