type LineEnding = '\n' | '\r\n';

interface SourceLine {
  text: string;
  /** Empty only for a last line that has no newline. */
  ending: LineEnding | '';
}

/** Replace `deleteCount` lines from `start` with `lines`. */
export interface LineReplacement {
  start: number;
  deleteCount: number;
  lines: readonly string[];
}

const BYTE_ORDER_MARK = '\uFEFF';

/**
 * A text file as lines that remember their own endings, so editing a CRLF (or mixed) file
 * changes only the lines the patch touches. Lines the patch writes take the file's first
 * ending, and every line ends with a newline afterwards, as Codex leaves files.
 */
export class TextLines {
  private constructor(
    private readonly byteOrderMark: string,
    private readonly lines: readonly SourceLine[],
    private readonly preferredEnding: LineEnding,
  ) {}

  static parse(content: string): TextLines {
    const byteOrderMark = content.startsWith(BYTE_ORDER_MARK) ? BYTE_ORDER_MARK : '';
    const body = content.slice(byteOrderMark.length);
    const lines: SourceLine[] = [];
    let preferredEnding: LineEnding | null = null;
    let lineStart = 0;
    for (let newline = body.indexOf('\n'); newline !== -1; newline = body.indexOf('\n', lineStart)) {
      const crlf = newline > lineStart && body[newline - 1] === '\r';
      const ending: LineEnding = crlf ? '\r\n' : '\n';
      preferredEnding ??= ending;
      lines.push({ text: body.slice(lineStart, crlf ? newline - 1 : newline), ending });
      lineStart = newline + 1;
    }
    if (lineStart < body.length) lines.push({ text: body.slice(lineStart), ending: '' });
    return new TextLines(byteOrderMark, lines, preferredEnding ?? '\n');
  }

  texts(): string[] {
    return this.lines.map((line) => line.text);
  }

  /** The file's content after the replacements, which must be sorted and must not overlap. */
  contentWith(replacements: readonly LineReplacement[]): string {
    const result: SourceLine[] = [];
    let next = 0;
    for (const { start, deleteCount, lines } of replacements) {
      result.push(...this.lines.slice(next, start));
      result.push(...lines.map((text) => ({ text, ending: this.preferredEnding })));
      next = Math.max(next, start + deleteCount);
    }
    result.push(...this.lines.slice(next));
    return this.byteOrderMark + result.map((line) => line.text + (line.ending || this.preferredEnding)).join('');
  }
}
