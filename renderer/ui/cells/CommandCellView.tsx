import { useLayoutEffect, useRef } from 'react';
import type { CommandCell } from '../../conversation/cells.js';
import { formatCommand } from '../../conversation/formatCommand.js';
import { CopyButton } from './CopyButton.js';
import { FoldButton } from './FoldButton.js';
import { formatDuration } from './formatDuration.js';
import { useToggle } from './useToggle.js';
import { Spinner } from '../Spinner.js';

/** While a command runs, its row shows the last lines only, as a terminal would. */
const LIVE_TAIL_LINES = 40;

function tail(text: string, lines: number): string {
  let at = text.length;
  for (let n = 0; n <= lines && at > 0; n += 1) at = text.lastIndexOf('\n', at - 1);
  return at <= 0 ? text : text.slice(at + 1);
}

function outcome(cell: CommandCell): { text: string; tone: 'ok' | 'bad' | 'busy' | 'muted' } {
  switch (cell.state) {
    case 'running':
      return { text: 'Running', tone: 'busy' };
    case 'interrupted':
      return { text: 'Stopped', tone: 'muted' };
    case 'done': {
      const took = cell.durationMs !== null ? ` · ${formatDuration(cell.durationMs)}` : '';
      return { text: `Exit ${cell.exitCode ?? '?'}${took}`, tone: cell.exitCode === 0 ? 'ok' : 'bad' };
    }
  }
}

export function CommandCellView({ cell, toggleKey }: { cell: CommandCell; toggleKey: string }) {
  const failed = cell.state === 'done' && cell.exitCode !== 0;
  const [open, setOpen] = useToggle(toggleKey, cell.state === 'running' || failed);
  const result = outcome(cell);
  const hasOutput = cell.output.trim() !== '';
  const command = formatCommand(cell.command);
  const shown = cell.state === 'running' ? tail(cell.output, LIVE_TAIL_LINES) : cell.output;
  const output = useRef<HTMLPreElement>(null);

  // Like a terminal, the output shows its end: the newest lines while it runs, the error when it failed.
  useLayoutEffect(() => {
    const element = output.current;
    if (element) element.scrollTop = element.scrollHeight;
  }, [shown, open]);

  return (
    <div className={`cell cell--command command--${cell.state}`}>
      <div className="command__header">
        <code className="command__line" title={cell.cwd}>
          <span className="command__prompt" aria-hidden="true">
            ${' '}
          </span>
          {command}
        </code>
        <span className={`badge badge--${result.tone}`}>
          {cell.state === 'running' && <Spinner small />}
          {result.text}
        </span>
      </div>
      {hasOutput && (
        <>
          <div className="command__output-bar">
            <FoldButton open={open} onToggle={setOpen} controls={`${toggleKey}-output`}>
              <span className="fold__label">{open ? 'Hide output' : 'Show output'}</span>
            </FoldButton>
            {cell.state !== 'running' && <CopyButton text={cell.output} label="Copy output" />}
          </div>
          {open && (
            <pre ref={output} id={`${toggleKey}-output`} className={cell.state === 'running' ? 'output output--live' : 'output'}>
              {cell.outputTrimmed && <span className="output__trimmed">… earlier output not shown …{'\n'}</span>}
              {shown}
            </pre>
          )}
        </>
      )}
    </div>
  );
}
