import { app, Notification, type BrowserWindow } from 'electron';
import type { AttentionRequest, AttentionResult } from '../../host/handlers.js';
import { SHOW_SESSION_CHANNEL } from './channels.js';

/**
 * The attention request under Electron: the dock or taskbar badge counts the sessions waiting for the person,
 * and a system notification tells of one; clicking it brings the window forward and has the page show that
 * session. The page decides when to ask (the window unfocused, or another session shown) and whether Settings
 * allow it; this only does what it is asked.
 */
export function electronAttention(windowOf: () => BrowserWindow | null) {
  return async ({ badge, notify }: AttentionRequest): Promise<AttentionResult> => {
    // Linux supports a count only under some desktops (Unity's launcher API); elsewhere this is a no-op.
    app.setBadgeCount(badge);
    if (!notify || !Notification.isSupported()) return { shown: false };
    const notification = new Notification({ title: notify.title, body: notify.body, silent: false });
    notification.on('click', () => {
      const window = windowOf();
      if (!window || window.isDestroyed()) return;
      if (window.isMinimized()) window.restore();
      window.show();
      window.focus();
      window.webContents.send(SHOW_SESSION_CHANNEL, notify.session_id);
    });
    notification.show();
    return { shown: true };
  };
}
