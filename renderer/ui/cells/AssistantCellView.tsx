import type { AssistantCell } from '../../conversation/cells.js';
import { MarkdownText } from '../markdown/Markdown.js';
import { CopyButton } from './CopyButton.js';

export function AssistantCellView({ cell }: { cell: AssistantCell }) {
  return (
    <div className={cell.streaming ? 'cell cell--assistant cell--streaming' : 'cell cell--assistant'}>
      <MarkdownText text={cell.text} streaming={cell.streaming} />
      {cell.incomplete && <p className="assistant__incomplete">Incomplete: the answer was cut off by the problem below.</p>}
      {!cell.streaming && <CopyButton text={cell.text} label="Copy message" className="cell__copy" />}
    </div>
  );
}
