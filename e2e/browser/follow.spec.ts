import type { Page } from '@playwright/test';
import { message, shellCommand } from '../fake-model-server/index.js';
import { expect, test } from './fixtures.js';

/*
 * The conversation follows its end while the person is there, also when many cells arrive at once: the fake
 * model writes a whole answer of many items without pause, so the browser door hands them to the page in one
 * or a few frames (one per turn of the host's event loop), and the list grows by many rows in one render.
 */

/** An answer of `count` messages of different lengths, most of them taller than the list guesses before drawing. */
function manyMessages(turn: number, count: number) {
  return Array.from({ length: count }, (_, i) => {
    const lines = Array.from({ length: 1 + ((i * 7) % 9) }, (_, line) => `Turn ${turn}, part ${i + 1}, line ${line + 1}: ${'words that wrap across the width of a narrow list. '.repeat(4)}`);
    return message(lines.join('\n\n'));
  });
}

const TURNS = 3;
const PARTS = 40;

const conversation = (page: Page) => page.getByRole('log', { name: 'Conversation' });

/** How far, in pixels, the list's view is from its end; read after two frames so that layout has settled. */
async function distanceFromEnd(page: Page): Promise<number> {
  return conversation(page).evaluate(
    (element) =>
      new Promise<number>((resolve) =>
        requestAnimationFrame(() => requestAnimationFrame(() => resolve(element.scrollHeight - element.clientHeight - element.scrollTop))),
      ),
  );
}

/** A long first answer, then a second request whose command waits on its approval card; returns the card. */
async function longAnswerThenCard(page: Page, url: string, second: string) {
  await page.setViewportSize({ width: 800, height: 600 });
  await page.goto(url);
  const box = page.getByRole('textbox', { name: 'Message' });
  await box.fill('write a lot');
  await box.press('Enter');
  await expect(page.locator('.status-line').getByRole('status')).toHaveText('Ready');
  await box.fill(second);
  await box.press('Enter');
  const card = page.getByRole('dialog', { name: 'Approval' });
  await expect(card).toBeVisible();
  return { box, card };
}

test.describe('a batch of many cells at once', () => {
  test.use({ script: { responses: Array.from({ length: TURNS }, (_, turn) => ({ items: manyMessages(turn + 1, PARTS) })) } });

  test('keeps the list at its end, without "Jump to latest"', async ({ page, tandem }) => {
    // Narrow: the rows wrap to many more lines than the list guesses before it draws them.
    await page.setViewportSize({ width: 520, height: 640 });
    await page.goto(tandem.url);
    const box = page.getByRole('textbox', { name: 'Message' });
    for (let turn = 1; turn <= TURNS; turn++) {
      await box.fill(`answer in parts, turn ${turn}`);
      await box.press('Enter');
      const last = conversation(page).getByText(`Turn ${turn}, part ${PARTS}, line 1:`, { exact: false });
      await expect(last).toBeInViewport();
      await expect(page.locator('.status-line').getByRole('status')).toHaveText('Ready');
      await expect(page.getByRole('button', { name: 'Jump to latest' })).toBeHidden();
      // At the end: within the list's own "at the end" margin (48 px), with nothing left to scroll down to.
      expect(await distanceFromEnd(page)).toBeLessThanOrEqual(48);
    }
    await tandem.shot(page, 'batch-of-cells-followed');
  });
});

test.describe('a message typed while a card waits', () => {
  const long = Array.from({ length: 40 }, (_, i) => `Paragraph ${i + 1} of a long first answer.`).join('\n\n');
  test.use({
    script: {
      responses: [
        { items: [message(long)] },
        { items: [shellCommand('echo slow > slow.txt', { callId: 'c1' })] },
        { items: [message('Got both requests.')] },
      ],
    },
  });

  test('moves to the end when the agent takes it in, and the list follows', async ({ page, tandem }) => {
    const { box, card } = await longAnswerThenCard(page, tandem.url, 'a slow one');
    await box.fill('and this too, please');
    await box.press('Enter');
    await card.getByRole('button', { name: 'Approve', exact: true }).click();
    await expect(conversation(page).getByText('Got both requests.')).toBeInViewport();
    await expect(page.locator('.status-line').getByRole('status')).toHaveText('Ready');
    await expect(page.getByRole('button', { name: 'Jump to latest' })).toBeHidden();
    expect(await distanceFromEnd(page)).toBeLessThanOrEqual(48);
  });
});

test.describe('the list growing taller at its end', () => {
  const long = Array.from({ length: 40 }, (_, i) => `Paragraph ${i + 1} of a long first answer.`).join('\n\n');
  test.use({
    script: {
      responses: [{ items: [message(long)] }, { items: [shellCommand('sleep 3; echo slept', { callId: 'c1' })] }, { items: [message('Done.')] }],
    },
  });

  test('keeps the list at its end when the approval card goes', async ({ page, tandem }) => {
    const { card } = await longAnswerThenCard(page, tandem.url, 'sleep a little');
    expect(await distanceFromEnd(page)).toBeLessThanOrEqual(48);
    await card.getByRole('button', { name: 'Approve', exact: true }).click();
    await expect(card).toBeHidden();
    // The list is taller now, and nothing else arrives while the command sleeps: it is still at its end.
    expect(await distanceFromEnd(page)).toBeLessThanOrEqual(48);
    await expect(page.getByRole('button', { name: 'Jump to latest' })).toBeHidden();
    await expect(conversation(page).getByText('Done.', { exact: true })).toBeInViewport();
    await expect(page.getByRole('button', { name: 'Jump to latest' })).toBeHidden();
  });
});
