import { message, shellCommand } from '../fake-model-server/index.js';
import { expect, requestInputs, test } from './fixtures.js';

test.describe('a first start without an API key', () => {
  test.use({ withApiKey: false, script: { responses: [{ items: [message('Now I can answer.')] }] } });

  test('shows a notice that leads to Settings with words that say why, never Settings over typing, and works once a key is saved', async ({ page, tandem }) => {
    await page.goto(tandem.url);
    const notice = page.getByRole('status', { name: 'Settings needed' });
    await expect(notice).toContainText(/API key/i);
    const settings = page.getByRole('dialog', { name: 'Settings' });
    await expect(settings).toBeHidden();
    await tandem.shot(page, 'notice-for-missing-key');
    await notice.getByRole('button', { name: 'Open Settings' }).click();
    await expect(settings.getByRole('alert')).toContainText(/API key/i);
    await tandem.shot(page, 'settings-for-missing-key');
    await settings.getByLabel('API key').fill('sk-test-entered-in-settings');
    await settings.getByRole('button', { name: 'Save' }).click();
    await expect(settings).toBeHidden();

    await page.getByRole('textbox', { name: 'Message' }).fill('hello');
    await page.keyboard.press('Enter');
    await expect(page.getByRole('log', { name: 'Conversation' }).getByText('Now I can answer.')).toBeVisible();
    // The key went to the model server from the host; the page never holds it.
    expect(tandem.model.requests[0]!.headers.authorization).toBe('Bearer sk-test-entered-in-settings');
    expect(await page.content()).not.toContain('sk-test-entered-in-settings');
  });
});

test.describe('typing while the agent works', () => {
  test.use({
    script: {
      responses: [
        { items: [shellCommand('sleep 2; echo slow step done', { callId: 'c1' })] },
        { items: [message('Noted your extra request.')] },
      ],
    },
  });

  test('a message sent mid-turn is queued into the running turn', async ({ page, tandem }) => {
    await page.goto(tandem.url);
    await page.getByRole('textbox', { name: 'Message' }).fill('do the slow thing');
    await page.keyboard.press('Enter');
    await page.getByRole('dialog', { name: 'Approval' }).getByRole('button', { name: 'Approve', exact: true }).click();
    await expect(page.locator('.status-line')).toContainText(/running/i);
    await page.getByRole('textbox', { name: 'Message' }).fill('and also update the docs');
    await page.keyboard.press('Enter');
    await expect(page.getByRole('log', { name: 'Conversation' }).getByText('and also update the docs')).toBeVisible();
    await tandem.shot(page, 'queued-message');
    await expect(page.getByRole('log', { name: 'Conversation' }).getByText('Noted your extra request.')).toBeVisible();
    expect(tandem.model.requests).toHaveLength(2);
    expect(requestInputs(tandem.model)[1]).toContain('and also update the docs');
  });
});

test.describe('keyboard', () => {
  test.use({ script: { responses: [{ items: [shellCommand('sleep 60', { callId: 'c1', timeout_ms: 120_000 })] }, { items: [message('ok')] }] } });

  test('y approves and Esc stops', async ({ page, tandem }) => {
    await page.goto(tandem.url);
    await page.getByRole('textbox', { name: 'Message' }).fill('wait a minute');
    await page.keyboard.press('Enter');
    await expect(page.getByRole('dialog', { name: 'Approval' })).toBeVisible();
    await page.getByRole('dialog', { name: 'Approval' }).focus();
    await page.keyboard.press('y');
    await expect(page.locator('.status-line')).toContainText(/running/i);
    await page.keyboard.press('Escape');
    await expect(page.locator('.status-line .spinner')).toHaveCount(0);
    await expect(page.locator('.cell--command')).toContainText('Stopped');
    await tandem.shot(page, 'stopped-by-escape');
  });
});
