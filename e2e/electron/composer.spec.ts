import { expect, test } from '@playwright/test';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { message } from '../fake-model-server/index.js';
import { RunningApp, type TandemWindow } from './app.js';

// What the desktop app does its own way for the composer: a picture on the system clipboard pasted with the
// keyboard (Electron's clipboard, not a synthetic event), and @-mentions through the IPC door.

let running: RunningApp | undefined;
test.afterEach(async () => {
  await running?.close();
  running = undefined;
});

const RED_DOT = 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGO4IycHAALyARlzRAvLAAAAAElFTkSuQmCC';

test('a picture copied to the system clipboard is pasted into the composer and reaches the model; @ lists the files', async () => {
  running = await RunningApp.launch([{ items: [message('One red dot.')] }]);
  const { window: page, project, app, model } = running;
  await mkdir(path.join(project, 'notes'), { recursive: true });
  await writeFile(path.join(project, 'notes', 'plan.md'), '# plan\n');

  // The window shows the session it showed last: open one through the door, then reload onto it.
  const sessionId = await page.evaluate(async (cwd) => (await (window as unknown as TandemWindow).tandem.request('open_session', { cwd })).session_id, project);
  await page.evaluate((id) => localStorage.setItem('tandem.lastSession', id), sessionId);
  await page.reload();
  const box = page.getByRole('textbox', { name: 'Message' });
  await expect(box).toBeVisible();

  await box.click();
  await box.pressSequentially('read @plan');
  await expect(page.getByRole('listbox', { name: 'Files' }).getByRole('option').first()).toHaveText('notes/plan.md');
  await box.press('Enter');
  await expect(box).toHaveValue('read @notes/plan.md ');

  await app.evaluate(({ clipboard, nativeImage }, url) => clipboard.writeImage(nativeImage.createFromDataURL(url)), RED_DOT);
  await box.press(process.platform === 'darwin' ? 'Meta+V' : 'Control+V');
  await expect(page.getByRole('list', { name: 'Attached images' }).getByRole('img')).toHaveCount(1);
  await box.press('Enter');
  await expect(page.getByText('One red dot.')).toBeVisible();

  const input = JSON.stringify(model.requests.at(-1)!.body.input);
  expect(input).toContain('read @notes/plan.md');
  expect(input).toMatch(/"type":"input_image","image_url":"data:image\/png;base64,/);
});
