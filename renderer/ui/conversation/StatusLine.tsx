import type { SessionView } from '../../conversation/sessionView.js';
import { describeStatus, describeTokenUse } from '../../conversation/status.js';
import { useNow } from '../useNow.js';
import { Spinner } from '../Spinner.js';

/** The spinner and its words, token use, and Stop while the agent works. */
export function StatusLine({ view, onStop }: { view: SessionView; onStop(): void }) {
  const ticking = view.turn.active && view.turn.runningCallIds.length > 0;
  const now = useNow(ticking);
  const status = describeStatus(view, now);
  const tokens = describeTokenUse(view);
  return (
    <div className={`status-line status-line--${status.kind}`}>
      <div className="status-line__state" role="status">
        {status.busy && <Spinner />}
        <span className="status-line__text">{status.text}</span>
      </div>
      {tokens && <span className="status-line__tokens">{tokens}</span>}
      {status.busy && (
        <button type="button" className="button button--small button--stop" onClick={onStop} title="Stop (Esc)">
          Stop
        </button>
      )}
    </div>
  );
}
