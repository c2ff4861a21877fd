import { z } from 'zod';
import { PlanItem, describeIssues } from '../../../shared/protocol/index.js';
import type { CallItem } from '../history/items.js';
import type { ToolContext } from './context.js';
import { runShellInvocation } from './shell.js';
import { applyPatchSpec, runApplyPatch } from './apply-patch.js';
import { shellCommandSpec, updatePlanSpec, type ToolSpec } from './spec.js';

const ShellCommandArgs = z.object({
  command: z.string().min(1),
  workdir: z.string().nullish(),
  timeout_ms: z.number().int().positive().nullish(),
  with_escalated_permissions: z.boolean().nullish(),
  justification: z.string().nullish(),
});
const LegacyShellArgs = ShellCommandArgs.extend({ command: z.array(z.string()).min(1) });
const UpdatePlanArgs = z.object({ explanation: z.string().nullish(), plan: z.array(PlanItem) });

const ApplyPatchArgs = z.object({ input: z.string() });

/** The tools offered to the model. */
export function toolSpecs(ctx: { approvalPolicy: string }): ToolSpec[] {
  return [shellCommandSpec({ canEscalate: ctx.approvalPolicy === 'on-request' }), applyPatchSpec, updatePlanSpec];
}

/** Calls that may run while others do; anything that touches the machine runs one at a time. */
export function isParallelSafe(call: CallItem): boolean {
  return call.type === 'function_call' && call.name === 'update_plan';
}

function parseArgs<T>(schema: z.ZodType<T>, json: string): { ok: true; value: T } | { ok: false; error: string } {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch (err) {
    return { ok: false, error: `failed to parse function arguments: ${(err as Error).message}` };
  }
  const parsed = schema.safeParse(value);
  return parsed.success ? { ok: true, value: parsed.data } : { ok: false, error: `failed to parse function arguments: ${describeIssues(parsed.error)}` };
}

/** Runs one tool call and returns the output text the model will read. Never throws for bad input. */
export async function dispatchToolCall(call: CallItem, ctx: ToolContext): Promise<string> {
  switch (call.type) {
    case 'local_shell_call':
      return runShellInvocation(ctx, {
        callId: call.call_id,
        argv: call.action.command,
        workdir: call.action.working_directory,
        timeoutMs: call.action.timeout_ms,
      });
    case 'custom_tool_call':
      if (call.name === 'apply_patch') return runApplyPatch(ctx, call.call_id, call.input);
      return `unsupported custom tool call: ${call.name}`;
    case 'function_call':
      switch (call.name) {
        case 'shell_command':
        case 'shell': {
          // `shell` is the older form: the same fields, with the command as an argv array.
          const args = call.name === 'shell' ? parseArgs(LegacyShellArgs, call.arguments) : parseArgs(ShellCommandArgs, call.arguments);
          if (!args.ok) return args.error;
          const { command, workdir, timeout_ms, with_escalated_permissions, justification } = args.value;
          return runShellInvocation(ctx, {
            callId: call.call_id,
            argv: typeof command === 'string' ? [ctx.shellPath, '-c', command] : command,
            workdir,
            timeoutMs: timeout_ms,
            escalationRequested: with_escalated_permissions ?? false,
            justification,
          });
        }
        case 'apply_patch': {
          const args = parseArgs(ApplyPatchArgs, call.arguments);
          if (!args.ok) return args.error;
          return runApplyPatch(ctx, call.call_id, args.value.input);
        }
        case 'update_plan': {
          const args = parseArgs(UpdatePlanArgs, call.arguments);
          if (!args.ok) return args.error;
          ctx.emit({ type: 'plan_update', explanation: args.value.explanation ?? null, plan: args.value.plan });
          return 'Plan updated';
        }
        default:
          return `unsupported call: ${call.name}`;
      }
  }
}
