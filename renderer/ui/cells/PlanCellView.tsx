import type { PlanCell } from '../../conversation/cells.js';

const STATUS_WORDS = { pending: 'To do', in_progress: 'In progress', completed: 'Done' } as const;

export function PlanCellView({ cell }: { cell: PlanCell }) {
  return (
    <div className="cell cell--plan">
      <div className="plan__title">Plan</div>
      {cell.explanation && <p className="plan__explanation">{cell.explanation}</p>}
      <ol className="plan__steps">
        {cell.plan.map((item, i) => (
          <li key={i} className={`plan__step plan__step--${item.status}`}>
            <span className="plan__mark" aria-hidden="true" />
            <span className="visually-hidden">{STATUS_WORDS[item.status]}: </span>
            {item.step}
          </li>
        ))}
      </ol>
    </div>
  );
}
