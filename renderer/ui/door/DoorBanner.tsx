import { useApp } from '../../store/StoreContext.js';
import { useNow } from '../useNow.js';

/** In a browser: says plainly when the connection to Tandem is closed, and that it is being retried. */
export function DoorBanner() {
  const door = useApp((s) => s.door);
  const retryDoor = useApp((s) => s.retryDoor);
  const now = useNow(door?.state === 'waiting');
  if (!door || door.state === 'open') return null;

  if (door.state === 'connecting') {
    if (door.attempt <= 1) return null;
    return (
      <div className="door-banner" role="status">
        Connecting to Tandem again…
      </div>
    );
  }

  if (door.state === 'refused') {
    return (
      <div className="door-banner door-banner--closed" role="alert">
        Tandem turned this page away: its link is missing the token or has an old one. Open the address that
        <code> tandem serve </code>
        printed, token included.
      </div>
    );
  }

  const seconds = Math.max(0, Math.ceil((door.retryAt - now) / 1000));
  return (
    <div className="door-banner door-banner--closed" role="alert">
      <span>
        The connection to Tandem is closed. Is <code>tandem serve</code> still running? Trying again in {seconds} s. If it
        was started again, open the new address it printed: the old one&rsquo;s token no longer works.
      </span>
      <button type="button" className="button button--small" onClick={retryDoor}>
        Try now
      </button>
    </div>
  );
}
