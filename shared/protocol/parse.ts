import type { z } from 'zod';
import { Submission } from './ops.js';
import { Event } from './events.js';

export type Parsed<T> = { ok: true; value: T } | { ok: false; error: string };

/** Describes a schema failure by the fields that are wrong, e.g. `op.decision: expected one of ...`. */
export function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 5)
    .map((issue) => `${issue.path.length ? issue.path.join('.') : '(root)'}: ${issue.message}`)
    .join('; ');
}

export function parseWith<T>(schema: z.ZodType<T>, value: unknown): Parsed<T> {
  const result = schema.safeParse(value);
  return result.success ? { ok: true, value: result.data } : { ok: false, error: describeIssues(result.error) };
}

/** Parses one JSON text; malformed JSON and schema failures both come back as an error string. */
export function parseJsonWith<T>(schema: z.ZodType<T>, text: string): Parsed<T> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    return { ok: false, error: `malformed JSON: ${(err as Error).message}` };
  }
  return parseWith(schema, value);
}

export const parseSubmission = (text: string): Parsed<Submission> => parseJsonWith(Submission, text);
export const parseEvent = (text: string): Parsed<Event> => parseJsonWith(Event, text);
