import { execFile } from 'node:child_process';

/**
 * One of Tandem's own programs (its git), already wrapped for the sandbox and given its environment by the
 * caller: this layer only starts it, feeds it `input` and keeps all of its output. Unlike a command's, that
 * output is never cut to a head and a tail, only refused past `maxOutputBytes`.
 */
export interface ProgramRun {
  /** Non-empty. */
  argv: string[];
  cwd: string;
  env: Record<string, string>;
  /** Written to the program's stdin, which is then closed (closed at once when absent). */
  input?: Uint8Array | undefined;
  maxOutputBytes: number;
}

export interface ProgramResult {
  stdout: Buffer;
  stderr: Buffer;
  /** Null when the program did not exit by itself (killed, or never started). */
  exitCode: number | null;
  signal: string | null;
  /** Why it did not start or was stopped: ENOENT for a missing program or folder, the output cap. */
  failure?: { code: string | null; message: string } | undefined;
}

/** Runs the program to its end in this process (the exec host, or the agent when there is none). */
export function runProgram(run: ProgramRun): Promise<ProgramResult> {
  const [program, ...args] = run.argv;
  if (!program) return Promise.reject(new TypeError('ProgramRun.argv is empty'));
  return new Promise((resolve) => {
    const child = execFile(
      program,
      args,
      { cwd: run.cwd, env: run.env, maxBuffer: run.maxOutputBytes, encoding: 'buffer', windowsHide: true },
      (error, stdout, stderr) => {
        if (error === null) {
          resolve({ stdout, stderr, exitCode: 0, signal: null });
          return;
        }
        const code = (error as { code?: unknown }).code;
        const signal = (error as { signal?: unknown }).signal;
        const exited = typeof code === 'number';
        resolve({
          stdout,
          stderr,
          exitCode: exited ? code : null,
          signal: typeof signal === 'string' ? signal : null,
          // A plain non-zero exit is an answer, not a failure; the rest (could not start, too much output) is.
          failure: exited ? undefined : { code: typeof code === 'string' ? code : null, message: error.message },
        });
      },
    );
    // An EPIPE when the program exits before reading all of stdin is reported through the callback above.
    child.stdin?.on('error', () => undefined);
    child.stdin?.end(run.input ?? '');
  });
}

/** A Buffer over the same bytes: structured clone (Electron's parent port) delivers a Buffer as a plain Uint8Array. */
export function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}
