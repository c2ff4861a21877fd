import { randomUUID } from 'node:crypto';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { message, shellCommand } from '../fake-model-server/index.js';
import { expect, test } from './fixtures.js';

// A folder of the person's under the (test) HOME, which sandboxed commands can read until it is hidden.
const folderName = `e2e-client-keys-${randomUUID()}`;
const secretFile = path.join(os.homedir(), folderName, 'contract.txt');

test.describe('Sandbox privacy in Settings', () => {
  test.use({ script: { responses: [{ items: [shellCommand(`cat ${secretFile}`, { callId: 'c1' })] }, { items: [message('That file is hidden from me.')] }] } });

  test.beforeEach(() => {
    mkdirSync(path.dirname(secretFile), { recursive: true });
    writeFileSync(secretFile, 'the confidential terms\n');
  });
  test.afterEach(() => rmSync(path.dirname(secretFile), { recursive: true, force: true }));

  test('a hidden place and a variable to pass through are kept across a reload, and the open session hides the place', async ({ page, tandem }) => {
    await page.goto(tandem.url);
    await page.getByRole('button', { name: 'Settings' }).click();
    const settings = page.getByRole('dialog', { name: 'Settings' });
    const privacy = settings.getByRole('group', { name: 'Sandbox privacy' });
    await expect(privacy).toBeVisible();
    await expect(privacy.getByLabel('More places to hide')).toHaveAccessibleDescription(/Commands can't read these, even inside the project's sandbox/);
    await expect(privacy.getByLabel('Variables to pass through')).toHaveAccessibleDescription(/KEY, SECRET, TOKEN, PASSWORD or CREDENTIAL are kept from commands/);

    // The built-in places, read-only, opened from the keyboard.
    const builtin = privacy.getByRole('list', { name: 'Always hidden from commands' });
    await expect(builtin).toBeHidden();
    await privacy.getByText(/^Always hidden \(\d+ places\)$/).focus();
    await page.keyboard.press('Enter');
    await expect(builtin.getByRole('listitem').filter({ hasText: /^~\/\.ssh$/ })).toBeVisible();
    await expect(builtin.getByRole('textbox')).toHaveCount(0);

    // A place that is not a full path is refused with words that say why; nothing is saved.
    await privacy.getByLabel('More places to hide').fill('client-keys');
    await settings.getByRole('button', { name: 'Save' }).click();
    await expect(settings.getByRole('alert')).toHaveText('More places to hide: "client-keys" is not a full path: start it with / or ~/.');
    await expect(settings).toBeVisible();

    await privacy.getByLabel('More places to hide').fill(`~/${folderName}\n/srv/backups\n`);
    await privacy.getByLabel('Variables to pass through').focus();
    await page.keyboard.type('GITHUB_TOKEN');
    await tandem.shot(page, 'sandbox-privacy-filled');
    await settings.getByRole('button', { name: 'Save' }).click();
    await expect(settings).toBeHidden();

    await page.reload();
    await page.getByRole('button', { name: 'Settings' }).click();
    await expect(privacy.getByLabel('More places to hide')).toHaveValue(`~/${folderName}\n/srv/backups`);
    await expect(privacy.getByLabel('Variables to pass through')).toHaveValue('GITHUB_TOKEN');
    await settings.getByRole('button', { name: 'Cancel' }).click();
    await expect(settings).toBeHidden();

    // The session `tandem serve -C` opened before the save hides the place from its next command.
    await page.getByRole('textbox', { name: 'Message' }).fill('read the contract');
    await page.keyboard.press('Enter');
    await expect(page.getByRole('log', { name: 'Conversation' }).getByText('That file is hidden from me.')).toBeVisible();
    await expect(page.locator('.cell--command')).toContainText('No such file or directory');
    expect(await page.content()).not.toContain('the confidential terms');
  });
});
