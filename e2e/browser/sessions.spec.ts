import type { Locator, Page } from '@playwright/test';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { message, shellCommand, type RecordedRequest, type ScriptedResponse } from '../fake-model-server/index.js';
import { expect, test } from './fixtures.js';

/** The text of the newest user message a request carries: which session is asking, in these tests. */
function lastUserText(request: RecordedRequest): string {
  const input = request.effectiveInput ?? [];
  for (let i = input.length - 1; i >= 0; i -= 1) {
    const item = input[i] as { type?: string; role?: string; content?: { text?: string }[] };
    if (item.role === 'user') return (item.content ?? []).map((part) => part.text ?? '').join('');
  }
  return '';
}

/** Whether the model has already called a tool in this request's conversation (it is the turn's second request). */
function hasToolOutput(request: RecordedRequest): boolean {
  const input = request.effectiveInput ?? [];
  const lastUser = input.findLastIndex((item) => (item as { role?: string }).role === 'user');
  return input.slice(lastUser + 1).some((item) => (item as { type?: string }).type === 'function_call_output');
}

/** Answers by what the session asked, so that several sessions can talk to the one fake model in any order. */
function answerByRequest(request: RecordedRequest): ScriptedResponse | undefined {
  const asked = lastUserText(request);
  if (asked.includes('wait for me')) return hasToolOutput(request) ? { items: [message('Ran it, as you approved.')] } : { items: [shellCommand('echo waited-for-you > waited.txt', { callId: 'wait-1' })] };
  if (asked.includes('keep working')) return { items: [message(`${'Still going. '.repeat(60)}Finally done.`)], deltaChunks: 120, deltaDelayMs: 250 };
  if (asked.includes('just answer')) return { items: [message('Done quickly.')] };
  if (asked.includes('finish slowly')) return { items: [message('Finished, slowly.')], deltaChunks: 20, deltaDelayMs: 200 };
  return undefined;
}

const sidebar = (page: Page) => page.getByRole('navigation', { name: 'Sessions' });
const conversation = (page: Page) => page.getByRole('log', { name: 'Conversation' });
const composer = (page: Page) => page.getByRole('textbox', { name: 'Message' });
const rowOf = (page: Page, title: string) => sidebar(page).locator('.session-row').filter({ hasText: title });

/** Starts a new session from the sidebar and waits until it is the one shown. */
async function newSession(page: Page, how: 'button' | 'keys' = 'button') {
  const before = new URL(page.url()).searchParams.get('session');
  if (how === 'keys') await page.keyboard.press('Alt+N');
  else await sidebar(page).getByRole('button', { name: 'New session', exact: true }).click();
  await expect.poll(() => new URL(page.url()).searchParams.get('session')).not.toBe(before);
  await expect(conversation(page).getByText('Ask for something to get started.')).toBeVisible();
}

async function ask(page: Page, words: string) {
  await composer(page).fill(words);
  await composer(page).press('Enter');
  await expect(page.getByRole('log', { name: 'Conversation' }).getByText(words)).toBeVisible();
}

