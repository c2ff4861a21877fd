import { isAscii } from 'node:buffer';
import fs from 'node:fs';
import { checkRolloutLine, isKnownEventType } from './check-line.js';
import type { RolloutLine, SessionMetaLine } from './rollout-line.js';
import { savedEventOf, type SavedEvent } from './saved-event.js';

export interface Rollout<Line = RolloutLine> {
  meta: SessionMetaLine;
  /** Every valid line in file order, the session_meta line first. */
  lines: Line[];
  /** Lines skipped: a torn last line (a crash mid-write), or damaged or unknown lines elsewhere. */
  warnings: string[];
}

/** An event line whose message is left unparsed (see SavedEvent); not a kind of line in the file. */
export interface SavedEventLine {
  type: 'saved_event';
  timestamp: string;
  event: SavedEvent;
}

/** Why a file cannot be read as a rollout at all. */
export class RolloutReadError extends Error {
  override readonly name = 'RolloutReadError';
}

function parseLine(text: string): { ok: true; line: RolloutLine } | { ok: false; error: string } {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    return { ok: false, error: `malformed JSON (${(err as Error).message})` };
  }
  return checkRolloutLine(value);
}

export function parseRollout(file: string, text: string): Rollout {
  return parseLines(file, text, null) as Rollout;
}

/**
 * `parseNow`: null parses every line; otherwise event lines the recorder wrote whose type it declines stay
 * unparsed (SavedEventLine). The last line, which a crash may have torn, is always parsed whole.
 */
function parseLines(file: string, text: string, parseNow: ((type: string) => boolean) | null): Rollout<RolloutLine | SavedEventLine> {
  const raw = text.split('\n');
  // Every finished line ends in a newline; what follows the last one is a line the writer never finished.
  const unfinished = raw.pop() ?? '';
  const lines: (RolloutLine | SavedEventLine)[] = [];
  const warnings: string[] = [];
  const deferred = parseNow === null ? null : (type: string) => !isKnownEventType(type) || parseNow(type);
  raw.forEach((lineText, i) => {
    const saved = deferred === null ? null : savedEventOf(lineText, deferred);
    if (saved !== null) {
      lines.push({ type: 'saved_event', timestamp: saved.timestamp, event: saved.event });
      return;
    }
    if (lineText.trim() === '') return;
    const parsed = parseLine(lineText);
    if (parsed.ok) lines.push(parsed.line);
    else warnings.push(`${file}:${i + 1}: skipped a line: ${parsed.error}`);
  });
  if (unfinished.trim() !== '') {
    const parsed = parseLine(unfinished);
    // Only the newline is missing (e.g. a file edited by hand): the line itself is whole, so keep it.
    if (parsed.ok) lines.push(parsed.line);
    else warnings.push(`${file}:${raw.length + 1}: skipped a torn last line (the session was cut off while writing it)`);
  }
  const first = lines[0];
  if (first === undefined || first.type !== 'session_meta') {
    throw new RolloutReadError(`${file}: not a Tandem rollout (its first line is not session metadata)`);
  }
  return { meta: first, lines, warnings };
}

/**
 * Reads a session's rollout, skipping (with a warning) lines a crash tore or that do not validate. Event
 * messages are checked for a known type only (see checkRolloutLine): whoever sends them on checks the rest.
 */
export async function readRollout(file: string): Promise<Rollout> {
  return parseRollout(file, await readText(file));
}

/**
 * readRollout for a resume: the events whose type `parseNow` declines are left unparsed, as SavedEventLines,
 * for whoever hands them on to parse when it needs them.
 */
export async function readRolloutLazily(file: string, parseNow: (type: string) => boolean): Promise<Rollout<RolloutLine | SavedEventLine>> {
  return parseLines(file, await readText(file), parseNow);
}

async function readText(file: string): Promise<string> {
  const bytes = await fs.promises.readFile(file);
  // Most sessions are plain ASCII, whose bytes are their characters: decoding them as Latin-1 gives the same
  // string without UTF-8's decoder (about 50 ms of a 9 MB file).
  return bytes.toString(isAscii(bytes) ? 'latin1' : 'utf8');
}
