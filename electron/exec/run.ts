import { isSandboxed, wrapForSandbox } from '../sandbox/index.js';
import { runThroughHost } from './host-client.js';
import type { ExecRequest, ExecResult } from './request.js';
import { ABORTED_BEFORE_START_EXIT_CODE, emptyOutcome, type CommandOutcome } from './spawn-command.js';

export { KILLED_PIPE_DRAIN_MS, PIPE_DRAIN_MS, TIMEOUT_EXIT_CODE, timeoutNotice } from './spawn-command.js';

/**
 * Runs one command to completion, timeout or interrupt, and returns its captured output.
 *
 * The command is wrapped for its sandbox here and started by the exec host (see host-main.ts), where
 * it leads its own process group: a timeout or interrupt kills everything it started with one signal,
 * and whatever it leaves running in its group dies when it ends. Should the host be unable to start,
 * the command runs in this process the same way (see execHostStatus).
 */
export function runCommand(req: ExecRequest): Promise<ExecResult> {
  const startedAt = performance.now();
  const sandboxed = isSandboxed(req.sandbox, req.sandboxKind);
  const argv = wrapForSandbox(req.argv, {
    policy: req.sandbox,
    kind: req.sandboxKind,
    cwd: req.cwd,
    workspace: req.workspace,
    writableRoots: req.writableRoots,
    tmpdir: req.env.TMPDIR,
    hiding: req.hiding,
  });
  if (!argv[0]) return Promise.reject(new TypeError('ExecRequest.argv is empty'));
  const result = (outcome: CommandOutcome): ExecResult => ({ ...outcome, durationMs: performance.now() - startedAt, sandboxed });
  if (req.signal?.aborted) return Promise.resolve(result(emptyOutcome(ABORTED_BEFORE_START_EXIT_CODE, true)));
  return runThroughHost({
    argv,
    cwd: req.cwd,
    env: req.env,
    timeoutMs: req.timeoutMs,
    signal: req.signal,
    onOutput: req.onOutput,
  }).then(result);
}
