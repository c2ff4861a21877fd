import { useMemo, useRef, useState } from 'react';
import { languageOfFile } from '../markdown/highlighter.js';
import { CodeLine } from './CodeLine.js';
import { STATUS_WORDS, foldContext, type DiffHunk, type DiffRow, type FileDiff } from './fileDiffs.js';

/** Past this many lines a file shows its start and says how much more there is. */
const MAX_ROWS_PER_FILE = 1500;

export interface DiffReviewProps {
  files: readonly FileDiff[];
  /** What the diff is, for screen readers ("Changes in this turn"). */
  label: string;
  /** Kept to a height that leaves the conversation in sight, scrolling inside (one scroller, no nested ones). */
  capped?: boolean;
  /** Files put back since, as the diff names them. */
  reverted?: readonly string[];
  /** Offers "Revert file" on each file not reverted yet. */
  onRevert?: (path: string) => void;
  /** Files whose revert is under way. */
  reverting?: readonly string[];
}

const MARKS: Record<DiffRow['kind'], string> = { add: '+', delete: '−', context: ' ', note: ' ' };

function Row({ row, language }: { row: DiffRow; language: string | null }) {
  return (
    <div className={`diff-row diff-row--${row.kind}`}>
      <span className="diff-row__number" aria-hidden="true">
        {row.oldLine ?? ''}
      </span>
      <span className="diff-row__number" aria-hidden="true">
        {row.newLine ?? ''}
      </span>
      <span className="diff-row__mark" aria-hidden="true">
        {MARKS[row.kind]}
      </span>
      <code className="diff-row__text hljs">{row.kind === 'note' ? <em>{row.text}</em> : <CodeLine text={row.text} language={language} />}</code>
    </div>
  );
}

function Hunk({ hunk, language, foldKey }: { hunk: DiffHunk; language: string | null; foldKey: string }) {
  const [opened, setOpened] = useState<ReadonlySet<string>>(new Set());
  const pieces = useMemo(() => foldContext(hunk, foldKey), [hunk, foldKey]);
  return (
    <>
      {pieces.map((piece, i) =>
        piece.kind === 'rows' || opened.has(piece.id) ? (
          piece.rows.map((row, j) => <Row key={`${i}-${j}`} row={row} language={language} />)
        ) : (
          <button key={piece.id} type="button" className="diff-fold" onClick={() => setOpened(new Set([...opened, piece.id]))}>
            Show {piece.rows.length} unchanged lines
          </button>
        ),
      )}
    </>
  );
}

function gapBefore(hunks: readonly DiffHunk[], index: number): string | null {
  const hunk = hunks[index];
  const previous = hunks[index - 1];
  if (!hunk || !previous) return hunk && hunk.newStart > 1 ? `Lines 1–${hunk.newStart - 1} unchanged` : null;
  const last = previous.rows.findLast((row) => row.newLine !== null)?.newLine ?? previous.newStart;
  return hunk.newStart > last + 1 ? `Lines ${last + 1}–${hunk.newStart - 1} unchanged` : null;
}

function FileSection({ file, index, reverted, reverting, onRevert }: { file: FileDiff; index: number; reverted: boolean; reverting: boolean; onRevert?: (path: string) => void }) {
  const language = languageOfFile(file.path);
  let budget = MAX_ROWS_PER_FILE;
  const total = file.hunks.reduce((sum, hunk) => sum + hunk.rows.length, 0);
  return (
    <section className={`diff-file${reverted ? ' diff-file--reverted' : ''}`} aria-label={file.path} data-file-index={index}>
      <header className="diff-file__header">
        <span className={`diff-file__status diff-file__status--${file.status}`}>{STATUS_WORDS[file.status]}</span>
        <span className="diff-file__path" title={file.path}>
          {file.oldPath ? `${file.oldPath} → ${file.path}` : file.path}
        </span>
        <span className="diff-file__counts">
          <span className="count--add">+{file.added}</span> <span className="count--delete">−{file.removed}</span>
        </span>
        {reverted && <span className="tag tag--reverted">Reverted</span>}
        {onRevert && !reverted && (
          <button type="button" className="button button--small" disabled={reverting} aria-label={`Revert ${file.path}`} title="Put this file back as it was before the turn" onClick={() => onRevert(file.path)}>
            {reverting ? 'Reverting…' : 'Revert file'}
          </button>
        )}
      </header>
      <div className="diff-file__lines">
        {file.status === 'binary' && <p className="diff-file__note">A binary file: its content is not shown.</p>}
        {file.hunks.map((hunk, i) => {
          if (budget <= 0) return null;
          const gap = gapBefore(file.hunks, i);
          const shown = hunk.rows.length > budget ? { ...hunk, rows: hunk.rows.slice(0, budget) } : hunk;
          budget -= shown.rows.length;
          return (
            <div key={i} className="diff-hunk">
              {gap && file.status === 'modified' && <div className="diff-gap">{gap}</div>}
              <Hunk hunk={shown} language={language} foldKey={`${index}:${i}`} />
            </div>
          );
        })}
        {total > MAX_ROWS_PER_FILE && <p className="diff-file__note">… {total - MAX_ROWS_PER_FILE} more lines not shown</p>}
      </div>
    </section>
  );
}

/**
 * A diff for reading: the list of files with their counts, then each file with its line numbers, colours and
 * long unchanged stretches folded. One scroller: capped, the whole review scrolls inside its box; otherwise the
 * page (or dialog) around it scrolls.
 */
export function DiffReview({ files, label, capped = false, reverted = [], onRevert, reverting = [] }: DiffReviewProps) {
  const box = useRef<HTMLDivElement>(null);
  const show = (index: number) => {
    const section = box.current?.querySelector(`[data-file-index="${index}"]`);
    section?.scrollIntoView({ block: 'start', behavior: 'smooth' });
  };
  if (files.length === 0) return <p className="diff-review__empty">No file changes.</p>;
  return (
    <div ref={box} className={capped ? 'diff-review diff-review--capped' : 'diff-review'} role="region" aria-label={label} tabIndex={capped ? 0 : undefined}>
      <ul className="diff-review__files" aria-label="Changed files">
        {files.map((file, i) => (
          <li key={file.path}>
            <button type="button" className="diff-review__file" onClick={() => show(i)}>
              <span className={`diff-file__status diff-file__status--${file.status}`}>{STATUS_WORDS[file.status]}</span>
              <span className="diff-review__file-path">{file.path}</span>
              <span className="count--add">+{file.added}</span> <span className="count--delete">−{file.removed}</span>
              {reverted.includes(file.path) && <span className="tag tag--reverted">Reverted</span>}
            </button>
          </li>
        ))}
      </ul>
      {files.map((file, i) => (
        <FileSection key={file.path} file={file} index={i} reverted={reverted.includes(file.path)} reverting={reverting.includes(file.path)} {...(onRevert ? { onRevert } : {})} />
      ))}
    </div>
  );
}
