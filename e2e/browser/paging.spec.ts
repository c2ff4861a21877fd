import type { Locator, Page } from '@playwright/test';
import { SessionRecorder } from '../../electron/store/index.js';
import { expect, test } from './fixtures.js';
import { recordCommandTurn } from './recorded-turn.js';

// A resumed session comes in pages, newest first (renderer/store/olderTurns.ts): the window draws the newest
// turns, then folds the older ones in front of them. These tests would fail if the first page were the whole
// conversation, if the older pages came in out of order or moved what the person reads, or if what needs the
// whole conversation (the finder, a search hit, a reload) saw only the newest page.

const TITLE = 'a long session in pages';
/** Six events a turn, three cells: a first page of 200 events, then two of the host's pages of 1,000; 900 cells. */
const TURNS = 300;
const CELLS = TURNS * 3;
/** Words that only the oldest turns hold. */
const OLD_WORD = 'oldestquokka';
const OLD_OUTPUT = 'firstpagepelican';

function writeLongSession(home: string, cwd: string): void {
  const recorder = SessionRecorder.create(home, { cwd, model: 'gpt-5-codex', approval_policy: 'never', sandbox_policy: { mode: 'read-only' } });
  for (let t = 0; t < TURNS; t += 1) {
    const request = t === 0 ? TITLE : `Turn ${t}: what does src/module${t % 50}.ts export?`;
    const command = ['bash', '-c', `grep -n export src/module${t % 50}.ts`];
    const output = `3:export function part${t}() {\n${t === 2 ? `7:// ${OLD_OUTPUT}\n` : ''}`;
    const answer = t === 1 ? `Turn 1 answered: the module is called ${OLD_WORD}.` : `Answer ${t}: the module exports **part${t}**.`;
    recordCommandTurn(recorder, { request, command, cwd, callId: `call_${t}`, output, answer });
  }
  recorder.close();
}

const rowsOf = (log: Locator) => log.locator('.cell-list__row');

/** The highest data-index drawn: CELLS - 1 once every cell is in the list. */
const lastIndex = (log: Locator) => rowsOf(log).evaluateAll((rows) => Math.max(-1, ...rows.map((row) => Number((row as HTMLElement).dataset.index))));

/** Notes, from before the click, the rows of the first commit that put any in the list: their count and highest index. */
async function watchFirstRows(page: Page): Promise<void> {
  await page.evaluate(() => {
    const state = ((window as unknown as { __firstRows: { max: number; texts: string[] } | null }).__firstRows = null);
    void state;
    new MutationObserver((_, observer) => {
      const rows = Array.from(document.querySelectorAll<HTMLElement>('[role="log"] .cell-list__row'));
      if (rows.length === 0) return;
      observer.disconnect();
      (window as unknown as { __firstRows: { max: number; texts: string[] } }).__firstRows = {
        max: Math.max(...rows.map((row) => Number(row.dataset.index))),
        texts: rows.map((row) => row.textContent ?? ''),
      };
    }).observe(document.body, { childList: true, subtree: true });
  });
}

async function openLongSession(page: Page, url: string): Promise<Locator> {
  await page.goto(url);
  await watchFirstRows(page);
  await page.getByRole('navigation', { name: 'Sessions' }).locator('.session-row__main', { hasText: TITLE }).click();
  const log = page.getByRole('log', { name: 'Conversation' });
  await expect(log.getByText(`Turn ${TURNS - 1}:`)).toBeVisible({ timeout: 30_000 });
  return log;
}

