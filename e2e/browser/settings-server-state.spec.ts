import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { message } from '../fake-model-server/index.js';
import { expect, test } from './fixtures.js';

test.describe('Keep the conversation on the server, in Settings', () => {
  test.use({ script: { responses: [{ items: [message('Kept on the server.')] }] } });

  test('is off at first, turned on from the keyboard, kept across a reload, and reaches the open session', async ({ page, tandem }) => {
    await page.goto(tandem.url);
    await page.getByRole('button', { name: 'Settings' }).click();
    const settings = page.getByRole('dialog', { name: 'Settings' });
    const keep = settings.getByRole('checkbox', { name: 'Keep the conversation on the server' });
    await expect(keep).not.toBeChecked();
    await expect(keep).toHaveAccessibleDescription(
      'Sends only what is new with each request, which helps on slow or metered links; the provider then keeps the conversation, which zero-data-retention accounts do not allow.',
    );

    await keep.focus();
    await page.keyboard.press('Space');
    await expect(keep).toBeChecked();
    await tandem.shot(page, 'settings-server-state-on');
    await settings.getByRole('button', { name: 'Save' }).click();
    await expect(settings).toBeHidden();
    expect(JSON.parse(await readFile(path.join(tandem.home, 'settings.json'), 'utf8'))).toMatchObject({ server_state: true });

    await page.reload();
    await page.getByRole('button', { name: 'Settings' }).click();
    await expect(keep).toBeChecked();
    await settings.getByRole('button', { name: 'Cancel' }).click();
    await expect(settings).toBeHidden();

    // The session `tandem serve -C` opened before the save asks the provider to keep its next request.
    await page.getByRole('textbox', { name: 'Message' }).fill('hello');
    await page.keyboard.press('Enter');
    await expect(page.getByRole('log', { name: 'Conversation' }).getByText('Kept on the server.')).toBeVisible();
    expect(tandem.model.requests.at(-1)?.body.store).toBe(true);
  });
});
