/**
 * An event read from a session's file but not yet parsed: its type, read from the start of its line, and the
 * text of its message. Most of a long session's bytes are events (commands' output, answers) that a resume
 * only hands on to a window, a page at a time; parsing them when a page needs them, rather than all while the
 * session opens, is most of what a resume of a 10,000-cell session costs. Whoever parses one checks it, as for
 * any event that arrives from outside.
 */
export class SavedEvent {
  constructor(
    readonly type: string,
    private readonly json: string,
  ) {}

  /** The length of the message's JSON text. */
  get chars(): number {
    return this.json.length;
  }

  /** The message; undefined when its text is not JSON (a damaged line). */
  parse(): unknown {
    try {
      return JSON.parse(this.json) as unknown;
    } catch {
      return undefined;
    }
  }
}

/**
 * An event line as the recorder writes it (`{"type":"event","timestamp":"…","msg":{"type":"…",…}}`), the
 * message's type captured. A line in any other shape (written by hand, another version) is parsed whole.
 */
const RECORDED_EVENT = /^\{"type":"event","timestamp":"([^"\\]*)","msg":(\{"type":"([a-z_]+)"[,}])/;

/** The line's event left unparsed, or null when the line is not in the recorder's shape or `keep` wants it parsed. */
export function savedEventOf(line: string, parseNow: (type: string) => boolean): { timestamp: string; event: SavedEvent } | null {
  const match = RECORDED_EVENT.exec(line);
  if (match === null || !line.endsWith('}}')) return null;
  const type = match[3] as string;
  if (parseNow(type)) return null;
  const msgStart = match.index + match[0].length - (match[2] as string).length;
  return { timestamp: match[1] as string, event: new SavedEvent(type, line.slice(msgStart, -1)) };
}