test.describe('several sessions at once', () => {
  test('one runs, one waits for approval, one is done: the sidebar, the title and switching keep each in place', async ({ page, tandem }) => {
    tandem.model.respondWith(answerByRequest);
    await page.goto(tandem.url);
    await ask(page, 'just answer please');
    await expect(conversation(page).getByText('Done quickly.')).toBeVisible();

    // A second session in the same project, from the sidebar's button.
    await newSession(page);
    await expect(composer(page)).toHaveValue('');
    await ask(page, 'wait for me here');
    const card = page.getByRole('dialog', { name: 'Approval' });
    await expect(card).toContainText('echo waited-for-you > waited.txt');
    // Half a thought typed and left: it must survive switching away and back.
    await composer(page).fill('a draft I have not sent');

    // A third, by the browser's shortcut for a new session.
    await newSession(page, 'keys');
    await expect(composer(page)).toHaveValue('');
    await ask(page, 'keep working on it');
    await expect(page.locator('.status-line .spinner')).toBeVisible();

    // The sidebar tells them apart; the title counts the one waiting.
    const project = path.basename(tandem.project);
    await expect(sidebar(page).getByRole('heading', { name: project })).toBeVisible();
    await expect(sidebar(page).locator('.session-row')).toHaveCount(3);
    await expect(rowOf(page, 'wait for me here')).toHaveClass(/session-row--waiting/);
    await expect(rowOf(page, 'keep working on it')).toHaveClass(/session-row--working/);
    await expect(rowOf(page, 'keep working on it').locator('.spinner')).toBeVisible();
    await expect(rowOf(page, 'just answer please')).toHaveClass(/session-row--finished/);
    await expect(rowOf(page, 'keep working on it')).toHaveClass(/session-row--active/);
    await expect(page).toHaveTitle(`(1) ${project} — Tandem`);
    await tandem.shot(page, 'three-sessions');

    // Back to the one waiting: its card and its draft are there.
    await rowOf(page, 'wait for me here').locator('.session-row__main').click();
    await expect(card).toBeVisible();
    await expect(composer(page)).toHaveValue('a draft I have not sent');
    await expect(rowOf(page, 'wait for me here').getByRole('button', { name: /wait for me here.*waiting for you/ })).toHaveAttribute('aria-current', 'page');
    await tandem.shot(page, 'switched-to-waiting');

    // The working one kept working meanwhile, out of sight.
    await card.getByRole('button', { name: 'Approve', exact: true }).click();
    await expect(conversation(page).getByText('Ran it, as you approved.')).toBeVisible();
    await expect(page).toHaveTitle(`${project} — Tandem`);
    await expect(rowOf(page, 'wait for me here')).toHaveClass(/session-row--finished/);

    await rowOf(page, 'keep working on it').locator('.session-row__main').click();
    await expect(conversation(page).getByText('Finally done.')).toBeVisible({ timeout: 60_000 });
    await expect(rowOf(page, 'keep working on it')).toHaveClass(/session-row--finished/);

    // Once all are at rest, the keyboard moves between them: Alt+1 is the first row, Alt+Down the next.
    const order = await sidebar(page).locator('.session-row__title').allTextContents();
    await page.keyboard.press('Alt+1');
    await expect(sidebar(page).locator('.session-row--active .session-row__title')).toHaveText(order[0]!);
    await page.keyboard.press('Alt+ArrowDown');
    await expect(sidebar(page).locator('.session-row--active .session-row__title')).toHaveText(order[1]!);
    await page.keyboard.press('Control+Tab');
    await expect(sidebar(page).locator('.session-row--active .session-row__title')).toHaveText(order[2]!);
  });
});

test.describe('where you are', () => {
  test('a reload comes back to the session shown, and Back and Forward move between sessions', async ({ page, tandem }) => {
    tandem.model.respondWith(answerByRequest);
    await page.goto(tandem.url);
    await ask(page, 'just answer the first');
    await expect(conversation(page).getByText('Done quickly.')).toBeVisible();
    const first = new URL(page.url()).searchParams.get('session');
    expect(first).toBeTruthy();
    await newSession(page);
    await ask(page, 'just answer the second');
    await expect(conversation(page).getByText('Done quickly.')).toBeVisible();
    const second = new URL(page.url()).searchParams.get('session');
    expect(second).not.toBe(first);
    // The token stays in the address: a reload must still be let in.
    expect(new URL(page.url()).searchParams.get('token')).toBe(tandem.token);

    await page.reload();
    await expect(page.getByRole('log', { name: 'Conversation' }).getByText('just answer the second')).toBeVisible();
    await page.goBack();
    await expect(page.getByRole('log', { name: 'Conversation' }).getByText('just answer the first')).toBeVisible();
    await page.goForward();
    await expect(page.getByRole('log', { name: 'Conversation' }).getByText('just answer the second')).toBeVisible();
    await tandem.shot(page, 'reloaded');
  });
});

