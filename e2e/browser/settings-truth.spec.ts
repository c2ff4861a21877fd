import type { Page } from '@playwright/test';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { message } from '../fake-model-server/index.js';
import { expect, requestInputs, test } from './fixtures.js';

/* Settings never open over typing, say what a flag fixes, and what is saved reaches the session; the words of failures. */

const composer = (page: Page) => page.getByRole('textbox', { name: 'Message' });
const conversation = (page: Page) => page.getByRole('log', { name: 'Conversation' });
const settingsDialog = (page: Page) => page.getByRole('dialog', { name: 'Settings' });
const keyNotice = (page: Page) => page.getByRole('status', { name: 'Settings needed' });

async function savedSettings(home: string): Promise<Record<string, unknown>> {
  return JSON.parse(await readFile(path.join(home, 'settings.json'), 'utf8').catch(() => '{}')) as Record<string, unknown>;
}

/** Nothing listens on port 2 of this machine (a port fetch does not block, as it does 1): a connection there is refused at once. */
const REFUSING_URL = 'http://127.0.0.1:2/v1';

test.describe('a refused key while the person types ahead', () => {
  test.use({ script: { responses: [{ httpError: 401 }, { items: [message('Now the key works.')] }] } });

  test('shows a notice instead of opening Settings, keeps the typing in the composer, and a sentence is not taken as a key', async ({ page, tandem }) => {
    await page.goto(tandem.url);
    await composer(page).fill('fix the failing test');
    await composer(page).press('Enter');
    await expect(keyNotice(page)).toBeVisible();
    // The person goes on typing, as people do while an answer is awaited.
    await page.keyboard.type('and then update the docs');
    await expect(settingsDialog(page)).toBeHidden();
    await expect(composer(page)).toHaveValue('and then update the docs');
    await expect(composer(page)).toBeFocused();
    expect(existsSync(path.join(tandem.home, 'secrets'))).toBe(false);
    await tandem.shot(page, 'key-refused-notice-typing-kept');

    await keyNotice(page).getByRole('button', { name: 'Open Settings' }).click();
    const settings = settingsDialog(page);
    await expect(settings).toBeVisible();
    await expect(settings.getByRole('alert')).toContainText('did not accept the API key');
    await settings.getByLabel('API key').fill('and then update the docs');
    await settings.getByLabel('API key').press('Enter');
    await expect(settings.getByRole('alert').filter({ hasText: 'does not look like an API key' })).toBeVisible();
    await expect(settings).toBeVisible();
    expect(existsSync(path.join(tandem.home, 'secrets'))).toBe(false);
    await tandem.shot(page, 'sentence-refused-as-key');

    await settings.getByLabel('API key').fill('sk-good-key-0123456789');
    await settings.getByRole('button', { name: 'Test connection' }).click();
    await expect(settings.getByRole('status', { name: 'Connection test' })).toHaveText(`${tandem.model.baseUrl} answered and took the key.`);
    await tandem.shot(page, 'connection-tested');
    await settings.getByRole('button', { name: 'Save' }).click();
    await expect(settings).toBeHidden();
    await expect(keyNotice(page)).toBeHidden();

    await expect(composer(page)).toHaveValue('and then update the docs');
    await composer(page).press('Enter');
    await expect(conversation(page).getByText('Now the key works.')).toBeVisible();
    expect(tandem.model.requests[1]!.headers.authorization).toBe('Bearer sk-good-key-0123456789');
  });
});

