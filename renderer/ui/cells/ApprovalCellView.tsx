import type { ApprovalCell, ApprovalState } from '../../conversation/cells.js';
import { formatCommand } from '../../conversation/formatCommand.js';

const STATE_WORDS: Record<ApprovalState, string> = {
  pending: 'Waiting for your answer',
  approved: 'Approved',
  approved_for_session: 'Approved for this session',
  denied: 'Denied',
  abort: 'Denied and stopped',
  expired: 'Not answered before the turn ended',
};

/** The record of an approval request in the conversation; the answer itself is given on the card. */
export function ApprovalCellView({ cell }: { cell: ApprovalCell }) {
  const what =
    cell.request.type === 'exec'
      ? formatCommand(cell.request.command)
      : Object.keys(cell.request.changes).join(', ');
  const tone = cell.state === 'approved' || cell.state === 'approved_for_session' ? 'ok' : cell.state === 'pending' ? 'busy' : cell.state === 'expired' ? 'muted' : 'bad';
  return (
    <div className="cell cell--approval">
      <span className="approval-record__what">
        {cell.request.type === 'exec' ? 'Asked to run ' : 'Asked to change '}
        <code>{what}</code>
      </span>
      <span className={`badge badge--${tone}`}>{STATE_WORDS[cell.state]}</span>
    </div>
  );
}