test.describe('notifications', () => {
  test('an approval waiting while the page is hidden brings a notification, whose click shows the session', async ({ page, tandem }) => {
    tandem.model.respondWith(answerByRequest);
    // Records the notifications the page makes, and lets the test say when the page is hidden.
    await page.addInitScript(() => {
      const shown: { title: string; body: string }[] = [];
      const state = { hidden: false };
      Object.assign(window, { __shown: shown, __page: state });
      Object.defineProperty(document, 'visibilityState', { get: () => (state.hidden ? 'hidden' : 'visible') });
      document.hasFocus = () => !state.hidden;
      class RecordingNotification {
        static permission = 'granted';
        static requestPermission = async () => 'granted';
        onclick: (() => void) | null = null;
        constructor(title: string, options: { body?: string } = {}) {
          shown.push({ title, body: options.body ?? '' });
          Object.assign(window, { __lastNotification: this });
        }
        close() {}
      }
      Object.assign(window, { Notification: RecordingNotification });
    });
    await page.goto(tandem.url);
    await ask(page, 'just answer first');
    await expect(conversation(page).getByText('Done quickly.')).toBeVisible();
    // Looking at the page: nothing pops up.
    expect(await page.evaluate(() => (window as unknown as { __shown: unknown[] }).__shown)).toEqual([]);

    await ask(page, 'wait for me while I am away');
    await page.evaluate(() => ((window as unknown as { __page: { hidden: boolean } }).__page.hidden = true));
    await expect(page.getByRole('dialog', { name: 'Approval' })).toBeVisible();
    // The approval came after the page was hidden? Not necessarily: send another one that surely does.
    await page.getByRole('dialog', { name: 'Approval' }).getByRole('button', { name: 'Approve', exact: true }).click();
    await expect(conversation(page).getByText('Ran it, as you approved.')).toBeVisible();
    const shown = await page.evaluate(() => (window as unknown as { __shown: { title: string; body: string }[] }).__shown);
    const project = path.basename(tandem.project);
    expect(shown).toContainEqual({ title: `The agent finished in ${project}`, body: 'Ran it, as you approved.' });

    // Elsewhere in the window: the page is looked at, but another session is shown when the first one's turn ends.
    await page.evaluate(() => ((window as unknown as { __page: { hidden: boolean } }).__page.hidden = false));
    const before = (await page.evaluate(() => (window as unknown as { __shown: unknown[] }).__shown)).length;
    await ask(page, 'finish slowly please');
    await newSession(page);
    await expect
      .poll(async () => (await page.evaluate(() => (window as unknown as { __shown: { title: string; body: string }[] }).__shown)).slice(before))
      .toContainEqual({ title: `The agent finished in ${project}`, body: 'Finished, slowly.' });
    await expect(page.getByTestId('announcer')).toContainText(`The agent finished in ${project}`);
    await page.evaluate(() => (window as unknown as { __lastNotification: { onclick: () => void } }).__lastNotification.onclick());
    await expect(page.getByRole('log', { name: 'Conversation' }).getByText('finish slowly please')).toBeVisible();
    await tandem.shot(page, 'after-notification-click');
  });
});

