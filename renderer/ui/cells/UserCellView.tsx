import { CopyButton } from './CopyButton.js';
import type { UserCell } from '../../conversation/cells.js';

export function UserCellView({ cell }: { cell: UserCell }) {
  return (
    <div className="cell cell--user">
      {cell.images && cell.images.length > 0 && (
        <ul className="user-images" aria-label="Images sent">
          {cell.images.map((url, index) => (
            <li key={index}>
              <img className="user-images__image" src={url} alt={`Image ${index + 1} of ${cell.images?.length ?? 0} sent with the message`} />
            </li>
          ))}
        </ul>
      )}
      {cell.text !== '' && <div className="user-message">{cell.text}</div>}
      {cell.text !== '' && <CopyButton text={cell.text} label="Copy message" className="cell__copy" />}
      {cell.delivery === 'queued' && (
        <span className="tag tag--queued" title="The agent reads it before its next step">
          Queued
        </span>
      )}
    </div>
  );
}
