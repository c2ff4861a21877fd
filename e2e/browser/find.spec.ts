import type { Locator, Page } from '@playwright/test';
import { SessionRecorder } from '../../electron/store/index.js';
import { message, shellCommand } from '../fake-model-server/index.js';
import { expect, test } from './fixtures.js';
import { recordCommandTurn } from './recorded-turn.js';

const TITLE = 'a long session to search';
const UNIQUE = 'zanzibarquux';
const TWIN = 'twinword';
/** Turns of three cells each: the request, a command with its output, the answer. */
const TURNS = 1_800;
/** The turn whose answer holds the unique word: about 5,000 cells above the end. */
const FAR_TURN = TURNS - Math.ceil(5_000 / 3);
/** The turn whose command output holds the second of the two matches of TWIN, near the end. */
const NEAR_TURN = TURNS - 20;

/**
 * A saved session of TURNS * 3 cells, written with Tandem's own recorder (as bench/lib/big-session.mjs does),
 * so that the window resumes it as a person reopens a long conversation.
 */
function writeLongSession(home: string, cwd: string): void {
  const recorder = SessionRecorder.create(home, { cwd, model: 'gpt-5-codex', approval_policy: 'never', sandbox_policy: { mode: 'read-only' } });
  for (let t = 0; t < TURNS; t += 1) {
    const request = t === 0 ? TITLE : `Turn ${t}: what does src/module${t % 50}.ts export?`;
    const command = ['bash', '-c', `grep -n export src/module${t % 50}.ts`];
    const output = `3:export function part${t}() {\n9:export const LIMIT_${t} = ${t * 7};\n${t === NEAR_TURN ? `12:// ${TWIN} again\n` : ''}`;
    const answer = t === FAR_TURN ? `The module exports part${t}; its name is ${UNIQUE} and a ${TWIN} lives here too.` : `The module exports **part${t}** and \`LIMIT_${t}\`.`;
    const callId = `call_${t}`;
    const formatted = `Exit code: 0\nWall time: 0.0 seconds\nOutput:\n${output}`;
    recordCommandTurn(recorder, { request, command, cwd, callId, output, formatted, answer });
  }
  recorder.close();
}

/** The row is drawn inside the visible part of the conversation. */
async function expectInView(row: Locator, log: Locator): Promise<void> {
  await expect(row).toBeVisible();
  await expect
    .poll(async () => {
      const [box, frame] = await Promise.all([row.boundingBox(), log.boundingBox()]);
      return box !== null && frame !== null && box.y >= frame.y - 1 && box.y + Math.min(box.height, 40) <= frame.y + frame.height + 1;
    })
    .toBe(true);
}

// HighlightRegistry is a maplike; TypeScript's DOM types leave out its get.
const highlighted = (page: Page) => page.evaluate(() => (CSS.highlights as unknown as Map<string, Set<AbstractRange>>).get('tandem-find')?.size ?? 0);

const LAST_WORDS = 'That is all I have to say.';