test.describe('keyboard', () => {
  test('Ctrl+L, Esc in a box with text, the conversation scrolled by keys, and the live region', async ({ page, tandem }) => {
    tandem.model.respondWith(answerByRequest);
    await page.goto(tandem.url);
    await ask(page, 'wait for me with keys');
    const card = page.getByRole('dialog', { name: 'Approval' });
    await expect(card).toBeVisible();
    const project = path.basename(tandem.project);
    await expect(page.getByTestId('announcer')).toContainText(`Approval needed in ${project}. Run echo waited-for-you`);

    // Ctrl+L reaches the message box from anywhere; Esc with words in it leaves it and answers nothing.
    await page.getByRole('navigation', { name: 'Sessions' }).getByRole('searchbox', { name: 'Search sessions' }).focus();
    await page.keyboard.press('Control+l');
    await expect(composer(page)).toBeFocused();
    await page.keyboard.type('not yet');
    await page.keyboard.press('Escape');
    await expect(composer(page)).not.toBeFocused();
    await expect(composer(page)).toHaveValue('not yet');
    await expect(card).toBeVisible();
    await expect(card.getByRole('button', { name: 'Approve', exact: true })).toBeEnabled();
    expect(tandem.model.requests).toHaveLength(1);
    // Outside the box, y answers the card.
    await page.keyboard.press('y');
    await expect(conversation(page).getByText('Ran it, as you approved.')).toBeVisible();
    await expect(page.getByTestId('announcer')).toContainText(`The agent finished in ${project}`);

    // The conversation takes the focus and scrolls with the keys.
    const log = page.getByRole('log', { name: 'Conversation' });
    await log.focus();
    await expect(log).toBeFocused();
    await page.keyboard.press('Home');
    await expect.poll(() => log.evaluate((element) => element.scrollTop)).toBe(0);

    // The list of shortcuts says which keys apply in a browser.
    await page.keyboard.press('Control+/');
    const shortcuts = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
    await expect(shortcuts).toBeVisible();
    await expect(shortcuts.getByRole('row', { name: /New session in this project/ })).toContainText('Alt+N');
    await tandem.shot(page, 'shortcuts');
    await page.keyboard.press('Escape');
    await expect(shortcuts).toBeHidden();

    // Tab goes through the sidebar first, then the conversation's header, the log and the message box.
    await sidebar(page).getByRole('button', { name: 'New session', exact: true }).focus();
    const names: string[] = [];
    for (let i = 0; i < 40; i += 1) {
      await page.keyboard.press('Tab');
      names.push(await page.evaluate(() => document.activeElement?.getAttribute('aria-label') ?? document.activeElement?.textContent?.trim() ?? ''));
    }
    const at = (name: string) => names.findIndex((candidate) => candidate.startsWith(name));
    expect(at('Open Folder')).toBe(0);
    expect(at('Search sessions')).toBeGreaterThan(at('Open Folder'));
    expect(at('wait for me with keys')).toBeGreaterThan(at('Search sessions'));
    expect(at('Conversation')).toBeGreaterThan(at('wait for me with keys'));
    expect(at('Message')).toBeGreaterThan(at('Conversation'));
  });
});

test.describe('a small window', () => {
  const deep = 'a-folder-with-a-rather-long-name/and-another-one-below-it/and-a-third-to-make-the-path-long';
  test.use({ openProject: false, viewport: { width: 800, height: 600 } });

  test('at 800×600 with a 110-character path everything stays reachable', async ({ page, tandem }) => {
    tandem.model.respondWith(answerByRequest);
    const folder = path.join(tandem.project, deep);
    await mkdir(folder, { recursive: true });
    expect(folder.length).toBeGreaterThanOrEqual(110);
    await page.goto(tandem.url);
    // A narrow window leaves its width to the conversation: the sidebar starts hidden, a button away.
    await expect(sidebar(page)).toHaveCount(0);
    await page.getByRole('main').getByRole('button', { name: 'Open Folder' }).click();
    await page.getByLabel('Folder path').fill(folder);
    await page.getByRole('button', { name: 'Open', exact: true }).click();
    await ask(page, 'just answer in a small window');
    await expect(conversation(page).getByText('Done quickly.')).toBeVisible();
    const inView = async (control: Locator) => {
      const box = await control.boundingBox();
      expect(box).not.toBeNull();
      expect(box!.x).toBeGreaterThanOrEqual(0);
      expect(box!.x + box!.width).toBeLessThanOrEqual(800);
      expect(box!.y + box!.height).toBeLessThanOrEqual(600);
    };
    for (const control of [
      page.getByRole('button', { name: 'Send' }),
      page.getByRole('button', { name: 'Settings' }),
      page.getByRole('button', { name: 'Conversation' }),
      page.getByRole('button', { name: 'Show the sessions sidebar' }),
      composer(page),
    ]) {
      await inView(control);
    }
    const log = await conversation(page).boundingBox();
    expect(log!.height).toBeGreaterThan(300);
    await tandem.shot(page, '800x600-long-path');
    await page.getByRole('button', { name: 'Show the sessions sidebar' }).click();
    await inView(sidebar(page).getByRole('button', { name: 'New session', exact: true }));
    await inView(page.getByRole('button', { name: 'Send' }));
    await tandem.shot(page, '800x600-with-sidebar');
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(800);
    await page.setViewportSize({ width: 1920, height: 1080 });
    await tandem.shot(page, '1920-wide');
  });
});

