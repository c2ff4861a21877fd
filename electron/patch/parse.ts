import type { ChunkLine, PatchHunk, UpdateChunk } from './hunk.js';

export type ParsePatchResult = { ok: true; hunks: PatchHunk[] } | { ok: false; error: string };

const BEGIN_PATCH = '*** Begin Patch';
const END_PATCH = '*** End Patch';
const ADD_FILE = '*** Add File:';
const DELETE_FILE = '*** Delete File:';
const UPDATE_FILE = '*** Update File:';
const MOVE_TO = '*** Move to:';
const END_OF_FILE = '*** End of File';
const ENVIRONMENT_ID = '*** Environment ID:';

interface PatchLine {
  text: string;
  /** 1-based, counted in the text as the model sent it, so errors point where the model can look. */
  lineNumber: number;
}

class PatchSyntaxError extends Error {
  constructor(
    readonly lineNumber: number | null,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Parses the text of an apply_patch call. Lenient where a slip has only one reading: padding
 * around the markers, a heredoc or Markdown fence around the whole patch, blank lines between
 * operations, a blank context line without its leading space, a git-style `@@ -1,2 +1,2 @@`
 * header, and several `@@` anchors in a row. An `*** Environment ID: ID` line right after
 * `*** Begin Patch` is accepted and ignored.
 */
export function parsePatch(text: string): ParsePatchResult {
  const lines = text.split(/\r?\n/).map((line, index) => ({ text: line, lineNumber: index + 1 }));
  try {
    const hunks = parseOperations(withoutEnvironmentId(envelopeBody(lines)));
    if (hunks.length === 0) {
      return {
        ok: false,
        error: `Invalid patch: no files were modified (there is no '${ADD_FILE}', '${DELETE_FILE}' or '${UPDATE_FILE}' section between '${BEGIN_PATCH}' and '${END_PATCH}')`,
      };
    }
    return { ok: true, hunks };
  } catch (error) {
    if (!(error instanceof PatchSyntaxError)) throw error;
    const where = error.lineNumber === null ? '' : ` at line ${error.lineNumber}`;
    return { ok: false, error: `Invalid patch${where}: ${error.message}` };
  }
}

function withoutBlankEdges(lines: PatchLine[]): PatchLine[] {
  let start = 0;
  let end = lines.length;
  while (start < end && lines[start]!.text.trim() === '') start++;
  while (end > start && lines[end - 1]!.text.trim() === '') end--;
  return lines.slice(start, end);
}

/** The lines between `*** Begin Patch` and `*** End Patch`. */
function envelopeBody(allLines: PatchLine[]): PatchLine[] {
  const lines = unwrapped(withoutBlankEdges(allLines));
  const first = lines[0];
  const last = lines.at(-1);
  if (first === undefined || last === undefined) {
    throw new PatchSyntaxError(null, `the patch is empty; it must start with '${BEGIN_PATCH}'`);
  }
  if (first.text.trim() !== BEGIN_PATCH) {
    throw new PatchSyntaxError(first.lineNumber, `the first line must be '${BEGIN_PATCH}', got '${first.text}'`);
  }
  if (lines.length < 2 || last.text.trim() !== END_PATCH) {
    throw new PatchSyntaxError(last.lineNumber, `the last line must be '${END_PATCH}', got '${last.text}'`);
  }
  return lines.slice(1, -1);
}

/**
 * Models trained on Codex may name the environment a patch is for on the line after
 * `*** Begin Patch`. Tandem has one environment, the session's, so the line is checked and dropped.
 */
function withoutEnvironmentId(body: PatchLine[]): PatchLine[] {
  const index = body.findIndex((line) => line.text.trim() !== '');
  const line = body[index];
  if (line === undefined || !line.text.trim().startsWith(ENVIRONMENT_ID)) return body;
  if (line.text.trim().slice(ENVIRONMENT_ID.length).trim() === '') {
    throw new PatchSyntaxError(line.lineNumber, `'${ENVIRONMENT_ID}' must be followed by an environment ID`);
  }
  return body.slice(index + 1);
}

const HEREDOC_OPENER = /^(?:(?:apply_patch|applypatch)\s+)?<<-?\s*(['"]?)([A-Za-z_][\w.-]*)\1$/;

/** Models sometimes send the patch still wrapped in the heredoc or code fence they would use elsewhere. */
function unwrapped(lines: PatchLine[]): PatchLine[] {
  const first = lines[0]?.text.trim();
  const last = lines.at(-1)?.text.trim();
  if (first === undefined || last === undefined || lines.length < 3) return lines;
  const heredoc = HEREDOC_OPENER.exec(first);
  if (heredoc && last === heredoc[2]) return withoutBlankEdges(lines.slice(1, -1));
  if (first.startsWith('```') && last === '```') return withoutBlankEdges(lines.slice(1, -1));
  return lines;
}

function headerPath(line: PatchLine, marker: string): string {
  const path = line.text.trim().slice(marker.length).trim();
  if (path === '') throw new PatchSyntaxError(line.lineNumber, `'${marker}' must be followed by a file path`);
  return path;
}

function parseOperations(lines: PatchLine[]): PatchHunk[] {
  const hunks: PatchHunk[] = [];
  let index = 0;
  while (index < lines.length) {
    const line = lines[index]!;
    const header = line.text.trim();
    if (header === '') {
      index++;
    } else if (header.startsWith(ADD_FILE)) {
      const path = headerPath(line, ADD_FILE);
      const added = addedLines(lines, index + 1);
      hunks.push({ type: 'add', path, contents: added.lines.map((text) => `${text}\n`).join('') });
      index = added.next;
    } else if (header.startsWith(DELETE_FILE)) {
      hunks.push({ type: 'delete', path: headerPath(line, DELETE_FILE) });
      index++;
    } else if (header.startsWith(UPDATE_FILE)) {
      const path = headerPath(line, UPDATE_FILE);
      index++;
      let movePath: string | null = null;
      const moveLine = lines[index];
      if (moveLine !== undefined && moveLine.text.trim().startsWith(MOVE_TO)) {
        movePath = headerPath(moveLine, MOVE_TO);
        index++;
      }
      const update = updateChunks(lines, index, path, line.lineNumber);
      hunks.push({ type: 'update', path, movePath, chunks: update.chunks });
      index = update.next;
    } else {
      throw new PatchSyntaxError(
        line.lineNumber,
        `'${line.text}' is not a file operation; expected '${ADD_FILE} PATH', '${DELETE_FILE} PATH' or '${UPDATE_FILE} PATH'`,
      );
    }
  }
  return hunks;
}

function addedLines(lines: PatchLine[], start: number): { lines: string[]; next: number } {
  const added: string[] = [];
  let index = start;
  while (index < lines.length) {
    const text = lines[index]!.text;
    if (text.startsWith('+')) {
      added.push(text.slice(1));
    } else if (text.trim() === '' && blankRunPrecedesAddedLine(lines, index)) {
      // An empty line of a new file written without its `+`: the file plainly goes on after it.
      added.push('');
    } else {
      break;
    }
    index++;
  }
  return { lines: added, next: index };
}

function blankRunPrecedesAddedLine(lines: PatchLine[], from: number): boolean {
  let index = from;
  while (index < lines.length && lines[index]!.text.trim() === '') index++;
  return lines[index]?.text.startsWith('+') ?? false;
}

const LINE_KINDS: ReadonlyMap<string, ChunkLine['kind']> = new Map([
  [' ', 'context'],
  ['-', 'removed'],
  ['+', 'added'],
]);

const GIT_HUNK_HEADER = /^@@ -\d+(?:,\d+)? \+\d+(?:,\d+)? @@(.*)$/;

/** The text after `@@`, or null for a bare `@@` (which anchors nothing). */
function anchorText(text: string): string | null {
  const trimmed = text.trim();
  if (trimmed === '@@') return null;
  const git = GIT_HUNK_HEADER.exec(trimmed);
  if (git) {
    const rest = git[1]!.trim();
    return rest === '' ? null : rest;
  }
  const anchor = text.startsWith('@@ ') ? text.slice(3) : text.slice(2);
  return anchor.trim() === '' ? null : anchor;
}

function updateChunks(
  lines: PatchLine[],
  start: number,
  path: string,
  headerLineNumber: number,
): { chunks: UpdateChunk[]; next: number } {
  const chunks: UpdateChunk[] = [];
  let index = start;
  while (index < lines.length) {
    const first = lines[index]!;
    if (first.text.trim() === '') {
      index++;
      continue;
    }
    if (first.text.startsWith('*')) break;

    const anchors: string[] = [];
    let sawAnchorLine = false;
    while (index < lines.length && lines[index]!.text.startsWith('@@')) {
      const anchor = anchorText(lines[index]!.text);
      if (anchor !== null) anchors.push(anchor);
      sawAnchorLine = true;
      index++;
    }
    // Only the first change of a file may leave out its `@@`; after that a line without one is a mistake.
    if (!sawAnchorLine && chunks.length > 0) {
      throw new PatchSyntaxError(
        first.lineNumber,
        `expected '@@' to start the next change to ${path}, got '${first.text}'`,
      );
    }

    const chunk: UpdateChunk = { anchors, lines: [], isEndOfFile: false };
    while (index < lines.length) {
      const text = lines[index]!.text;
      if (text.trimEnd() === END_OF_FILE) {
        if (chunk.lines.length === 0) break;
        chunk.isEndOfFile = true;
        index++;
        break;
      }
      const kind = LINE_KINDS.get(text[0] ?? ' ');
      if (kind === undefined) break;
      // An empty line stands for an empty context line whose leading space was lost.
      chunk.lines.push({ kind, text: text.slice(1) });
      index++;
    }

    if (chunk.lines.length === 0) {
      const next = lines[index];
      if (next === undefined || next.text.startsWith('*') || next.text.startsWith('@@')) {
        throw new PatchSyntaxError(first.lineNumber, `the change to ${path} starting here has no lines`);
      }
      throw new PatchSyntaxError(
        next.lineNumber,
        `unexpected line in the changes to ${path}: '${next.text}'. Each line of a change starts with ' ' (context), '-' (removed) or '+' (added)`,
      );
    }
    chunks.push(chunk);
  }

  if (chunks.length === 0) {
    throw new PatchSyntaxError(headerLineNumber, `'${UPDATE_FILE} ${path}' has no changes`);
  }
  return { chunks, next: index };
}
