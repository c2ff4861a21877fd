import path from 'node:path';

/**
 * Where rollouts live: TANDEM_HOME/sessions/YYYY/MM/DD/rollout-<time>-<id>.jsonl, Codex's layout. The
 * folder and the time in the name are UTC, like `created_at`, so they agree with it on any machine and
 * in any time zone the files travel to.
 */
export function sessionsDir(home: string): string {
  return path.join(home, 'sessions');
}

/** Ids become file names, so only characters that are safe in one on every platform are allowed. */
const SESSION_ID = /^[A-Za-z0-9_-]{1,200}$/;

export function isValidSessionId(id: string): boolean {
  return SESSION_ID.test(id);
}

const ROLLOUT_NAME = /^rollout-(\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2})-([A-Za-z0-9_-]{1,200})\.jsonl$/;

const two = (n: number): string => String(n).padStart(2, '0');

/** The folder, relative to the sessions folder, of a session created at `when`. */
export function rolloutDayDir(when: Date): string {
  return path.join(String(when.getUTCFullYear()), two(when.getUTCMonth() + 1), two(when.getUTCDate()));
}

/** ISO time to the second with '-' for ':', since ':' is not allowed in Windows file names. */
export function rolloutFileName(when: Date, sessionId: string): string {
  const stamp = `${when.getUTCFullYear()}-${two(when.getUTCMonth() + 1)}-${two(when.getUTCDate())}T${two(when.getUTCHours())}-${two(when.getUTCMinutes())}-${two(when.getUTCSeconds())}`;
  return `rollout-${stamp}-${sessionId}.jsonl`;
}

/** The session id a rollout's file name carries, or null for a file that is not a rollout. */
export function sessionIdFromRolloutFileName(name: string): string | null {
  return ROLLOUT_NAME.exec(name)?.[2] ?? null;
}
