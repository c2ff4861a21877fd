import { writeFile } from 'node:fs/promises';
import { dialog, type BrowserWindow } from 'electron';
import type { SaveTextFileRequest } from '../../host/handlers.js';

/**
 * The Host's `saveTextFile` under Electron: a native save dialog over the window (Export writes the conversation
 * as Markdown through it), then the text written where the person chose. Null when they cancelled.
 * Wire it in main.ts as `new Host({ ..., saveTextFile: saveTextFileWithDialog(() => mainWindow) })`.
 */
export function saveTextFileWithDialog(window: () => BrowserWindow | null) {
  return async (request: SaveTextFileRequest): Promise<string | null> => {
    const parent = window();
    const options = {
      title: 'Export the conversation',
      defaultPath: request.suggested_name,
      filters: [
        { name: 'Markdown', extensions: ['md'] },
        { name: 'All files', extensions: ['*'] },
      ],
    };
    const result = parent && !parent.isDestroyed() ? await dialog.showSaveDialog(parent, options) : await dialog.showSaveDialog(options);
    if (result.canceled || !result.filePath) return null;
    await writeFile(result.filePath, request.content, 'utf8');
    return result.filePath;
  };
}
