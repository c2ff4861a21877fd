import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { message, shellCommand } from '../fake-model-server/index.js';
import { expect, requestInputs, test } from './fixtures.js';

/** Changes one tracked file, deletes another and creates a third. */
const TIDY_UP = "printf 'changed by the agent\\n' >> README.md && rm old.txt && printf 'made by the agent\\n' > new.txt";
const PROJECT_FILES = { 'old.txt': 'an old file\n' };
const ORIGINAL_README = '# A small project\n';

function projectFile(project: string, file: string): string | null {
  const at = path.join(project, file);
  return existsSync(at) ? readFileSync(at, 'utf8') : null;
}

function expectTidiedUp(project: string): void {
  expect(projectFile(project, 'README.md')).toBe(`${ORIGINAL_README}changed by the agent\n`);
  expect(projectFile(project, 'old.txt')).toBeNull();
  expect(projectFile(project, 'new.txt')).toBe('made by the agent\n');
}

function expectAsBefore(project: string): void {
  expect(projectFile(project, 'README.md')).toBe(ORIGINAL_README);
  expect(projectFile(project, 'old.txt')).toBe('an old file\n');
  expect(projectFile(project, 'new.txt')).toBeNull();
}

async function send(page: Page, text: string): Promise<void> {
  await page.getByRole('textbox', { name: 'Message' }).fill(text);
  await page.keyboard.press('Enter');
}

async function approveCommand(page: Page): Promise<void> {
  await page.getByRole('dialog', { name: 'Approval' }).getByRole('button', { name: 'Approve', exact: true }).click();
}

/** The turn is over (its answer can show a moment before its end), so the menu's actions are open. */
async function atRest(page: Page): Promise<void> {
  await expect(page.locator('.status-line').getByRole('status')).toHaveText('Ready');
}

function menuButton(page: Page) {
  return page.getByRole('button', { name: 'Conversation', exact: true });
}

async function choose(page: Page, item: 'Undo files' | 'Undo files and conversation' | 'Compact conversation'): Promise<void> {
  await menuButton(page).click();
  await page.getByRole('menuitem', { name: item, exact: true }).click();
}

test.describe('in a git repository', () => {
  test.use({ gitRepo: true, projectFiles: PROJECT_FILES });

  test.describe('undo files', () => {
    test.use({ script: { responses: [{ items: [shellCommand(TIDY_UP, { callId: 'c1' })] }, { items: [message('I changed README.md, removed old.txt and added new.txt.')] }] } });

    test('is offered only at rest, and puts modified, deleted and created files back as they were', async ({ page, tandem }) => {
      await page.goto(tandem.url);
      await send(page, 'tidy up the project');
      const card = page.getByRole('dialog', { name: 'Approval' });
      await expect(card).toBeVisible();

      // While the turn runs the menu says why its actions wait, and Esc closes it without stopping the agent.
      await menuButton(page).click();
      for (const item of ['Undo files', 'Undo files and conversation', 'Compact conversation']) {
        await expect(page.getByRole('menuitem', { name: item, exact: true })).toBeDisabled();
      }
      // Reading and saving change nothing, so they stay open while the agent works.
      for (const item of ['Review changes', 'Export conversation']) {
        await expect(page.getByRole('menuitem', { name: item, exact: true })).toBeEnabled();
      }
      await expect(page.getByRole('menu', { name: 'Conversation' })).toHaveAccessibleDescription(/agent is working/);
      await tandem.shot(page, 'menu-while-working');
      await page.getByRole('menuitem', { name: 'Undo files', exact: true }).click({ force: true });
      await page.keyboard.press('Escape');
      await expect(page.getByRole('menu')).toHaveCount(0);
      await expect(menuButton(page)).toBeFocused();
      await expect(card).toBeVisible();
      await expect(page.locator('.cell--undo')).toHaveCount(0);

      await approveCommand(page);
      await expect(page.getByRole('log', { name: 'Conversation' }).getByText('I changed README.md, removed old.txt and added new.txt.')).toBeVisible();
      expectTidiedUp(tandem.project);

      await menuButton(page).click();
      await expect(page.getByRole('menuitem', { name: 'Undo files', exact: true })).toBeEnabled();
      await tandem.shot(page, 'menu');
      await page.getByRole('menuitem', { name: 'Undo files', exact: true }).click();
      const undo = page.locator('.cell--undo');
      await expect(undo).toContainText('Restored 2 files and removed 1 file created since the snapshot.');
      expectAsBefore(tandem.project);
      // The files went back; the conversation stays as it was.
      await expect(page.locator('.cell--user').getByText('tidy up the project')).toBeVisible();
      await expect(page.locator('.cell--command')).toHaveCount(1);
      await expect(page.getByRole('textbox', { name: 'Message' })).toHaveValue('');
      await tandem.shot(page, 'files-undone');
    });
  });

  test.describe('undo files and conversation', () => {
    test.use({
      script: { responses: [
        { items: [message('Hello! What should I do?')] },
        { items: [shellCommand(TIDY_UP, { callId: 'c1' })] },
        { items: [message('Done tidying.')] },
        { items: [message('Only the README this time.')] },
      ] },
    });

    test('takes the turn out of the view and the model’s conversation, and gives the message back to edit', async ({ page, tandem }) => {
      await page.goto(tandem.url);
      await send(page, 'hello');
      await expect(page.getByRole('log', { name: 'Conversation' }).getByText('Hello! What should I do?')).toBeVisible();
      await atRest(page);
      await send(page, 'tidy up the project');
      await approveCommand(page);
      await expect(page.getByRole('log', { name: 'Conversation' }).getByText('Done tidying.')).toBeVisible();
      await atRest(page);
      expectTidiedUp(tandem.project);

      // By keyboard: Enter opens the menu on its first item (Review changes), the arrows move, Enter picks.
      await menuButton(page).focus();
      await page.keyboard.press('Enter');
      await expect(page.getByRole('menuitem', { name: 'Review changes', exact: true })).toBeFocused();
      await page.keyboard.press('ArrowDown');
      await page.keyboard.press('ArrowDown');
      await expect(page.getByRole('menuitem', { name: 'Undo files', exact: true })).toBeFocused();
      await page.keyboard.press('ArrowDown');
      await expect(page.getByRole('menuitem', { name: 'Undo files and conversation', exact: true })).toBeFocused();
      await tandem.shot(page, 'menu-by-keyboard');
      await page.keyboard.press('Enter');

      await expect(page.getByRole('log', { name: 'Conversation' }).getByText('Took the last turn out of the conversation.')).toBeVisible();
      await expect(page.locator('.cell--undo')).toContainText('Restored 2 files and removed 1 file created since the snapshot.');
      expectAsBefore(tandem.project);
      const log = page.getByRole('log', { name: 'Conversation' });
      await expect(log.getByText('Done tidying.')).toHaveCount(0);
      await expect(log.getByText('tidy up the project')).toHaveCount(0);
      await expect(log.locator('.cell--command')).toHaveCount(0);
      await expect(log.getByText('Hello! What should I do?')).toBeVisible();
      const composer = page.getByRole('textbox', { name: 'Message' });
      await expect(composer).toHaveValue('tidy up the project');
      await expect(composer).toBeFocused();
      await tandem.shot(page, 'turn-taken-back');

      await composer.press('End');
      await composer.pressSequentially(', but leave old.txt alone');
      await composer.press('Enter');
      await expect(page.getByRole('log', { name: 'Conversation' }).getByText('Only the README this time.')).toBeVisible();
      const resent = requestInputs(tandem.model)[3] ?? '';
      expect(resent).toContain('tidy up the project, but leave old.txt alone');
      expect(resent).toContain('Hello! What should I do?');
      expect(resent).not.toContain('rm old.txt');
      expect(resent).not.toContain('Done tidying.');
    });
  });
});