test.describe('finding in a conversation', () => {
  test.use({
    openProject: false,
    // The session is longer than the model's context, so the agent first compacts it (the first answer).
    script: { responses: [{ items: [message('A summary of the long session.')] }, { items: [message(`${'Still talking while you search. '.repeat(40)}${LAST_WORDS}`)], deltaChunks: 120, deltaDelayMs: 60 }] },
  });

  test('Ctrl+F finds a word 5,000 cells up, moves between matches, and Esc closes it without stopping the agent', async ({ page, tandem }) => {
    writeLongSession(tandem.home, tandem.project);
    await page.goto(tandem.url);
    await page.getByRole('navigation', { name: 'Sessions' }).locator('.session-row__main', { hasText: TITLE }).click();
    const log = page.getByRole('log', { name: 'Conversation' });
    await expect(log.getByText(`Turn ${TURNS - 1}:`)).toBeVisible({ timeout: 30_000 });

    // A turn streams while the person searches: Esc in the finder must not stop it.
    const composer = page.getByRole('textbox', { name: 'Message' });
    await composer.fill('keep talking');
    await page.keyboard.press('Enter');
    await expect(page.getByRole('button', { name: 'Stop' })).toBeVisible();

    await page.keyboard.press('Control+f');
    const search = page.getByRole('search');
    const field = search.getByRole('textbox', { name: 'Find in conversation' });
    await expect(field).toBeFocused();
    await field.pressSequentially(UNIQUE);
    const count = search.locator('[aria-live="polite"]');
    await expect(count).toHaveText('1 of 1');

    const farRow = log.locator('.cell-list__row').filter({ hasText: UNIQUE });
    await expectInView(farRow, log);
    await expect(farRow).toHaveClass(/cell-list__row--current-match/);
    await expect(farRow).toHaveAttribute('aria-current', 'true');
    await expect.poll(() => highlighted(page)).toBeGreaterThan(0);
    expect(Number(await farRow.getAttribute('data-index'))).toBeLessThan((TURNS + 1) * 3 - 4_900);
    // The answer still streaming below does not pull the view back to the end.
    await page.waitForTimeout(800);
    await expectInView(farRow, log);
    await tandem.shot(page, 'find-5000-up');

    // Two matches: the far answer and a command's output near the end.
    await field.fill(TWIN);
    await expect(count).toHaveText('1 of 2');
    await expectInView(farRow, log);
    await page.keyboard.press('Enter');
    await expect(count).toHaveText('2 of 2');
    const nearRow = log.locator('.cell-list__row[aria-current="true"]');
    await expect(nearRow).toContainText(`grep -n export src/module${NEAR_TURN % 50}.ts`);
    await expectInView(nearRow, log);
    expect(Number(await nearRow.getAttribute('data-index'))).toBeGreaterThan(NEAR_TURN * 3);
    // The match is in the command's output, folded away until the jump opened it.
    await expect(nearRow.getByRole('button', { name: /Hide output/ })).toBeVisible();
    await expect.poll(() => highlighted(page)).toBeGreaterThan(0);
    await tandem.shot(page, 'find-second-match');
    await page.keyboard.press('Enter');
    await expect(count).toHaveText('1 of 2');
    await expectInView(farRow, log);
    await page.keyboard.press('Shift+Enter');
    await expect(count).toHaveText('2 of 2');
    await search.getByRole('button', { name: 'Previous match' }).click();
    await expect(count).toHaveText('1 of 2');
    await search.getByRole('button', { name: 'Next match' }).click();
    await expect(count).toHaveText('2 of 2');
    await page.keyboard.press('F3');
    await expect(count).toHaveText('1 of 2');

    await field.fill('no such words anywhere');
    await expect(count).toHaveText('No matches');
    await tandem.shot(page, 'find-no-matches');

    // Esc closes the finder, gives the focus back, clears the highlight, and the turn runs on.
    await field.fill(TWIN);
    await field.press('Escape');
    await expect(search).toHaveCount(0);
    await expect(composer).toBeFocused();
    await expect(log.locator('[aria-current="true"]')).toHaveCount(0);
    expect(await highlighted(page)).toBe(0);
    await page.getByRole('button', { name: 'Jump to latest' }).click();
    await expect(log.getByText(LAST_WORDS)).toBeVisible({ timeout: 30_000 });
    await expect(log.getByText('Stopped.')).toHaveCount(0);
    expect(tandem.model.requests).toHaveLength(2);

    // Opened again, the finder selects its last words.
    await page.keyboard.press('Control+f');
    await expect(field).toBeFocused();
    expect(await field.evaluate((input: HTMLInputElement) => input.value.slice(input.selectionStart ?? 0, input.selectionEnd ?? 0))).toBe(TWIN);
    await tandem.shot(page, 'find-reopened');
  });
});

test.describe('the finder over an approval card', () => {
  test.use({ script: { responses: [{ items: [shellCommand('echo approved-by-hand > made.txt && cat made.txt', { callId: 'c1' })] }, { items: [message('Ran it.')] }] } });

  test('letters typed and Esc pressed in the finder neither answer the card nor stop the turn', async ({ page, tandem }) => {
    await page.goto(tandem.url);
    await page.getByRole('textbox', { name: 'Message' }).fill('run the echo');
    await page.keyboard.press('Enter');
    const card = page.getByRole('dialog', { name: 'Approval' });
    await expect(card).toBeVisible();

    await page.keyboard.press('Control+f');
    const field = page.getByRole('textbox', { name: 'Find in conversation' });
    await expect(field).toBeFocused();
    await field.pressSequentially('yan echo');
    await expect(page.getByRole('search').locator('[aria-live="polite"]')).toHaveText('No matches');
    await field.fill('ECHO');
    await expect(page.getByRole('search').locator('[aria-live="polite"]')).toHaveText(/^\d of \d$/);
    await tandem.shot(page, 'find-over-approval');
    await field.press('Escape');
    await expect(page.getByRole('search')).toHaveCount(0);
    await expect(card).toBeVisible();
    await expect(card.getByRole('button', { name: 'Approve', exact: true })).toBeEnabled();

    await card.getByRole('button', { name: 'Approve', exact: true }).click();
    await expect(page.getByRole('log', { name: 'Conversation' }).getByText('Ran it.')).toBeVisible();
    await expect(page.locator('.cell--command').getByText('approved-by-hand')).toBeVisible();
  });
});
