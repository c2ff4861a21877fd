import { message } from '../fake-model-server/index.js';
import { expect, requestInputs, test } from './fixtures.js';

// `tandem serve` runs with the tests' own HOME (see e2e/playwright.config.ts), so this is that folder, not yours.
const home = process.env.HOME ?? '';

test.describe('a folder too broad to be a project', () => {
  test.use({ openProject: false, script: { responses: [{ items: [message('Working in your home folder, as you asked.')] }] } });

  test('asks before opening the home folder; "Choose another folder" opens nothing, "Open it anyway" opens it', async ({ page, tandem }) => {
    expect(home).not.toBe('');
    await page.goto(tandem.url);
    await page.getByRole('main').getByRole('button', { name: 'Open Folder' }).click();
    const folderPath = page.getByLabel('Folder path');
    await folderPath.fill(home);
    await folderPath.press('Enter');

    const dialog = page.getByRole('alertdialog', { name: `Work in all of ${home}?` });
    await expect(dialog).toBeVisible();
    await expect(dialog).toContainText(`${home} is your home folder. Tandem's commands will be able to change every file under ${home}, your settings and other projects included.`);
    await expect(dialog).toContainText('Open a project folder instead?');
    // The safe answer has the focus: Enter or Esc would keep the person out of the home folder.
    await expect(dialog.getByRole('button', { name: 'Choose another folder' })).toBeFocused();
    await tandem.shot(page, 'confirm-broad-folder');

    await dialog.getByRole('button', { name: 'Choose another folder' }).click();
    await expect(dialog).toBeHidden();
    await expect(folderPath).toBeFocused();
    await expect(page.getByRole('textbox', { name: 'Message' })).toHaveCount(0);
    await expect(page.getByRole('heading', { name: 'Open now' })).toHaveCount(0);

    // Again, and this time the person means it: Tab to "Open it anyway", Enter.
    await folderPath.press('Enter');
    await expect(dialog).toBeVisible();
    await page.keyboard.press('Tab');
    await expect(dialog.getByRole('button', { name: 'Open it anyway' })).toBeFocused();
    await page.keyboard.press('Enter');
    await expect(dialog).toBeHidden();
    const composer = page.getByRole('textbox', { name: 'Message' });
    await expect(composer).toBeVisible();
    await composer.fill('hello');
    await page.keyboard.press('Enter');
    await expect(page.getByRole('log', { name: 'Conversation' }).getByText('Working in your home folder, as you asked.')).toBeVisible();
    expect(requestInputs(tandem.model)[0]).toContain(home);
  });

  test('Esc refuses the folder too', async ({ page, tandem }) => {
    await page.goto(tandem.url);
    await page.getByRole('main').getByRole('button', { name: 'Open Folder' }).click();
    await page.getByLabel('Folder path').fill('/');
    await page.getByLabel('Folder path').press('Enter');
    const dialog = page.getByRole('alertdialog', { name: 'Work in all of /?' });
    await expect(dialog).toContainText('/ is the top of the whole file system.');
    await page.keyboard.press('Escape');
    await expect(dialog).toBeHidden();
    await expect(page.getByLabel('Folder path')).toBeFocused();
    await expect(page.getByRole('alert')).toHaveCount(0);
    expect(tandem.model.requests).toHaveLength(0);
  });
});
