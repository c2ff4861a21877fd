// The desktop app: one window showing the renderer, the host running here in the main process, and the IPC
// door between them. Everything the agent does happens in the host; this file only makes a safe window.
import { electronAttention } from './doors/ipc/attention.js';
import { saveTextFileWithDialog } from './doors/ipc/save-dialog.js';
import { app, BrowserWindow, dialog, screen, session, shell, type WebContents } from 'electron';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Host } from './host/index.js';
import { utilityProcessLauncher } from './app/exec-host-utility.js';
import { makeHomePrivate } from './home/private-home.js';
import { PAGE_URL } from './doors/page-scheme.js';
import { registerPageScheme, servePage } from './app/page-scheme.js';
import { buildAppMenu } from './app/menu.js';
import {
  isExternalWebUrl,
  isOwnPage,
  MIN_WINDOW_SIZE,
  openIpcDoor,
  placeWindow,
  readWindowState,
  windowStateFile,
  writeWindowState,
  type PageSource,
} from './doors/ipc/index.js';

const here = path.dirname(fileURLToPath(import.meta.url));
/** The built renderer, served on tandem://app/ (never loaded as file://). */
const rendererRoot = path.join(here, '..', 'renderer');
const source: PageSource = {
  pageUrl: PAGE_URL,
  // Vite's dev server, for `vite` + Electron during development; never in a packaged app.
  devServerUrl: app.isPackaged ? undefined : process.env.TANDEM_DEV_SERVER_URL || undefined,
};
const preloadFile = path.join(here, 'preload.cjs');
/** TANDEM_HOME: sessions, settings, the encrypted key, the window's place. */
const tandemHome = process.env.TANDEM_HOME || app.getPath('userData');

let mainWindow: BrowserWindow | null = null;

function focusMainWindow(): void {
  if (!mainWindow || mainWindow.isDestroyed()) return;
  if (mainWindow.isMinimized()) mainWindow.restore();
  mainWindow.show();
  mainWindow.focus();
}

function openExternally(url: string): void {
  if (isExternalWebUrl(url)) void shell.openExternal(url);
}

