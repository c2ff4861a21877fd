/*
 * Lower-case phrases that sandboxed tools print when the sandbox, not the command itself, stopped
 * them: file-system denials (EPERM, EACCES, EROFS in the words libc, Node, Python and git use) and the
 * network being switched off (no route, no DNS).
 */
const DENIAL_PHRASES = [
  'operation not permitted',
  'permission denied',
  'read-only file system',
  'failed to write file',
  'network is unreachable',
  'could not resolve host',
  'temporary failure in name resolution',
  'name or service not known',
  'getaddrinfo eai_again',
  'getaddrinfo enotfound',
];

/** Exit code the exec layer gives a command it killed for running too long. */
const TIMEOUT_EXIT_CODE = 124;

/**
 * Whether a failed sandboxed command was probably stopped by the sandbox, so the person can be offered
 * a re-run without it. A guess from the output: nothing else tells the two apart.
 */
export function looksLikeSandboxDenial(result: { exitCode: number; aggregatedOutput: string }): boolean {
  if (result.exitCode === 0 || result.exitCode === TIMEOUT_EXIT_CODE) return false;
  const output = result.aggregatedOutput.toLowerCase();
  return DENIAL_PHRASES.some((phrase) => output.includes(phrase));
}
