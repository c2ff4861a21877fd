import type { ApprovalPolicy, SandboxPolicy } from '../../../shared/protocol/index.js';
import type { MessageItem } from '../history/items.js';

const SANDBOX_WORDS: Record<SandboxPolicy['mode'], string> = {
  'read-only': 'Commands run in a read-only sandbox: they can read files but not write them, and have no network.',
  'workspace-write':
    'Commands run in a sandbox that lets them write only inside the project folder, the extra writable roots and the temporary folder; .git is read-only and the network is off.',
  'danger-full-access': 'Commands run without a sandbox, with full access to the file system and the network.',
};

const APPROVAL_WORDS: Record<ApprovalPolicy, string> = {
  untrusted: 'Any command that is not a known read-only command waits for the user\'s approval before it runs.',
  'on-failure': 'Commands run in the sandbox without asking; if the sandbox blocks one, the user is asked whether to run it again outside.',
  'on-request':
    'Commands run in the sandbox without asking. When a command truly needs more (network, writing outside the project), call shell_command with with_escalated_permissions and a one-sentence justification, and the user decides.',
  never: 'The user is never asked. Work within the sandbox; when it blocks something, find another way or explain.',
};

export interface PermissionsContext {
  approvalPolicy: ApprovalPolicy;
  sandboxPolicy: SandboxPolicy;
  /** False when no sandbox works on this machine, so commands are not contained. */
  sandboxAvailable: boolean;
  writableRoots: string[];
}

/** The developer message at the start of a session describing what the agent may do. */
export function permissionsMessage(ctx: PermissionsContext): MessageItem {
  const lines = ['<permissions instructions>'];
  lines.push(ctx.sandboxAvailable || ctx.sandboxPolicy.mode === 'danger-full-access'
    ? SANDBOX_WORDS[ctx.sandboxPolicy.mode]
    : 'No sandbox is available on this machine, so commands are not contained; expect the user to be asked more often.');
  if (ctx.sandboxPolicy.mode === 'workspace-write' && ctx.writableRoots.length > 0) {
    lines.push(`Writable roots: ${ctx.writableRoots.join(', ')}.`);
  }
  lines.push(APPROVAL_WORDS[ctx.approvalPolicy]);
  lines.push('</permissions instructions>');
  return { type: 'message', role: 'developer', content: [{ type: 'input_text', text: lines.join('\n') }] };
}

export interface EnvironmentContext {
  cwd: string;
  approvalPolicy: ApprovalPolicy;
  sandboxPolicy: SandboxPolicy;
  shell: string;
  now: Date;
}

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export function environmentContextText(ctx: EnvironmentContext): string {
  const timezone = Intl.DateTimeFormat().resolvedOptions().timeZone ?? 'UTC';
  const date = ctx.now.toISOString().slice(0, 10);
  const network = ctx.sandboxPolicy.mode === 'danger-full-access' || (ctx.sandboxPolicy.mode === 'workspace-write' && ctx.sandboxPolicy.network_access)
    ? 'enabled'
    : 'restricted';
  return [
    '<environment_context>',
    `  <cwd>${escapeXml(ctx.cwd)}</cwd>`,
    `  <approval_policy>${ctx.approvalPolicy}</approval_policy>`,
    `  <sandbox_mode>${ctx.sandboxPolicy.mode}</sandbox_mode>`,
    `  <network_access>${network}</network_access>`,
    `  <shell>${escapeXml(ctx.shell)}</shell>`,
    `  <current_date>${date}</current_date>`,
    `  <timezone>${escapeXml(timezone)}</timezone>`,
    '</environment_context>',
  ].join('\n');
}

export function projectInstructionsText(agentsMd: string, cwd: string): string {
  return `# AGENTS.md instructions for ${cwd}\n\n<INSTRUCTIONS>\n${agentsMd}\n</INSTRUCTIONS>`;
}

/** The user message that opens every session: project instructions (if any) and the environment. */
export function contextMessage(agentsMd: string | null, env: EnvironmentContext): MessageItem {
  const content: MessageItem['content'] = [];
  if (agentsMd) content.push({ type: 'input_text', text: projectInstructionsText(agentsMd, env.cwd) });
  content.push({ type: 'input_text', text: environmentContextText(env) });
  return { type: 'message', role: 'user', content };
}
