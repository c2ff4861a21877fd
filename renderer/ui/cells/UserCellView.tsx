import { CopyButton } from './CopyButton.js';
import type { UserCell } from '../../conversation/cells.js';

export function UserCellView({ cell }: { cell: UserCell }) {
  return (
    <div className="cell cell--user">
      <div className="user-message">{cell.text}</div>
      <CopyButton text={cell.text} label="Copy message" className="cell__copy" />
      {cell.delivery === 'queued' && (
        <span className="tag tag--queued" title="The agent reads it before its next step">
          Queued
        </span>
      )}
    </div>
  );
}
