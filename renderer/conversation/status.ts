import { shortCommand } from './formatCommand.js';
import type { SessionView } from './sessionView.js';

export type StatusKind = 'idle' | 'ended' | 'thinking' | 'running' | 'waiting' | 'reconnecting';

export interface Status {
  kind: StatusKind;
  /** What the spinner's words say. */
  text: string;
  /** True when the agent is at work: a spinner turns and Stop is offered. */
  busy: boolean;
}

/** What is happening in a session, in the words the status line shows. `now` is ms on the reducer's clock. */
export function describeStatus(view: SessionView, now: number): Status {
  const { turn } = view;
  if (!turn.active) {
    return view.closed ? { kind: 'ended', text: 'Session ended', busy: false } : { kind: 'idle', text: 'Ready', busy: false };
  }
  if (turn.pendingApprovalCallIds.length > 0) {
    return { kind: 'waiting', text: 'Waiting for you to approve', busy: true };
  }
  if (turn.retry) {
    const { attempt, maxAttempts } = turn.retry;
    const count = attempt === null ? '' : maxAttempts === null ? ` ${attempt}` : ` ${attempt}/${maxAttempts}`;
    return { kind: 'reconnecting', text: `Reconnecting${count}`, busy: true };
  }
  const newest = turn.runningCallIds[turn.runningCallIds.length - 1];
  if (newest !== undefined) {
    const cell = findRunningCommand(view, newest);
    if (cell) {
      const seconds = Math.max(0, Math.floor((now - cell.startedAt) / 1000));
      const others = turn.runningCallIds.length - 1;
      const more = others > 0 ? ` and ${others} more` : '';
      return { kind: 'running', text: `Running \`${shortCommand(cell.command)}\` for ${seconds} s${more}`, busy: true };
    }
  }
  if (view.historyEdit?.step === 'compacting') return { kind: 'thinking', text: 'Compacting the conversation', busy: true };
  return { kind: 'thinking', text: 'Thinking', busy: true };
}

/**
 * Why the conversation cannot be undone or compacted right now, in plain words; null when it can. The
 * agent refuses both while a turn runs, and one change at a time keeps an undo's rollback from landing on
 * a turn that began meanwhile.
 */
export function historyEditBlocker(view: SessionView): string | null {
  if (view.closed) return 'This session has ended.';
  if (view.historyEdit?.step === 'compacting') return 'The conversation is being compacted.';
  if (view.historyEdit !== null) return 'The last undo is still under way.';
  if (view.turn.active) return 'The agent is working. Wait for the turn to end, or stop it first.';
  return null;
}

function findRunningCommand(view: SessionView, callId: string) {
  for (let i = view.cells.length - 1; i >= 0; i -= 1) {
    const cell = view.cells[i];
    if (cell?.kind === 'command' && cell.callId === callId) return cell;
  }
  return undefined;
}

/** "12.3k tokens, 8% of the context" for the status line; null before the first token_count. */
export function describeTokenUse(view: SessionView): string | null {
  const info = view.tokenInfo;
  if (!info) return null;
  const total = info.total_token_usage.total_tokens;
  const words = `${formatCount(total)} tokens`;
  const window = view.modelContextWindow ?? info.model_context_window;
  if (!window) return words;
  // The context holds the last request's tokens, not the whole session's sum.
  const inContext = info.last_token_usage.total_tokens;
  const percent = Math.min(100, Math.round((inContext / window) * 100));
  return `${words} · ${percent}% of context used`;
}

function formatCount(n: number): string {
  if (n < 1000) return String(n);
  if (n < 1_000_000) return `${(n / 1000).toFixed(n < 10_000 ? 1 : 0)}k`;
  return `${(n / 1_000_000).toFixed(1)}M`;
}
