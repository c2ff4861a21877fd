/** Tool output kept for the model: 10,000 tokens at about 4 bytes a token, half from the head, half from the tail. */
export const TOOL_OUTPUT_TOKEN_BUDGET = 10_000;
export const BYTES_PER_TOKEN = 4;

export function estimateTokens(text: string): number {
  return Math.ceil(Buffer.byteLength(text, 'utf8') / BYTES_PER_TOKEN);
}

/** Cuts `bytes` at or before `limit` without splitting a UTF-8 sequence. */
function headBoundary(bytes: Buffer, limit: number): number {
  let end = Math.min(limit, bytes.length);
  while (end > 0 && end < bytes.length && (bytes[end]! & 0xc0) === 0x80) end--;
  return end;
}

/** Starts the tail at or after `start` on a UTF-8 boundary. */
function tailBoundary(bytes: Buffer, start: number): number {
  let begin = Math.max(0, start);
  while (begin < bytes.length && (bytes[begin]! & 0xc0) === 0x80) begin++;
  return begin;
}

/**
 * Keeps the head and the tail of an over-long text with a `…N tokens truncated…` marker between them.
 * Cuts fall on UTF-8 boundaries. Text within the budget comes back unchanged.
 */
export function truncateMiddle(text: string, tokenBudget = TOOL_OUTPUT_TOKEN_BUDGET): { body: string; truncated: boolean; totalLines: number } {
  const byteBudget = tokenBudget * BYTES_PER_TOKEN;
  // A UTF-16 code unit is at most 3 UTF-8 bytes, so short strings skip the byte count.
  if (text.length * 3 <= byteBudget || Buffer.byteLength(text, "utf8") <= byteBudget) {
    return { body: text, truncated: false, totalLines: countLines(text) };
  }
  const bytes = Buffer.from(text, 'utf8');
  const half = Math.floor(byteBudget / 2);
  const headEnd = headBoundary(bytes, half);
  const tailStart = tailBoundary(bytes, bytes.length - half);
  const omittedTokens = Math.ceil((tailStart - headEnd) / BYTES_PER_TOKEN);
  const head = bytes.subarray(0, headEnd).toString('utf8');
  const tail = bytes.subarray(tailStart).toString('utf8');
  return { body: `${head}…${omittedTokens} tokens truncated…${tail}`, truncated: true, totalLines: countLines(text) };
}

/** Shortens a tool's output for the model once, when it is recorded, with `Total output lines: N` first. */
export function truncateForModel(text: string, tokenBudget = TOOL_OUTPUT_TOKEN_BUDGET): string {
  const { body, truncated, totalLines } = truncateMiddle(text, tokenBudget);
  return truncated ? `Total output lines: ${totalLines}\n\n${body}` : body;
}

export function countLines(text: string): number {
  if (text.length === 0) return 0;
  let lines = 1;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) lines++;
  return text.endsWith('\n') ? lines - 1 : lines;
}
