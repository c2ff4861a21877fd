import fs from 'node:fs';
import { checkRolloutLine } from './check-line.js';
import type { RolloutLine, SessionMetaLine } from './rollout-line.js';

export interface Rollout {
  meta: SessionMetaLine;
  /** Every valid line in file order, the session_meta line first. */
  lines: RolloutLine[];
  /** Lines skipped: a torn last line (a crash mid-write), or damaged or unknown lines elsewhere. */
  warnings: string[];
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
  const raw = text.split('\n');
  // Every finished line ends in a newline; what follows the last one is a line the writer never finished.
  const unfinished = raw.pop() ?? '';
  const lines: RolloutLine[] = [];
  const warnings: string[] = [];
  raw.forEach((lineText, i) => {
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
  return parseRollout(file, await fs.promises.readFile(file, 'utf8'));
}
