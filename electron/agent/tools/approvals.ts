import type { ReviewDecision } from '../../../shared/protocol/index.js';

export type ApprovalKind = 'exec' | 'patch';

/**
 * The approval requests waiting for the person, by call id. An answer is accepted only for a request that
 * is pending and of the same kind; an interrupt answers every pending request with `abort`.
 */
export class PendingApprovals {
  private readonly pending = new Map<string, { kind: ApprovalKind; resolve: (decision: ReviewDecision) => void }>();

  wait(kind: ApprovalKind, callId: string, signal: AbortSignal): Promise<ReviewDecision> {
    if (signal.aborted) return Promise.resolve('abort');
    return new Promise((resolve) => {
      const onAbort = () => settle('abort');
      const settle = (decision: ReviewDecision) => {
        signal.removeEventListener('abort', onAbort);
        this.pending.delete(callId);
        resolve(decision);
      };
      signal.addEventListener('abort', onAbort, { once: true });
      this.pending.set(callId, { kind, resolve: settle });
    });
  }

  /** Returns false when nothing of that kind is pending under that id. */
  answer(kind: ApprovalKind, callId: string, decision: ReviewDecision): boolean {
    const entry = this.pending.get(callId);
    if (!entry || entry.kind !== kind) return false;
    entry.resolve(decision);
    return true;
  }

  get size(): number {
    return this.pending.size;
  }
}
