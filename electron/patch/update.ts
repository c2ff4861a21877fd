import { newLinesOf, oldLinesOf, type ChunkLine, type UpdateChunk } from './hunk.js';
import { seekLines } from './seek.js';
import { TextLines, type LineReplacement } from './text-lines.js';

export type UpdateResult = { ok: true; content: string } | { ok: false; error: string };

function endsWithBlankContext(lines: readonly ChunkLine[]): boolean {
  const last = lines.at(-1);
  return last !== undefined && last.kind === 'context' && last.text === '';
}

/**
 * What replaces the matched lines. Context lines keep the file's own text: a loose match
 * (other indentation, straight quotes for curly ones) must not rewrite lines the change was
 * only using to find its place.
 */
function replacementLines(chunkLines: readonly ChunkLine[], fileLines: readonly string[], start: number): string[] {
  const replacement: string[] = [];
  let fileIndex = start;
  for (const line of chunkLines) {
    if (line.kind === 'context') replacement.push(fileLines[fileIndex] ?? line.text);
    if (line.kind === 'added') replacement.push(line.text);
    if (line.kind !== 'added') fileIndex++;
  }
  return replacement;
}

/**
 * Applies the changes of one `*** Update File:` operation to a file's content. Each change is
 * sought after the previous one, so changes must come in file order. `displayPath` names the
 * file in errors.
 */
export function applyChunks(content: string, chunks: readonly UpdateChunk[], displayPath: string): UpdateResult {
  const file = TextLines.parse(content);
  const lines = file.texts();
  const replacements: LineReplacement[] = [];
  let cursor = 0;

  for (const chunk of chunks) {
    for (const anchor of chunk.anchors) {
      const at = seekLines(lines, [anchor], cursor, false);
      if (at === null) return { ok: false, error: `Failed to find context '${anchor}' in ${displayPath}` };
      cursor = at + 1;
    }

    if (chunk.lines.every((line) => line.kind === 'added')) {
      // Codex's rule for a change with nothing to replace: append it, above a final blank line if there is one.
      const end = lines.at(-1) === '' ? lines.length - 1 : lines.length;
      replacements.push({ start: end, deleteCount: 0, lines: newLinesOf(chunk.lines) });
      continue;
    }

    let chunkLines = chunk.lines;
    let at = seekLines(lines, oldLinesOf(chunkLines), cursor, chunk.isEndOfFile);
    // Empty lines closing a change are often the blank line before the next operation rather than
    // part of the file; drop them one at a time until the change is found.
    while (at === null && endsWithBlankContext(chunkLines) && oldLinesOf(chunkLines).length > 1) {
      chunkLines = chunkLines.slice(0, -1);
      at = seekLines(lines, oldLinesOf(chunkLines), cursor, chunk.isEndOfFile);
    }
    if (at === null) {
      return { ok: false, error: `Failed to find expected lines in ${displayPath}:\n${oldLinesOf(chunk.lines).join('\n')}` };
    }
    const deleteCount = oldLinesOf(chunkLines).length;
    replacements.push({ start: at, deleteCount, lines: replacementLines(chunkLines, lines, at) });
    cursor = at + deleteCount;
  }

  // Appends sit at the end while later changes may lie before them; a stable sort keeps appends in patch order.
  replacements.sort((a, b) => a.start - b.start);
  return { ok: true, content: file.contentWith(replacements) };
}