test.describe('theme', () => {
  test('Settings pin dark or light, or follow the system', async ({ page, tandem }) => {
    await page.emulateMedia({ colorScheme: 'light' });
    await page.goto(tandem.url);
    const background = () => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    const light = await background();
    const choose = async (label: string) => {
      await page.getByRole('button', { name: 'Settings' }).click();
      await page.getByLabel('Appearance').selectOption({ label });
      await page.getByRole('button', { name: 'Save' }).click();
      await expect(page.getByRole('dialog', { name: 'Settings' })).toBeHidden();
    };
    await choose('Dark');
    await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
    const dark = await background();
    expect(dark).not.toBe(light);
    await tandem.shot(page, 'dark');
    // Kept by the host: a reload is still dark.
    await page.reload();
    await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
    await choose('Follow the system');
    await expect(page.locator('html')).not.toHaveAttribute('data-theme', /./);
    expect(await background()).toBe(light);
    await page.emulateMedia({ colorScheme: 'dark' });
    expect(await background()).toBe(dark);
  });
});

test.describe('rename and delete', () => {
  test('a renamed session keeps its name; a deleted one goes to the trash and Undo brings it back; an empty one is never saved', async ({ page, tandem }) => {
    tandem.model.respondWith(answerByRequest);
    await page.goto(tandem.url);
    await ask(page, 'just answer and be renamed');
    await expect(conversation(page).getByText('Done quickly.')).toBeVisible();
    await newSession(page);
    await ask(page, 'just answer and be deleted');
    await expect(conversation(page).getByText('Done quickly.')).toBeVisible();

    // Rename from the row's menu, from the keyboard.
    await rowOf(page, 'just answer and be renamed').hover();
    await sidebar(page).getByRole('button', { name: 'More for just answer and be renamed' }).click();
    await page.getByRole('menuitem', { name: 'Rename' }).click();
    const name = sidebar(page).getByRole('textbox', { name: 'Session name' });
    await expect(name).toBeFocused();
    await name.fill('Release notes');
    await name.press('Enter');
    await expect(rowOf(page, 'Release notes')).toBeVisible();
    await tandem.shot(page, 'renamed');

    // Delete the session shown: it leaves the list and the view, and Undo puts it back.
    await rowOf(page, 'just answer and be deleted').hover();
    await sidebar(page).getByRole('button', { name: 'More for just answer and be deleted' }).click();
    await page.getByRole('menuitem', { name: 'Delete' }).click();
    await expect(rowOf(page, 'just answer and be deleted')).toHaveCount(0);
    const toast = page.getByRole('status').filter({ hasText: 'Deleted' });
    await expect(toast).toContainText('Deleted “just answer and be deleted”');
    await tandem.shot(page, 'deleted-with-undo');
    await toast.getByRole('button', { name: 'Undo' }).click();
    await expect(rowOf(page, 'just answer and be deleted')).toBeVisible();

    // Delete it for good this time; then a new session with nothing said, and a reload.
    await rowOf(page, 'just answer and be deleted').hover();
    await sidebar(page).getByRole('button', { name: 'More for just answer and be deleted' }).click();
    await page.getByRole('menuitem', { name: 'Delete' }).click();
    await expect(rowOf(page, 'just answer and be deleted')).toHaveCount(0);
    await newSession(page);
    await page.goto(tandem.url);
    await expect(rowOf(page, 'Release notes')).toBeVisible();
    await expect(sidebar(page).locator('.session-row')).toHaveCount(1);
    await tandem.shot(page, 'after-reload');
  });
});
