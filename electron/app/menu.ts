import { Menu, shell, type BrowserWindow, type MenuItemConstructorOptions } from 'electron';
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
      submenu: [{ label: 'Tandem Settings Folder', click: () => void shell.openPath(options.tandemHome) }, ...(isMac ? [] : updates)],
    },
  ];
  Menu.setApplicationMenu(Menu.buildFromTemplate(template));
}
