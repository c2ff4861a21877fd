import type { UndoCell } from '../../conversation/cells.js';
import { TextWithCode } from './TextWithCode.js';
import { Spinner } from '../Spinner.js';

const LABELS: Record<UndoCell['state'], string> = {
  running: 'Undoing',
  restored: 'Undone',
  nothing: 'Undo',
  unavailable: 'Undo',
  failed: 'Undo failed',
};

/** One undo: the agent's words while it restores the files, then what came of it. */
export function UndoCellView({ cell }: { cell: UndoCell }) {
  // "Undo  Undo is unavailable: …" would say it twice.
  const label = /^undo\b/i.test(cell.text) ? null : LABELS[cell.state];
  return (
    <div className={`cell cell--undo undo--${cell.state}`} aria-busy={cell.state === 'running'}>
      <span className="undo__mark" aria-hidden="true">
        {cell.state === 'running' ? (
          <Spinner small />
        ) : (
          <svg viewBox="0 0 16 16">
            <path d="M5.5 3.5L2.5 6.5l3 3" />
            <path d="M2.5 6.5h7a4 4 0 0 1 0 8h-3" />
          </svg>
        )}
      </span>
      {label && <span className="undo__label">{label}</span>}
      <div className="undo__body">
        <p className="undo__text">{cell.text}</p>
        {cell.advice && (
          <p className="undo__advice">
            <TextWithCode text={cell.advice} />
          </p>
        )}
      </div>
    </div>
  );
}