test.describe('a wrong base URL', () => {
  test.use({ serveEnv: { OPENAI_BASE_URL: REFUSING_URL }, script: { responses: [{ items: [message('Now I can hear you.')] }] } });

  test('is called refused, not dropped; the advice followed in Settings fixes it, and the message sent again works', async ({ page, tandem }) => {
    await page.goto(tandem.url);
    await composer(page).fill('hello?');
    await composer(page).press('Enter');
    const retrying = conversation(page).locator('.notice--retry');
    await expect(retrying).toContainText('the connection was refused; Tandem is trying again');
    await expect(retrying).not.toContainText('dropped');
    await tandem.shot(page, 'refused-while-retrying');

    const problem = conversation(page).locator('.notice--error');
    await expect(problem).toContainText('the connection was refused', { timeout: 20_000 });
    await expect(problem).toContainText('Check the base URL in Settings');
    await tandem.shot(page, 'refused-in-the-end');
    await problem.getByRole('button', { name: 'Open Settings' }).click();

    const settings = settingsDialog(page);
    await expect(settings.getByLabel('Base URL')).toHaveValue(REFUSING_URL);
    await settings.getByRole('button', { name: 'Test connection' }).click();
    await expect(settings.getByRole('status', { name: 'Connection test' })).toContainText('the connection was refused');
    await tandem.shot(page, 'wrong-base-url-tested');
    await settings.getByLabel('Base URL').fill(tandem.model.baseUrl);
    await settings.getByRole('button', { name: 'Test connection' }).click();
    await expect(settings.getByRole('status', { name: 'Connection test' })).toContainText('answered and took the key');
    await settings.getByRole('button', { name: 'Save' }).click();
    await expect(settings).toBeHidden();

    await composer(page).fill('hello again');
    await composer(page).press('Enter');
    await expect(conversation(page).getByText('Now I can hear you.')).toBeVisible();
    await tandem.shot(page, 'base-url-fixed-and-resent');
    expect(tandem.model.requests).toHaveLength(1);
    expect(await savedSettings(tandem.home)).toMatchObject({ base_url: tandem.model.baseUrl });
  });
});

test.describe('values fixed by flags', () => {
  test.use({ serveArgs: ['--base-url', REFUSING_URL, '-m', 'flag-model', '-a', 'on-request'] });

  test('are shown read-only with the flag that fixes them, and never saved', async ({ page, tandem }) => {
    await page.goto(tandem.url);
    const modelButton = page.getByRole('button', { name: 'Model: flag-model' });
    await expect(modelButton).toBeDisabled();
    await expect(modelButton).toHaveAttribute('title', /-m flag-model/);
    await expect(page.getByRole('radiogroup', { name: 'Approvals' })).toHaveAttribute('aria-disabled', 'true');

    await page.getByRole('button', { name: 'Settings', exact: true }).click();
    const settings = settingsDialog(page);
    await expect(settings.getByLabel('Base URL')).toHaveValue(REFUSING_URL);
    await expect(settings.getByLabel('Base URL')).not.toBeEditable();
    await expect(settings.getByText(`Set for this run by --base-url ${REFUSING_URL}.`)).toBeVisible();
    await expect(settings.getByLabel('Model')).not.toBeEditable();
    await expect(settings.getByText('Set for this run by -a on-request.')).toBeVisible();
    await expect(settings.getByRole('radio', { name: 'Auto' })).toBeDisabled();
    await settings.getByLabel('Appearance').selectOption('dark');
    await tandem.shot(page, 'settings-fixed-by-flags');
    await settings.getByRole('button', { name: 'Save' }).click();
    await expect(settings).toBeHidden();
    const saved = await savedSettings(tandem.home);
    expect(saved).toMatchObject({ theme: 'dark' });
    expect(saved).not.toHaveProperty('base_url');
    expect(saved).not.toHaveProperty('model');
    expect(saved).not.toHaveProperty('approval_preset');
  });
});

