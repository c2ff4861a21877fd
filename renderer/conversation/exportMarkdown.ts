import type { Cell, PatchCell } from './cells.js';
import { formatCommand } from './formatCommand.js';

/** A command's output in an export keeps its last lines only: enough to see what happened, not a log dump. */
export const EXPORT_OUTPUT_LINES = 60;
export const EXPORT_OUTPUT_CHARS = 8_000;

const ANSWERS: Record<string, string> = {
  pending: 'not answered yet',
  expired: 'not answered (the turn ended first)',
  approved: 'approved',
  approved_for_session: 'approved for the session',
  denied: 'denied',
  abort: 'denied, and the turn stopped',
};

/** A code fence longer than any run of backticks in the text, so the text cannot close it. */
function fenced(text: string, language = ''): string {
  const longest = Math.max(2, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longest + 1);
  return `${fence}${language}\n${text.endsWith('\n') ? text : `${text}\n`}${fence}`;
}

/** The end of a command's output, at most so many lines and characters, saying what was left out. */
export function cappedOutput(output: string): string {
  let text = output.replace(/\n$/, '');
  const lines = text.split('\n');
  let cut = 0;
  if (lines.length > EXPORT_OUTPUT_LINES) {
    cut += lines.length - EXPORT_OUTPUT_LINES;
    text = lines.slice(-EXPORT_OUTPUT_LINES).join('\n');
  }
  if (text.length > EXPORT_OUTPUT_CHARS) {
    const dropped = text.slice(0, text.length - EXPORT_OUTPUT_CHARS);
    cut += dropped.split('\n').length - 1;
    text = text.slice(text.length - EXPORT_OUTPUT_CHARS);
  }
  return cut > 0 ? `… ${cut} earlier lines not shown …\n${text}` : text;
}

function patchDiff(changes: PatchCell['changes']): string {
  return Object.entries(changes)
    .map(([path, change]) => {
      switch (change.type) {
        case 'add':
          return `--- /dev/null\n+++ ${path}\n${change.content.replace(/\n$/, '').split('\n').map((line) => `+${line}`).join('\n')}`;
        case 'delete':
          return `--- ${path}\n+++ /dev/null\n${change.content.replace(/\n$/, '').split('\n').map((line) => `-${line}`).join('\n')}`;
        case 'update':
          return `--- ${path}\n+++ ${change.move_path ?? path}\n${change.unified_diff.replace(/\n$/, '')}`;
      }
    })
    .join('\n');
}

function laterEdits(cell: { undone: boolean; reverted: readonly string[] }): string {
  if (cell.undone) return ' (undone since)';
  return cell.reverted.length > 0 ? ` (reverted since: ${cell.reverted.join(', ')})` : '';
}

function cellMarkdown(cell: Cell): string | null {
  switch (cell.kind) {
    case 'user':
      return `## You\n\n${cell.text}`;
    case 'assistant':
      return `## Agent\n\n${cell.text}`;
    case 'reasoning':
      return null;
    case 'command': {
      const outcome = cell.state === 'running' ? 'running' : cell.state === 'interrupted' ? 'stopped' : `exit ${cell.exitCode ?? '?'}`;
      const output = cell.output.trim() === '' ? '' : `\n\n${fenced(cappedOutput(cell.output), 'text')}`;
      return `**Command** (${outcome}):\n\n${fenced(`$ ${formatCommand(cell.command)}`, 'sh')}${output}`;
    }
    case 'patch': {
      const files = Object.keys(cell.changes);
      const state = cell.state === 'applied' ? 'applied' : cell.state === 'failed' ? 'failed' : cell.state === 'applying' ? 'applying' : 'stopped';
      return `**Patch** (${state}${cell.autoApproved ? ', no approval needed' : ''})${laterEdits(cell)}: ${files.join(', ')}\n\n${fenced(patchDiff(cell.changes), 'diff')}`;
    }
    case 'approval': {
      const asked = cell.request.type === 'exec' ? `run \`${formatCommand(cell.request.command)}\`` : `change ${Object.keys(cell.request.changes).join(', ')}`;
      const reason = cell.reason ? ` Reason: ${cell.reason}.` : '';
      return `**Approval asked** to ${asked} in \`${cell.cwd}\`.${reason} **Answer:** ${ANSWERS[cell.state] ?? cell.state}.`;
    }
    case 'plan':
      return `**Plan**${cell.explanation ? `: ${cell.explanation}` : ''}\n\n${cell.plan.map((item) => `- [${item.status === 'completed' ? 'x' : ' '}] ${item.step}${item.status === 'in_progress' ? ' (in progress)' : ''}`).join('\n')}`;
    case 'turn_diff':
      return `**Changes in this turn**${laterEdits(cell)}:\n\n${fenced(cell.unifiedDiff, 'diff')}`;
    case 'notice':
      return `> ${cell.text}${cell.advice ? ` ${cell.advice}` : ''}`;
    case 'undo':
      return `> Undo: ${cell.text}`;
    case 'compaction':
      return `---\n\n*Conversation compacted.*${cell.summary ? `\n\n<details><summary>The summary the model kept</summary>\n\n${cell.summary}\n\n</details>` : ''}`;
  }
}

/** The conversation as a Markdown document: messages, commands with their output cut short, patches and diffs, approvals and the answers. */
export function conversationMarkdown(cells: readonly Cell[], about: { title: string; cwd: string; model: string | null; at: Date }): string {
  const head = [`# ${about.title}`, '', `Project: \`${about.cwd}\`${about.model ? ` · Model: ${about.model}` : ''} · Exported ${about.at.toISOString()}`];
  const body = cells.flatMap((cell) => cellMarkdown(cell) ?? []);
  return `${[...head, ...body.flatMap((part) => ['', part])].join('\n')}\n`;
}

/** A file name for the export: the title's words, safe on every system. */
export function exportFileName(title: string, at: Date): string {
  const words = title.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 60) || 'conversation';
  return `${words}-${at.toISOString().slice(0, 10)}.md`;
}
