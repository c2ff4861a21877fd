import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { applyPatch, message, shellCommand } from '../fake-model-server/index.js';
import { expect, requestInputs, test } from './fixtures.js';

/** Forty lines of a file, and the patch hunk that rewrites twenty of them (the rest stay as context). */
const original = (name: string) => Array.from({ length: 40 }, (_, i) => `${name} line ${i + 1}`).join('\n') + '\n';
const changed = (name: string) =>
  Array.from({ length: 40 }, (_, i) => (i % 2 === 0 ? `${name} LINE ${i + 1} changed` : `${name} line ${i + 1}`)).join('\n') + '\n';

function rewriteHunk(name: string): string {
  const lines: string[] = [];
  for (let i = 0; i < 40; i += 1) {
    if (i % 2 === 0) lines.push(`-${name} line ${i + 1}`, `+${name} LINE ${i + 1} changed`);
    else lines.push(` ${name} line ${i + 1}`);
  }
  return lines.join('\n');
}

/** Two files, forty changed lines each: an 80-line patch. */
const BIG_PATCH = `*** Begin Patch
*** Update File: src/app.ts
@@
${rewriteHunk('app')}
*** Update File: src/util.py
@@
${rewriteHunk('util')}
*** End Patch`;

const PROJECT_FILES = { 'src/app.ts': original('app'), 'src/util.py': original('util') };

async function send(page: Page, text: string): Promise<void> {
  const box = page.getByRole('textbox', { name: 'Message' });
  await box.fill(text);
  await box.press('Enter');
}

async function atRest(page: Page): Promise<void> {
  await expect(page.locator('.status-line').getByRole('status')).toHaveText('Ready');
}

/** Elements inside `root` that scroll (their content overflows a box that scrolls). */
async function scrollersIn(page: Page, selector: string): Promise<string[]> {
  return page.locator(selector).evaluate((root) => {
    const found: string[] = [];
    for (const element of [root, ...Array.from(root.querySelectorAll('*'))]) {
      const style = getComputedStyle(element);
      const scrolls = /(auto|scroll)/.test(style.overflowY) && element.scrollHeight > element.clientHeight + 1;
      if (scrolls) found.push(element.className);
    }
    return found;
  });
}

const read = (project: string, file: string) => readFile(path.join(project, file), 'utf8');

test.describe('reviewing a big patch', () => {
  test.use({
    gitRepo: true,
    projectFiles: PROJECT_FILES,
    viewport: { width: 800, height: 600 },
    script: { responses: [{ items: [applyPatch(BIG_PATCH, 'p1')] }, { items: [message('Edited both files.')] }, { items: [message('Noted.')] }] },
  });

  test('the card lists the files, scrolls once and leaves the conversation in sight; one file reverted, then undo', async ({ page, tandem }) => {
    await page.goto(tandem.url);
    await send(page, 'rewrite every other line of both files');

    // The approval card: a list of the two files with their counts, one capped scroller, the conversation in sight.
    const card = page.getByRole('dialog', { name: 'Approval' });
    await expect(card).toBeVisible();
    const files = card.getByRole('list', { name: 'Changed files' });
    await expect(files.getByRole('listitem')).toHaveCount(2);
    await expect(files).toContainText('src/app.ts');
    await expect(files).toContainText('src/util.py');
    await expect(files.getByRole('listitem').first()).toContainText('+20');
    await tandem.shot(page, 'patch-card-800x600');
    expect(await scrollersIn(page, '.approval-card')).toEqual(['diff-review diff-review--capped']);
    const conversation = await page.getByRole('log', { name: 'Conversation' }).boundingBox();
    expect(conversation?.height ?? 0).toBeGreaterThanOrEqual(150);
    // Syntax colour and line numbers, and no git header lines to read through.
    await expect(card.locator('.diff-file').first().locator('.hljs-number, .hljs-keyword, .hljs-string').first()).toBeAttached();
    await expect(card.locator('.diff-row__number').first()).toHaveText(/\d+/);

    await card.getByRole('button', { name: 'Approve', exact: true }).click();
    await expect(page.getByRole('log', { name: 'Conversation' }).getByText('Edited both files.')).toBeVisible();
    await atRest(page);
    expect(await read(tandem.project, 'src/app.ts')).toBe(changed('app'));

    // The turn's changes: a file list, per-file sections, no raw git lines.
    const turn = page.locator('.cell--turn-diff');
    await turn.getByRole('button', { name: /Changes in this turn/ }).click();
    await expect(turn.getByRole('list', { name: 'Changed files' }).getByRole('listitem')).toHaveCount(2);
    await expect(turn.getByRole('region', { name: 'src/app.ts' })).toBeVisible();
    await expect(turn).not.toContainText('diff --git');
    await expect(turn).not.toContainText('index ');
    await tandem.shot(page, 'turn-changes');

    // The review view, for the turn, then for the whole session.
    await turn.getByRole('button', { name: 'Review changes' }).click();
    const review = page.getByRole('dialog', { name: 'Changes in turn 1' });
    await expect(review).toBeVisible();
    await expect(review.getByRole('region', { name: 'src/util.py' })).toBeVisible();
    await tandem.shot(page, 'review-turn');
    await review.getByRole('button', { name: 'Whole session' }).click();
    const whole = page.getByRole('dialog', { name: 'Changes in this session' });
    await expect(whole.getByRole('region', { name: 'Turn 1', exact: true })).toContainText('rewrite every other line of both files');
    await tandem.shot(page, 'review-session');
    await whole.getByRole('button', { name: 'Close' }).click();
    await expect(page.getByRole('dialog', { name: /Changes/ })).toHaveCount(0);

    // Revert one file: back on disk, the other left, both marked, and the model told in its next request.
    await turn.getByRole('button', { name: 'Revert src/util.py' }).click();
    await expect(page.getByText('Put src/util.py back as it was before that turn.')).toBeVisible();
    expect(await read(tandem.project, 'src/util.py')).toBe(original('util'));
    expect(await read(tandem.project, 'src/app.ts')).toBe(changed('app'));
    await expect(turn.getByRole('region', { name: 'src/util.py' }).locator('.tag--reverted')).toHaveText('Reverted');
    await expect(page.locator('.cell--patch .badge')).toHaveText('Partly reverted');
    await tandem.shot(page, 'reverted-one-file');

    await send(page, 'carry on');
    await expect(page.getByRole('log', { name: 'Conversation' }).getByText('Noted.')).toBeVisible();
    const lastRequest = requestInputs(tandem.model).at(-1) ?? '';
    expect(lastRequest).toContain('The person reverted src/util.py to how it was before one of your earlier turns');
    expect(lastRequest).not.toContain('The person reverted src/app.ts');
    await atRest(page);

    // The session file is the truth: a reload draws the marks again.
    await page.reload();
    await expect(page.locator('.cell--patch .badge')).toHaveText('Partly reverted');

    // Undo marks the patch and the turn's changes as undone: the first undo takes back the turn that changed
    // nothing ("carry on"), the second the turn of the patch.
    for (const undos of [1, 2]) {
      await atRest(page);
      await page.getByRole('button', { name: 'Conversation', exact: true }).click();
      await page.getByRole('menuitem', { name: 'Undo files', exact: true }).click();
      await expect(page.locator('.cell--undo:not([aria-busy="true"])')).toHaveCount(undos);
      if (undos === 1) await expect(page.locator('.cell--patch .badge')).toHaveText('Partly reverted');
    }
    await expect(page.locator('.cell--patch .badge')).toHaveText('Undone');
    await expect(page.locator('.cell--turn-diff .badge')).toHaveText('Undone');
    expect(await read(tandem.project, 'src/app.ts')).toBe(original('app'));
    await tandem.shot(page, 'undone');
  });
});

