import { useEffect, useRef } from 'react';
import type { ReviewDecision } from '../../../shared/protocol/index.js';
import type { ApprovalCell } from '../../conversation/cells.js';
import { formatCommand } from '../../conversation/formatCommand.js';
import { DiffReview } from '../diff/DiffReview.js';
import { fileChangeDiffs } from '../diff/fileDiffs.js';

export const APPROVAL_CHOICES: readonly { decision: ReviewDecision; label: string; key: string }[] = [
  { decision: 'approved', label: 'Approve', key: 'y' },
  { decision: 'approved_for_session', label: 'Approve for session', key: 'a' },
  { decision: 'denied', label: 'Deny', key: 'n' },
  { decision: 'abort', label: 'Deny and stop', key: 'Esc' },
];

/**
 * The question the agent is waiting on: the command (or the patch), where, why, and the four answers.
 * The keys (y, a, n, Esc) are handled by the conversation screen, which knows what else has the keyboard.
 */
export function ApprovalCard({ request, onAnswer }: { request: ApprovalCell; onAnswer(decision: ReviewDecision): void }) {
  const card = useRef<HTMLDivElement>(null);

  // The card takes the focus so that the keys answer it, unless the person is in the middle of typing a
  // message: then their next letters must not turn into answers.
  useEffect(() => {
    const active = document.activeElement;
    const typing = active instanceof HTMLTextAreaElement && active.value !== '';
    if (!typing) card.current?.focus();
  }, [request.callId]);

  const isCommand = request.request.type === 'exec';
  return (
    <div ref={card} className="approval-card" role="dialog" aria-label="Approval" aria-describedby="approval-question" tabIndex={-1}>
      <p id="approval-question" className="approval-card__question">
        {isCommand ? 'The agent wants to run this command:' : 'The agent wants to change these files:'}
      </p>
      {request.request.type === 'exec' ? (
        <pre className="approval-card__command">
          <code>{formatCommand(request.request.command)}</code>
        </pre>
      ) : (
        <div className="approval-card__patch">
          <DiffReview files={fileChangeDiffs(request.request.changes)} label="The proposed changes" capped />
        </div>
      )}
      <dl className="approval-card__facts">
        <dt>Folder</dt>
        <dd>
          <code>{request.cwd}</code>
        </dd>
        {request.reason && (
          <>
            <dt>Reason</dt>
            <dd>{request.reason}</dd>
          </>
        )}
        {request.request.type === 'patch' && request.request.grantRoot && (
          <>
            <dt>Also allows writing in</dt>
            <dd>
              <code>{request.request.grantRoot}</code>
            </dd>
          </>
        )}
      </dl>
      <div className="approval-card__actions">
        {APPROVAL_CHOICES.map((choice) => (
          <button
            key={choice.decision}
            type="button"
            className={`button ${choice.decision === 'approved' ? 'button--primary' : ''} ${choice.decision === 'abort' ? 'button--danger' : ''}`}
            aria-label={choice.label}
            aria-keyshortcuts={choice.key === 'Esc' ? 'Escape' : choice.key}
            onClick={() => onAnswer(choice.decision)}
          >
            {choice.label}
            <kbd aria-hidden="true">{choice.key}</kbd>
          </button>
        ))}
      </div>
    </div>
  );
}