test.describe('the header', () => {
  test.use({ script: { responses: [{ items: [message('one')] }, { items: [message('two')] }] } });

  test('picks the model and the approval preset, from the next turn on, and a reload shows them again', async ({ page, tandem }) => {
    await page.setViewportSize({ width: 800, height: 600 });
    await page.goto(tandem.url);
    await page.getByRole('button', { name: /^Model: / }).click();
    const models = page.getByRole('listbox', { name: 'Models' });
    await expect(models).toBeVisible();
    await tandem.shot(page, 'model-picker');
    await models.getByRole('option', { name: 'gpt-5', exact: true }).click();
    await expect(models).toBeHidden();
    await expect(page.getByRole('button', { name: 'Model: gpt-5' })).toBeVisible();

    const approvals = page.getByRole('radiogroup', { name: 'Approvals' });
    await approvals.getByRole('radio', { name: 'Auto' }).click();
    await expect(approvals.getByRole('radio', { name: 'Auto' })).toHaveAttribute('aria-checked', 'true');
    await tandem.shot(page, 'model-and-preset-chosen');

    await composer(page).fill('hi');
    await composer(page).press('Enter');
    await expect(conversation(page).getByText('one', { exact: true })).toBeVisible();
    expect(tandem.model.requests[0]!.body.model).toBe('gpt-5');
    expect(requestInputs(tandem.model)[0]).toContain('on-request');

    await page.reload();
    await expect(page.getByRole('button', { name: 'Model: gpt-5' })).toBeVisible();
    await expect(page.getByRole('radiogroup', { name: 'Approvals' }).getByRole('radio', { name: 'Auto' })).toHaveAttribute('aria-checked', 'true');

    await page.getByRole('button', { name: 'Model: gpt-5' }).click();
    await page.getByRole('textbox', { name: 'Other model' }).fill('my-own-model');
    await page.getByRole('button', { name: 'Use' }).click();
    await expect(page.getByRole('button', { name: 'Model: my-own-model' })).toBeVisible();
    await composer(page).fill('again');
    await composer(page).press('Enter');
    await expect(conversation(page).getByText('two', { exact: true })).toBeVisible();
    expect(tandem.model.requests[1]!.body.model).toBe('my-own-model');
    expect(await savedSettings(tandem.home)).toMatchObject({ model: 'my-own-model', approval_preset: 'auto' });
  });
});

test.describe('Jump to latest', () => {
  const paragraphs = Array.from({ length: 40 }, (_, i) => `Paragraph ${i + 1} of a long answer.`).join('\n\n');
  test.use({ script: { responses: [{ items: [message(paragraphs)] }] } });

  test('sits under the conversation, never over its text', async ({ page, tandem }) => {
    await page.setViewportSize({ width: 800, height: 600 });
    await page.goto(tandem.url);
    await composer(page).fill('write a lot');
    await composer(page).press('Enter');
    await expect(conversation(page).getByText('Paragraph 40 of a long answer.')).toBeVisible();
    await conversation(page).evaluate((element) => element.scrollTo({ top: 0 }));
    const jump = page.getByRole('button', { name: 'Jump to latest' });
    await expect(jump).toBeVisible();
    const list = (await conversation(page).boundingBox())!;
    const button = (await jump.boundingBox())!;
    expect(button.y).toBeGreaterThanOrEqual(list.y + list.height - 0.5);
    await tandem.shot(page, 'jump-to-latest-below-the-text');
    await jump.click();
    await expect(conversation(page).getByText('Paragraph 40 of a long answer.')).toBeInViewport();
    await expect(jump).toBeHidden();
  });
});

test.describe('an answer a failure cut off', () => {
  const delta = (text: string) => ({ type: 'response.output_text.delta', item_id: 'msg_cut', output_index: 0, content_index: 0, delta: text });
  test.use({
    script: {
      responses: [
        {
          rawEvents: [
            { type: 'response.created', response: { id: 'resp_cut', object: 'response', status: 'in_progress', output: [] } },
            delta('Here is the first half '),
            delta('of the answer'),
            { type: 'response.failed', response: { id: 'resp_cut', object: 'response', status: 'failed', output: [], error: { code: 'insufficient_quota', message: 'You exceeded your current quota' } } },
          ],
        },
      ],
    },
  });

  test('is marked incomplete, and still is after a reload', async ({ page, tandem }) => {
    await page.goto(tandem.url);
    await composer(page).fill('explain it');
    await composer(page).press('Enter');
    const answer = conversation(page).locator('.cell--assistant');
    await expect(answer).toContainText('Here is the first half of the answer');
    await expect(answer).toContainText('Incomplete: the answer was cut off by the problem below.');
    await expect(conversation(page).locator('.notice--error')).toContainText('quota');
    await tandem.shot(page, 'answer-marked-incomplete');
    await page.reload();
    await expect(conversation(page).locator('.cell--assistant')).toContainText('Incomplete: the answer was cut off by the problem below.');
  });
});
