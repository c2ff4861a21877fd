import { app, dialog, type BrowserWindow, type MenuItemConstructorOptions, type MessageBoxOptions } from 'electron';
import { existsSync } from 'node:fs';
import { updateFeed, type UpdateFeed } from './update-feed.js';

/*
 * Updates with electron-updater, asked for by the person ("Check for Updates…"), never behind their back: Tandem
 * runs commands in their projects, so a restart is theirs to choose. Off until a feed is configured
 * (update-feed.ts); then the menu item appears.
 */

let checking = false;

async function ask(window: BrowserWindow | null, options: MessageBoxOptions): Promise<number> {
  const result = window && !window.isDestroyed() ? await dialog.showMessageBox(window, options) : await dialog.showMessageBox(options);
  return result.response;
}

async function checkForUpdates(feed: UpdateFeed, window: BrowserWindow | null): Promise<void> {
  if (checking) return;
  checking = true;
  try {
    // electron-updater is CommonJS; loaded only when asked for, so a start without updates never pays for it.
    const { autoUpdater } = (await import('electron-updater')).default;
    autoUpdater.autoDownload = false;
    autoUpdater.autoInstallOnAppQuit = false;
    if (feed.kind === 'url') autoUpdater.setFeedURL({ provider: 'generic', url: feed.url });
    const result = await autoUpdater.checkForUpdates();
    const current = app.getVersion();
    if (!result?.isUpdateAvailable) {
      await ask(window, { type: 'info', message: `Tandem ${current} is the newest version.`, buttons: ['OK'] });
      return;
    }
    const next = result.updateInfo.version;
    const download = await ask(window, {
      type: 'info',
      message: `Tandem ${next} is available (you have ${current}).`,
      detail: 'Download it now? Tandem keeps running while it downloads.',
      buttons: ['Download', 'Later'],
      defaultId: 0,
      cancelId: 1,
    });
    if (download !== 0) return;
    await autoUpdater.downloadUpdate();
    const restart = await ask(window, {
      type: 'info',
      message: `Tandem ${next} is ready to install.`,
      detail: 'Restart now? Running sessions are shut down first, as when you quit; otherwise it installs the next time you quit.',
      buttons: ['Restart Now', 'Later'],
      defaultId: 0,
      cancelId: 1,
    });
    if (restart === 0) autoUpdater.quitAndInstall();
    else autoUpdater.autoInstallOnAppQuit = true;
  } catch (error) {
    await ask(window, { type: 'warning', message: 'Could not check for updates.', detail: (error as Error).message, buttons: ['OK'] });
  } finally {
    checking = false;
  }
}

/** The menu's "Check for Updates…", or nothing while updates are off. */
export function updateMenuItems(currentWindow: () => BrowserWindow | null): MenuItemConstructorOptions[] {
  const feed = updateFeed({ packaged: app.isPackaged, resourcesPath: process.resourcesPath, env: process.env, exists: existsSync });
  if (!feed) return [];
  return [{ label: 'Check for Updates…', click: () => void checkForUpdates(feed, currentWindow()) }];
}