test.describe('outside git', () => {
  test.use({
    projectFiles: PROJECT_FILES,
    script: { responses: [{ items: [shellCommand(TIDY_UP, { callId: 'c1' })] }, { items: [message('Tidied.')] }] },
  });

  test('undo says it is unavailable, and the conversation is left alone', async ({ page, tandem }) => {
    await page.goto(tandem.url);
    await send(page, 'tidy up the project');
    await approveCommand(page);
    await expect(page.getByRole('log', { name: 'Conversation' }).getByText('Tidied.')).toBeVisible();

    await choose(page, 'Undo files');
    const undo = page.locator('.cell--undo');
    await expect(undo).toContainText(`Undo is unavailable: ${tandem.project} is not a git repository.`);
    await expect(undo).toContainText('git init');
    expectTidiedUp(tandem.project);

    await choose(page, 'Undo files and conversation');
    await expect(undo).toHaveCount(2);
    await expect(undo.nth(1)).toContainText('Undo is unavailable');
    await expect(page.locator('.cell--user').getByText('tidy up the project')).toBeVisible();
    await expect(page.getByRole('log', { name: 'Conversation' }).getByText('Took the last turn out of the conversation.')).toHaveCount(0);
    await expect(page.getByRole('textbox', { name: 'Message' })).toHaveValue('');
    await tandem.shot(page, 'undo-unavailable');
  });
});

test.describe('compact conversation', () => {
  test.use({
    script: { responses: [
      { items: [message('Hello! I can see your project.')] },
      { items: [message('The person greeted me; nothing has been done yet.')] },
    ] },
  });

  test('summarises the conversation and marks the place with a divider', async ({ page, tandem }) => {
    await page.goto(tandem.url);
    await send(page, 'hello');
    await expect(page.getByRole('log', { name: 'Conversation' }).getByText('Hello! I can see your project.')).toBeVisible();
    await atRest(page);

    // Up on the menu button opens it on its last item.
    await menuButton(page).focus();
    await page.keyboard.press('ArrowUp');
    await expect(page.getByRole('menuitem', { name: 'Compact conversation', exact: true })).toBeFocused();
    await page.keyboard.press('Enter');

    const divider = page.locator('.cell--compaction');
    await expect(divider).toContainText('Conversation compacted');
    await expect(divider).toContainText('Long conversations and repeated compactions can make the agent less accurate');
    await atRest(page);
    expect(tandem.model.requests).toHaveLength(2);
    // What was said before stays on screen for the person.
    await expect(page.getByRole('log', { name: 'Conversation' }).getByText('Hello! I can see your project.')).toBeVisible();
    await tandem.shot(page, 'compacted');
  });
});
