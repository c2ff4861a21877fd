import { useState } from 'react';
import { useApp } from '../../store/StoreContext.js';

function currentPermission(): NotificationPermission | 'unsupported' {
  return typeof Notification === 'undefined' ? 'unsupported' : Notification.permission;
}

/**
 * In a browser, notifications need the person's leave, asked with a click: this says where it stands and
 * asks. The desktop app needs no leave, so it shows nothing there.
 */
export function NotificationPermission() {
  const door = useApp((s) => s.door);
  const [permission, setPermission] = useState(currentPermission);
  if (door === null) return null;
  if (permission === 'unsupported') return <p className="field__help">This browser cannot show notifications; the window&rsquo;s title still counts sessions that wait.</p>;
  if (permission === 'granted') return <p className="field__help">This browser shows Tandem&rsquo;s notifications.</p>;
  if (permission === 'denied') return <p className="field__help">This browser blocks Tandem&rsquo;s notifications; allow them in its site settings.</p>;
  return (
    <button type="button" className="button button--small" onClick={() => void Notification.requestPermission().then(setPermission)}>
      Allow notifications in this browser
    </button>
  );
}