test.describe('a long saved session, in pages', () => {
  test.use({ openProject: false });

  test('opens at its end with only its newest page drawn, then takes the older turns in without moving what is read', async ({ page, tandem }) => {
    // The walk to the top takes a frame or two a screen; on a loaded machine a frame can take a few hundred ms.
    test.setTimeout(300_000);
    writeLongSession(tandem.home, tandem.project);
    const log = await openLongSession(page, tandem.url);

    // The first rows drawn are the newest turns, numbered from the start of the first page, not of the session.
    const first = await page.evaluate(() => (window as unknown as { __firstRows: { max: number; texts: string[] } }).__firstRows);
    expect(first.max).toBeLessThan(CELLS / 4);
    expect(first.texts.join('\n')).toContain(`Answer ${TURNS - 1}:`);

    // Rows in view stay where they are while older turns come in front of them.
    const anchor = log.locator('.cell-list__row').filter({ hasText: `Turn ${TURNS - 2}:` });
    const before = await anchor.boundingBox();
    await expect.poll(() => lastIndex(log), { timeout: 30_000 }).toBe(CELLS - 1);
    const after = await anchor.boundingBox();
    expect(before).not.toBeNull();
    expect(Math.abs((after?.y ?? 0) - (before?.y ?? 0))).toBeLessThanOrEqual(1);
    await expect(log.getByText(`Answer ${TURNS - 1}:`)).toBeVisible();

    // Scrolling up nearly a screen at a time walks back through the turns in order, none missing, none twice,
    // to the first: each step's rows, by index, hold consecutive turns.
    const steps = await log.evaluate(async (element, title) => {
      const frame = () => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
      const turnsDrawn = () =>
        Array.from(element.querySelectorAll<HTMLElement>('.cell-list__row'))
          .sort((a, b) => Number(a.dataset.index) - Number(b.dataset.index))
          .flatMap((row) => {
            const text = row.querySelector('.cell--user')?.textContent ?? '';
            if (text.includes(title)) return [0];
            const match = /Turn (\d+):/.exec(text);
            return match ? [Number(match[1])] : [];
          });
      const drawn: number[][] = [turnsDrawn()];
      for (let step = 0; step < 2_000 && element.scrollTop > 0; step += 1) {
        element.scrollTop = Math.max(0, element.scrollTop - element.clientHeight * 0.9);
        await frame();
        drawn.push(turnsDrawn());
      }
      return drawn;
    }, TITLE);
    for (const turns of steps) expect(turns).toEqual(turns.map((_, i) => (turns[0] ?? 0) + i));
    const seen = [...new Set(steps.flat())].sort((a, b) => a - b);
    expect(seen).toEqual(Array.from({ length: TURNS }, (_, i) => i));
    await expect(log.getByText(TITLE)).toBeVisible();
    await expect(log.getByText(`the module is called ${OLD_WORD}`)).toBeVisible();
  });

  test('the finder reaches a word in the oldest page at once', async ({ page, tandem }) => {
    writeLongSession(tandem.home, tandem.project);
    const log = await openLongSession(page, tandem.url);
    await page.keyboard.press('Control+f');
    const search = page.getByRole('search');
    await search.getByRole('textbox', { name: 'Find in conversation' }).fill(OLD_WORD);
    await expect(search.locator('[aria-live="polite"]')).toHaveText('1 of 1', { timeout: 30_000 });
    const row = log.locator('.cell-list__row--current-match');
    await expect(row).toContainText(OLD_WORD);
    await expect(row).toBeInViewport();
  });

  test('a search hit in the oldest page opens the session there', async ({ page, tandem }) => {
    writeLongSession(tandem.home, tandem.project);
    await page.goto(tandem.url);
    const sidebar = page.getByRole('navigation', { name: 'Sessions' });
    await sidebar.getByRole('searchbox', { name: 'Search sessions' }).fill(OLD_OUTPUT);
    const hit = sidebar.getByRole('list', { name: 'Search results' }).getByRole('button').filter({ hasText: OLD_OUTPUT });
    await expect(hit).toHaveCount(1);
    await hit.click();
    const log = page.getByRole('log', { name: 'Conversation' });
    const row = log.locator('.cell-list__row--current-match');
    await expect(row).toContainText(OLD_OUTPUT, { timeout: 30_000 });
    await expect(row).toBeInViewport();
    await expect(page.getByRole('search').getByRole('textbox', { name: 'Find in conversation' })).toHaveValue(OLD_OUTPUT);
  });

  test('a reload draws the same conversation again, from its pages', async ({ page, tandem }) => {
    writeLongSession(tandem.home, tandem.project);
    const log = await openLongSession(page, tandem.url);
    await expect.poll(() => lastIndex(log), { timeout: 30_000 }).toBe(CELLS - 1);
    const texts = async () => ({
      end: await rowsOf(log).evaluateAll((rows) => rows.map((row) => `${(row as HTMLElement).dataset.index}:${row.textContent}`).sort()),
      top: await log.evaluate(async (element) => {
        element.scrollTop = 0;
        await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
        return Array.from(element.querySelectorAll<HTMLElement>('.cell-list__row')).map((row) => `${row.dataset.index}:${row.textContent}`).sort();
      }),
    });
    const before = await texts();

    await page.reload();
    await expect(log.getByText(`Turn ${TURNS - 1}:`)).toBeVisible({ timeout: 30_000 });
    await expect.poll(() => lastIndex(log), { timeout: 30_000 }).toBe(CELLS - 1);
    expect(await texts()).toEqual(before);
  });
});
