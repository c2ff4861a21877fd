import { memo } from 'react';
import { diffLineKind } from './diffText.js';

/** Past this many lines a diff shows its start and says how much more there is. */
const MAX_LINES = 1500;

export const DiffView = memo(function DiffView({ lines, label }: { lines: readonly string[]; label: string }) {
  const shown = lines.length > MAX_LINES ? lines.slice(0, MAX_LINES) : lines;
  return (
    <pre className="diff" aria-label={label}>
      {shown.map((line, i) => (
        <span key={i} className={`diff__line diff__line--${diffLineKind(line)}`}>
          {line === '' ? ' ' : line}
          {'\n'}
        </span>
      ))}
      {lines.length > MAX_LINES && <span className="diff__line diff__line--meta">… {lines.length - MAX_LINES} more lines</span>}
    </pre>
  );
});
