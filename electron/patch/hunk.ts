/** One file operation of a parsed patch, in the order the model wrote them. */
export type PatchHunk =
  | { type: 'add'; path: string; contents: string }
  | { type: 'delete'; path: string }
  | { type: 'update'; path: string; movePath: string | null; chunks: UpdateChunk[] };

/** One line of a change: ` ` context, `-` removed or `+` added, without its prefix. */
export interface ChunkLine {
  kind: 'context' | 'removed' | 'added';
  text: string;
}

/** One `@@` section of an `*** Update File:` operation. */
export interface UpdateChunk {
  /**
   * The `@@ text` lines before the change, sought one after another from the previous change
   * on; usually a class or function signature. Empty for a bare `@@`.
   */
  anchors: string[];
  lines: ChunkLine[];
  /** `*** End of File` followed the change: what it replaces must be the last lines of the file. */
  isEndOfFile: boolean;
}

/** The lines a change expects to find in the file. */
export function oldLinesOf(lines: readonly ChunkLine[]): string[] {
  return lines.filter((line) => line.kind !== 'added').map((line) => line.text);
}

/** The lines a change leaves in their place, context as the patch wrote it. */
export function newLinesOf(lines: readonly ChunkLine[]): string[] {
  return lines.filter((line) => line.kind !== 'removed').map((line) => line.text);
}