/** Every web contents, present or future: no navigation away, no new windows, no webviews. */
function lockDown(contents: WebContents): void {
  contents.on('will-navigate', (event, url) => {
    event.preventDefault();
    // A link clicked in the conversation opens in the person's browser instead.
    if (!isOwnPage(url, source)) openExternally(url);
  });
  contents.setWindowOpenHandler(({ url }) => {
    openExternally(url);
    return { action: 'deny' };
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
}

function hardenSession(): void {
  // The page and its files, with the CSP and hardening headers on every answer. Vite's dev page (which needs
  // inline scripts, relaxed in its meta tag for dev only) comes from Vite instead and gets no such header.
  servePage(session.defaultSession, rendererRoot);
  session.defaultSession.setPermissionRequestHandler((_contents, permission, callback) => {
    // Copy buttons write to the clipboard; nothing else (camera, location, notifications...) is ever needed.
    callback(permission === 'clipboard-sanitized-write');
  });
}

async function createWindow(door: ReturnType<typeof openIpcDoor>): Promise<void> {
  const stateFile = windowStateFile(tandemHome);
  const placed = placeWindow(await readWindowState(stateFile), screen.getAllDisplays().map((display) => display.workArea));
  const window = new BrowserWindow({
    ...placed.bounds,
    minWidth: MIN_WINDOW_SIZE.width,
    minHeight: MIN_WINDOW_SIZE.height,
    title: 'Tandem',
    // Linux and Windows show it in the task bar when no desktop entry names one (`npm start`).
    icon: path.join(here, '..', 'icons', '256x256.png'),
    show: false,
    webPreferences: {
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      preload: preloadFile,
    },
  });
  mainWindow = window;
  if (placed.maximized) window.maximize();
  window.once('ready-to-show', () => window.show());
  door.attach(window.webContents);

  // Saved as the window moves, not only when it closes, so a crash does not lose the place.
  let saveTimer: NodeJS.Timeout | undefined;
  const saveState = () => {
    if (window.isDestroyed()) return;
    const state = { bounds: window.getNormalBounds(), maximized: window.isMaximized() };
    void writeWindowState(stateFile, state).catch(() => undefined);
  };
  const saveSoon = () => {
    clearTimeout(saveTimer);
    saveTimer = setTimeout(saveState, 500);
  };
  window.on('resize', saveSoon);
  window.on('move', saveSoon);
  window.on('maximize', saveSoon);
  window.on('unmaximize', saveSoon);
  window.on('close', () => {
    clearTimeout(saveTimer);
    saveState();
  });
  window.on('closed', () => {
    if (mainWindow === window) mainWindow = null;
  });

  await window.loadURL(source.devServerUrl ?? source.pageUrl);
}

// Before the app is ready, as Electron requires of privileged schemes.
registerPageScheme();

if (!app.requestSingleInstanceLock()) {
  // Another Tandem is running: it is brought forward (second-instance below) and this one ends.
  app.quit();
} else {
  app.enableSandbox();
  app.on('second-instance', focusMainWindow);
  app.on('web-contents-created', (_event, contents) => lockDown(contents));

  // A home from an earlier version may be readable by others; from now on everything made in it is private.
  for (const problem of makeHomePrivate(tandemHome)) console.warn(`Tandem: ${problem}`);
  // The host (zod, the protocol, the store) loads beside the first window rather than before it: the window's
  // requests wait for it (see openIpcDoor), and no session can start before the exec host's launcher is set.
  const host: Promise<Host> = (async () => {
    const [{ Host }, { useExecHostLauncher }, { safeStorageSecretStore }] = await Promise.all([
      import('./host/index.js'),
      import('./exec/index.js'),
      import('./doors/ipc/safe-storage.js'),
    ]);
    await app.whenReady();
    // Commands run in a utility process (it can be forked only once the app is ready, before any session starts).
    useExecHostLauncher(utilityProcessLauncher);
    return new Host({
      home: tandemHome,
      secrets: safeStorageSecretStore(tandemHome),
      holder: { kind: 'desktop' },
      pickFolder: async () => {
        const options = { title: 'Open a project folder', properties: ['openDirectory', 'createDirectory'] as ('openDirectory' | 'createDirectory')[] };
        const result = mainWindow && !mainWindow.isDestroyed() ? await dialog.showOpenDialog(mainWindow, options) : await dialog.showOpenDialog(options);
        return result.canceled ? null : (result.filePaths[0] ?? null);
      },
      saveTextFile: saveTextFileWithDialog(() => mainWindow),
      attention: electronAttention(() => mainWindow),
    });
  })();
  host.catch((err: unknown) => {
    console.error(`Tandem: the host could not start: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    app.exit(1);
  });

  let hostStopped = false;
  let door: ReturnType<typeof openIpcDoor> | undefined;
  app.on('before-quit', (event) => {
    if (hostStopped) return;
    // Sessions are shut down first, so their last events and rollout lines are written.
    event.preventDefault();
    void host
      .then((running) => running.shutdown())
      .finally(() => {
        hostStopped = true;
        // The sessions' last events (shutdown_complete) reach the window before it closes.
        door?.flush();
        app.quit();
      });
  });

  void app.whenReady().then(async () => {
    hardenSession();
    buildAppMenu({ tandemHome, currentWindow: () => mainWindow });
    const opened = openIpcDoor(host, source);
    door = opened;
    await createWindow(opened);
    app.on('activate', () => {
      if (BrowserWindow.getAllWindows().length === 0) void createWindow(opened);
      else focusMainWindow();
    });
  });

  // Ctrl+C in the terminal that ran `npm start` quits the way the menu does, sessions shut down first.
  process.on('SIGINT', () => app.quit());
  process.on('SIGTERM', () => app.quit());

  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
}
