import path from 'node:path';
import { runCommand, sandboxedEnvironment, type ExecResult } from '../../exec/index.js';
import { isPathWithinRoots } from '../../patch/index.js';
import { looksLikeSandboxDenial } from '../../sandbox/index.js';
import { extractApplyPatch, isDangerousCommand, isKnownSafeCommand, isRawPatchCommand, RAW_PATCH_REFUSAL } from '../../approval/index.js';
import { runApplyPatch } from './apply-patch.js';
import { truncateMiddle } from '../history/truncate.js';
import { assessExec, mayRetryWithoutSandbox, sessionApprovalKey } from './exec-policy.js';
import type { ToolContext } from './context.js';

export interface ShellInvocation {
  callId: string;
  argv: string[];
  workdir?: string | null | undefined;
  timeoutMs?: number | null | undefined;
  escalationRequested?: boolean | undefined;
  justification?: string | null | undefined;
}

export const EXEC_REJECTED_BY_USER = 'exec command rejected by user';

/** Runs one command the model asked for, with the approval and sandbox rules, and returns what the model reads. */
export async function runShellInvocation(ctx: ToolContext, call: ShellInvocation): Promise<string> {
  // A patch sent as the command itself is refused, never run: bash would glob `***` and run what it matched.
  if (isRawPatchCommand(call.argv)) return RAW_PATCH_REFUSAL;
  const { settings } = ctx;
  const cwd = call.workdir ? path.resolve(settings.cwd, call.workdir) : settings.cwd;
  // `apply_patch <<'EOF'` through the shell is a patch: it gets the patch rules, not the shell's.
  const heredoc = extractApplyPatch(call.argv);
  if (heredoc) return runApplyPatch(ctx, call.callId, heredoc.patch, heredoc.workdir ? path.resolve(cwd, heredoc.workdir) : cwd);
  const approvalKey = sessionApprovalKey(call.argv, cwd);
  const knownSafe = isKnownSafeCommand(call.argv);
  const assessment = assessExec({
    outsideWorkspace: cwd !== settings.cwd && !(await isPathWithinRoots(cwd, workspaceRoots(ctx))),
    cwd,
    approvalPolicy: settings.approvalPolicy,
    sandboxPolicy: settings.sandboxPolicy,
    sandboxAvailable: ctx.sandboxKind !== 'none',
    knownSafe,
    dangerous: isDangerousCommand(call.argv),
    approvedForSession: ctx.approvedCommands.has(approvalKey),
    escalationRequested: call.escalationRequested === true,
    justification: call.justification,
  });

  let sandboxed: boolean;
  switch (assessment.kind) {
    case 'reject':
      return `exec command rejected: ${assessment.reason}`;
    case 'run':
      sandboxed = assessment.sandboxed;
      break;
    case 'ask': {
      const answer = await askExec(ctx, call, cwd, assessment.reason, approvalKey);
      if (answer !== 'run') return EXEC_REJECTED_BY_USER;
      sandboxed = false;
      break;
    }
  }

  // A command that only reads, held in by the sandbox, changes nothing the snapshot must be taken before.
  const first = await execute(ctx, call, cwd, sandboxed, knownSafe && sandboxed);
  const { result } = first;
  if (sandboxed && !result.aborted && !result.timedOut && looksLikeSandboxDenial(result) && mayRetryWithoutSandbox(settings.approvalPolicy)) {
    const answer = await askExec(ctx, call, cwd, 'command failed; retry without sandbox?', approvalKey);
    if (answer === 'run') return (await execute(ctx, call, cwd, false)).output;
  }
  return first.output;
}

/** The folders a command may run in without asking: the project and the roots the person added. */
function workspaceRoots(ctx: ToolContext): string[] {
  const policyRoots = ctx.settings.sandboxPolicy.mode === 'workspace-write' ? (ctx.settings.sandboxPolicy.writable_roots ?? []) : [];
  return [ctx.settings.cwd, ...ctx.writableRoots, ...policyRoots.map((root) => path.resolve(ctx.settings.cwd, root))];
}

async function askExec(ctx: ToolContext, call: ShellInvocation, cwd: string, reason: string | null, approvalKey: string): Promise<'run' | 'stop'> {
  const decision = ctx.approvals.wait('exec', call.callId, ctx.signal);
  ctx.emit({ type: 'exec_approval_request', call_id: call.callId, command: call.argv, cwd, reason });
  switch (await decision) {
    case 'approved':
      return 'run';
    case 'approved_for_session':
      ctx.approvedCommands.add(approvalKey);
      return 'run';
    case 'denied':
      return 'stop';
    case 'abort':
      ctx.abortTurn();
      return 'stop';
  }
}

async function execute(ctx: ToolContext, call: ShellInvocation, cwd: string, sandboxed: boolean, readsOnly = false): Promise<{ result: ExecResult; output: string }> {
  const [loginEnv] = await Promise.all([ctx.commandEnv, readsOnly ? undefined : ctx.beforeChange()]);
  const env = sandboxed ? sandboxedEnvironment(loginEnv) : loginEnv;
  ctx.emit({ type: 'exec_command_begin', call_id: call.callId, command: call.argv, cwd });
  const result = await runCommand({
    argv: call.argv,
    cwd,
    timeoutMs: call.timeoutMs && call.timeoutMs > 0 ? call.timeoutMs : ctx.commandTimeoutMs,
    env,
    sandbox: ctx.settings.sandboxPolicy,
    sandboxKind: sandboxed ? ctx.sandboxKind : 'none',
    // The session's folder, never the command's: a workdir elsewhere runs there read-only.
    workspace: ctx.settings.cwd,
    writableRoots: ctx.writableRoots,
    hiding: ctx.hiding,
    signal: ctx.signal,
    onOutput: (stream, chunk) => ctx.emit({ type: 'exec_command_output_delta', call_id: call.callId, stream, chunk }),
  });
  const output = modelOutput(result);
  ctx.emit({
    type: 'exec_command_end',
    call_id: call.callId,
    command: call.argv,
    cwd,
    // Clients already saw the live output; the end event carries bounded copies so it stays cheap to send and store.
    stdout: truncateMiddle(result.stdout).body,
    stderr: truncateMiddle(result.stderr).body,
    aggregated_output: truncateMiddle(result.aggregatedOutput).body,
    exit_code: result.exitCode,
    duration_ms: result.durationMs,
    formatted_output: output,
    // A stopped command ends as stopped, not as a failure with the kill's exit code; what it printed stays.
    ...(result.aborted ? { interrupted: true } : {}),
  });
  return { result, output };
}

/** The freeform text the model reads: exit code, wall time, then the output (head and tail if it was long). */
export function modelOutput(result: ExecResult): string {
  const { body, truncated } = truncateMiddle(result.aggregatedOutput);
  // The capture may itself have dropped the middle of a flood: the count is of everything the command wrote.
  const totalLines = Math.max(result.outputLines, 0);
  const lines = result.aborted ? ['aborted by user: the command was stopped before it finished'] : [];
  lines.push(`Exit code: ${result.exitCode}`, `Wall time: ${(result.durationMs / 1000).toFixed(1)} seconds`);
  if (truncated || result.droppedBytes > 0) lines.push(`Total output lines: ${totalLines}`);
  lines.push('Output:', body);
  return lines.join('\n');
}
