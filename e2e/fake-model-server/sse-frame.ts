// One server-sent event per frame. JSON.stringify never emits a raw newline, so `data` is always one line.

export function sseFrame(event: object): string {
  const type = (event as { type?: unknown }).type;
  const data = `data: ${JSON.stringify(event)}\n\n`;
  return typeof type === 'string' && !/[\r\n]/.test(type) ? `event: ${type}\n${data}` : data;
}

/** A frame whose data line is not JSON, as a broken proxy or server might send. */
export function malformedFrame(type: string): string {
  return `event: ${type}\ndata: {"type":"${type}","delta":"cut off here\n\n`;
}
