import type { Page } from '@playwright/test';
import { applyPatch, message, shellCommand } from '../fake-model-server/index.js';
import { expect, test } from './fixtures.js';

/*
 * The session file is the truth: one scripted session through every kind of event (each approval answer,
 * patches approved and denied, a command stopped mid-run, undo, compaction, an error, input queued
 * mid-turn), then the window's cell list compared after a reload of the page and after a resume in a new
 * `tandem serve` run. Whatever was drawn must be drawn again, the same.
 */

const addFile = (name: string, line: string) => `*** Begin Patch\n*** Add File: ${name}\n+${line}\n*** End Patch`;

const SCRIPT = [
  // Turn 1: every answer to a card.
  { items: [shellCommand('echo one > first.txt', { callId: 'c1' })] },
  { items: [shellCommand('echo two > second.txt', { callId: 'c2' })] },
  { items: [shellCommand('echo three > third.txt', { callId: 'c3' })] },
  { items: [applyPatch(addFile('alpha.txt', 'alpha'), 'p1')] },
  { items: [applyPatch(addFile('beta.txt', 'beta'), 'p2')] },
  { items: [message('Turn one is done.')] },
  // Turn 2: a command stopped while it runs, its output kept.
  { items: [shellCommand('echo started-long-job; sleep 60', { callId: 'c4' })] },
  // Turn 3: deny and stop.
  { items: [shellCommand('echo never > never.txt', { callId: 'c5' })] },
  // Turn 4: an error the agent does not retry.
  { httpError: 400, body: { error: { message: 'The request was malformed (scripted).', type: 'invalid_request_error', param: null, code: null } } },
  // Turn 5: input queued while a card waits.
  { items: [shellCommand('echo slow > slow.txt', { callId: 'c6' })] },
  { items: [message('Got both requests.')] },
  // Compaction's summary.
  { items: [message('Summary: files were made, one command was stopped.')] },
];

async function send(page: Page, text: string): Promise<void> {
  const box = page.getByRole('textbox', { name: 'Message' });
  await box.fill(text);
  await box.press('Enter');
}

const ANSWER_WORDS = {
  Approve: 'Approved',
  'Approve for session': 'Approved for this session',
  Deny: 'Denied',
  'Deny and stop': 'Denied and stopped',
} as const;

/** Answers the card about `what` (a file the command or patch names), and waits until its record says so. */
async function answer(page: Page, label: keyof typeof ANSWER_WORDS, what: string): Promise<void> {
  const card = page.getByRole('dialog', { name: 'Approval' });
  await expect(card).toContainText(what);
  await card.getByRole('button', { name: label, exact: true }).click();
  const record = page.locator('.cell--approval').filter({ hasText: what });
  await expect(record.locator('.badge')).toHaveText(ANSWER_WORDS[label]);
}

async function atRest(page: Page): Promise<void> {
  await expect(page.locator('.status-line').getByRole('status')).toHaveText('Ready');
}

async function choose(page: Page, item: 'Undo files' | 'Compact conversation'): Promise<void> {
  await page.getByRole('button', { name: 'Conversation', exact: true }).click();
  await page.getByRole('menuitem', { name: item, exact: true }).click();
}

async function nextFrames(page: Page): Promise<void> {
  await page.evaluate(() => new Promise<void>((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => resolve()))));
}

/**
 * Every row of the (virtualised) conversation, top to bottom: its classes (kind and state) and its text,
 * read by scrolling through the list, since only the rows near the view are in the page at a time.
 */
