import { Menu, shell, type BrowserWindow, type MenuItemConstructorOptions } from 'electron';
import { SHOW_SHORTCUTS_CHANNEL } from '../doors/ipc/channels.js';
import { updateMenuItems } from './updates.js';

/** The application menu: the platform's standard menus, the settings folder, and updates once a feed is configured. */
export function buildAppMenu(options: { tandemHome: string; currentWindow: () => BrowserWindow | null }): void {
  const isMac = process.platform === 'darwin';
  // Empty until an update feed is configured (update-feed.ts).
  const updates = updateMenuItems(options.currentWindow);
  const appMenu: MenuItemConstructorOptions = {
    role: 'appMenu',
    submenu: [
      { role: 'about' },
      ...updates,
      { type: 'separator' },
      { role: 'services' },
      { type: 'separator' },
      { role: 'hide' },
      { role: 'hideOthers' },
      { role: 'unhide' },
      { type: 'separator' },
      { role: 'quit' },
    ],
  };
  const template: MenuItemConstructorOptions[] = [
    ...(isMac ? [appMenu] : []),
    { role: 'fileMenu' },
    { role: 'editMenu' },
    { role: 'viewMenu' },
    { role: 'windowMenu' },
    {
      role: 'help',
      submenu: [
        // The page's list says which keys apply in the app and which in a browser.
        { label: 'Keyboard Shortcuts', click: () => options.currentWindow()?.webContents.send(SHOW_SHORTCUTS_CHANNEL) },
        { label: 'Tandem Settings Folder', click: () => void shell.openPath(options.tandemHome) },
        ...(isMac ? [] : updates),
      ],
    },
  ];
  Menu.setApplicationMenu(Menu.buildFromTemplate(template));
}
