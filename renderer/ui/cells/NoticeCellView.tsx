import type { NoticeCell } from '../../conversation/cells.js';
import { useApp } from '../../store/StoreContext.js';

const LEVEL_WORDS: Record<NoticeCell['level'], string> = {
  info: 'Note',
  warning: 'Warning',
  error: 'Problem',
  retry: 'Reconnecting',
};

export function NoticeCellView({ cell }: { cell: NoticeCell }) {
  const openSettings = useApp((s) => s.openSettings);
  // Advice to fix the base URL in Settings would mislead while a flag of this run fixes it: say so instead.
  const fixedBaseUrl = useApp((s) => s.settings?.fixed.base_url ?? null);
  const aboutBaseUrl = cell.level === 'error' && (cell.advice?.includes('base URL') ?? false);
  const pointsToSettings = cell.level === 'error' && cell.advice?.includes('Settings') && !(aboutBaseUrl && fixedBaseUrl);
  return (
    // No live-region role: a virtualised row mounts again whenever it scrolls into view, and would be
    // announced again each time.
    <div className={`cell cell--notice notice--${cell.level}`}>
      <span className="notice__level">{LEVEL_WORDS[cell.level]}</span>
      <div className="notice__body">
        <p className="notice__text">{cell.text}</p>
        {cell.advice && <p className="notice__advice">{cell.advice}</p>}
        {aboutBaseUrl && fixedBaseUrl && <p className="notice__advice">The base URL cannot be changed in Settings now. {fixedBaseUrl.reason}</p>}
        {cell.detail && <p className="notice__detail">{cell.detail}</p>}
        {pointsToSettings && (
          <button type="button" className="button button--small" onClick={() => openSettings()}>
            Open Settings
          </button>
        )}
      </div>
    </div>
  );
}