async function cellList(page: Page): Promise<string[]> {
  const list = page.locator('.cell-list');
  await expect(list).toBeVisible();
  const rows = new Map<number, string>();
  await list.evaluate((element) => element.scrollTo({ top: 0 }));
  for (let pass = 0; pass < 400; pass += 1) {
    await nextFrames(page);
    const seen = await page.locator('.cell-list__row').evaluateAll((elements) =>
      elements.map((element) => {
        const cell = element.firstElementChild as HTMLElement | null;
        const text = (cell?.innerText ?? '').replace(/\s+/g, ' ').trim();
        return [Number((element as HTMLElement).dataset.index), `${cell?.className ?? ''} | ${text}`] as const;
      }),
    );
    for (const [index, row] of seen) rows.set(index, row);
    const atEnd = await list.evaluate((element) => {
      const before = element.scrollTop;
      element.scrollTo({ top: before + element.clientHeight * 0.7 });
      return element.scrollTop === before;
    });
    if (atEnd) break;
  }
  const indexes = [...rows.keys()].sort((a, b) => a - b);
  // No gap: every row between the first and the last was seen.
  expect(indexes).toEqual(indexes.map((_, i) => i));
  return indexes.map((index) => rows.get(index)!);
}

test.describe('the session file is the truth', () => {
  test.use({ gitRepo: true, script: { responses: SCRIPT } });
  test.setTimeout(120_000);

  test('a reload and a resume in a new run draw the same cells as were shown live', async ({ page, tandem }) => {
    await page.setViewportSize({ width: 1280, height: 1000 });
    await page.goto(tandem.url);

    await send(page, 'make some files');
    await answer(page, 'Approve', 'first.txt');
    await answer(page, 'Approve for session', 'second.txt');
    await answer(page, 'Deny', 'third.txt');
    await answer(page, 'Approve', 'alpha.txt');
    await answer(page, 'Deny', 'beta.txt');
    await expect(page.getByRole('log', { name: 'Conversation' }).getByText('Turn one is done.')).toBeVisible();
    await atRest(page);

    await choose(page, 'Undo files');
    await expect(page.locator('.cell--undo')).toContainText('Removed 3 files created since the snapshot.');
    await atRest(page);

    await send(page, 'run the long job');
    await answer(page, 'Approve', 'started-long-job');
    await expect(page.locator('.cell--command').last()).toContainText('started-long-job');
    await page.getByRole('button', { name: 'Stop', exact: true }).click();
    await atRest(page);

    await send(page, 'one more file');
    await answer(page, 'Deny and stop', 'never.txt');
    await atRest(page);

    await send(page, 'this request fails');
    await expect(page.getByRole('log', { name: 'Conversation' }).getByText(/malformed \(scripted\)/).first()).toBeAttached();
    await atRest(page);

    await send(page, 'a slow one');
    await expect(page.getByRole('dialog', { name: 'Approval' })).toBeVisible();
    await page.getByRole('textbox', { name: 'Message' }).fill('and this too, please');
    await page.getByRole('textbox', { name: 'Message' }).press('Enter');
    await answer(page, 'Approve', 'slow.txt');
    await expect(page.getByRole('log', { name: 'Conversation' }).getByText('Got both requests.')).toBeVisible();
    await atRest(page);

    await choose(page, 'Compact conversation');
    await expect(page.locator('.cell--compaction')).toHaveCount(1);
    await atRest(page);
    await expect(page.getByRole('button', { name: 'Send' })).toBeDisabled();
    await page.getByRole('textbox', { name: 'Message' }).fill('ready?');
    await expect(page.getByRole('button', { name: 'Send' })).toBeEnabled();
    await page.getByRole('textbox', { name: 'Message' }).fill('');

    const live = await cellList(page);
    // The kinds and answers this test is about are all there to compare.
    const joined = live.join('\n');
    for (const words of ['Approved for this session', 'Denied and stopped', 'Denied', 'Approved', 'started-long-job', 'cell--undo', 'cell--compaction', 'and this too, please']) {
      expect(joined).toContain(words);
    }
    expect(live.filter((row) => row.includes('cell--approval'))).toHaveLength(8);
    expect(live.some((row) => row.includes('command--interrupted'))).toBe(true);
    await tandem.shot(page, 'live');

    await page.reload();
    expect(await cellList(page)).toEqual(live);

    await tandem.stop();
    const again = await tandem.serveAgain();
    await page.goto(again.url);
    await page.getByRole('navigation', { name: 'Sessions' }).locator('.session-row__main', { hasText: 'make some files' }).click();
    expect(await cellList(page)).toEqual(live);
    await tandem.shot(page, 'resumed');
    await again.stop();
  });
});