const ANSWER = 'Here is the fix:\n\n```ts\nconst answer = 42;\n```\n\nAll **done**.';

test.describe('copy and export', () => {
  test.use({
    permissions: ['clipboard-read', 'clipboard-write'],
    script: {
      responses: [
        { items: [shellCommand('echo copied-output', { callId: 'c1' })] },
        { items: [message(ANSWER)] },
        { items: [message('Summary: we printed a line and showed a fix.')] },
      ],
    },
  });

  test('copies code, messages and output; exports the conversation as Markdown; unfolds the compaction summary', async ({ page, tandem }) => {
    await page.goto(tandem.url);
    await send(page, 'show me the fix');
    // A known-safe command may run without a card; answer one if it comes.
    const cardOrDone = page.locator('.approval-card, .cell--command .badge--ok').first();
    await cardOrDone.waitFor();
    if (await page.locator('.approval-card').isVisible()) await page.getByRole('dialog', { name: 'Approval' }).getByRole('button', { name: 'Approve', exact: true }).click();
    await expect(page.getByRole('log', { name: 'Conversation' }).getByText('All done.')).toBeVisible();
    await atRest(page);
    const clipboard = () => page.evaluate(() => navigator.clipboard.readText());

    await page.getByRole('button', { name: 'Copy code' }).click();
    expect(await clipboard()).toBe('const answer = 42;\n');
    await expect(page.getByRole('button', { name: 'Copy code' })).toHaveText('Copied');
    await tandem.shot(page, 'copied-code');

    await page.locator('.cell--assistant').getByRole('button', { name: 'Copy message' }).click();
    expect(await clipboard()).toBe(ANSWER);
    await page.locator('.cell--user').getByRole('button', { name: 'Copy message' }).click();
    expect(await clipboard()).toBe('show me the fix');
    await page.getByRole('button', { name: 'Copy output' }).click();
    expect(await clipboard()).toBe('copied-output\n');
    await tandem.shot(page, 'copied-output');

    // Compaction: the summary the model kept unfolds to be read.
    await page.getByRole('button', { name: 'Conversation', exact: true }).click();
    await page.getByRole('menuitem', { name: 'Compact conversation', exact: true }).click();
    await page.getByRole('button', { name: 'Show the summary the model kept' }).click();
    await expect(page.locator('.compaction__summary')).toContainText('we printed a line and showed a fix');
    await tandem.shot(page, 'compaction-summary');

    const downloading = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Conversation' }).click();
    await page.getByRole('menuitem', { name: 'Export conversation' }).click();
    const download = await downloading;
    expect(download.suggestedFilename()).toMatch(/^show-me-the-fix-\d{4}-\d{2}-\d{2}\.md$/);
    const text = await readFile((await download.path()) ?? '', 'utf8');
    expect(text).toContain('# show me the fix');
    expect(text).toContain('## You\n\nshow me the fix');
    expect(text).toContain('$ echo copied-output');
    expect(text).toContain('copied-output\n');
    expect(text).toContain(`## Agent\n\n${ANSWER}`);
    expect(text).toContain('we printed a line and showed a fix');
    await tandem.shot(page, 'exported');
  });
});
