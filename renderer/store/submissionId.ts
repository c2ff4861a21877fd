/**
 * An id for a submission whose events this window must recognise (its undo, rollback or compaction). The
 * window chooses it rather than waiting for the host's reply, because the events can arrive first; random
 * so that two windows on one session never take each other's answers.
 */
export function newSubmissionId(what: string): string {
  const bytes = new Uint8Array(8);
  crypto.getRandomValues(bytes);
  const random = Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
  return `${what}-${random}`;
}
