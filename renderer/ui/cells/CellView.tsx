import { memo } from 'react';
import type { Cell } from '../../conversation/cells.js';
import { ApprovalCellView } from './ApprovalCellView.js';
import { AssistantCellView } from './AssistantCellView.js';
import { CommandCellView } from './CommandCellView.js';
import { CompactionCellView } from './CompactionCellView.js';
import { NoticeCellView } from './NoticeCellView.js';
import { PatchCellView } from './PatchCellView.js';
import { PlanCellView } from './PlanCellView.js';
import { ReasoningCellView } from './ReasoningCellView.js';
import { TurnDiffCellView } from './TurnDiffCellView.js';
import { UndoCellView } from './UndoCellView.js';
import { UserCellView } from './UserCellView.js';
import { foldKey } from './useToggle.js';

/** One row of the conversation. Memoised on the cell, which the reducer replaces whenever it changes. */
export const CellView = memo(function CellView({ cell, sessionId }: { cell: Cell; sessionId: string }) {
  const toggleKey = foldKey(sessionId, cell.id);
  switch (cell.kind) {
    case 'user':
      return <UserCellView cell={cell} />;
    case 'assistant':
      return <AssistantCellView cell={cell} />;
    case 'reasoning':
      return <ReasoningCellView cell={cell} toggleKey={toggleKey} />;
    case 'command':
      return <CommandCellView cell={cell} toggleKey={toggleKey} />;
    case 'patch':
      return <PatchCellView cell={cell} toggleKey={toggleKey} />;
    case 'approval':
      return <ApprovalCellView cell={cell} />;
    case 'plan':
      return <PlanCellView cell={cell} />;
    case 'turn_diff':
      return <TurnDiffCellView cell={cell} toggleKey={toggleKey} sessionId={sessionId} />;
    case 'notice':
      return <NoticeCellView cell={cell} />;
    case 'undo':
      return <UndoCellView cell={cell} />;
    case 'compaction':
      return <CompactionCellView cell={cell} toggleKey={toggleKey} />;
  }
});
