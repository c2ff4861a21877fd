import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { message, shellCommand } from '../fake-model-server/index.js';
import { generateRepository } from '../../test-support/generated-repository.js';
import { expect, requestInputs, test } from './fixtures.js';

const composer = (page: Page) => page.getByRole('textbox', { name: 'Message' });
const conversation = (page: Page) => page.getByRole('log', { name: 'Conversation' });
const commandList = (page: Page) => page.getByRole('listbox', { name: 'Commands' });
const fileList = (page: Page) => page.getByRole('listbox', { name: 'Files' });

async function atRest(page: Page): Promise<void> {
  await expect(page.locator('.status-line').getByRole('status')).toHaveText('Ready');
}

/** Types a slash command into the box and picks it from the list with Enter. */
async function runCommand(page: Page, name: string): Promise<void> {
  await composer(page).fill('');
  await composer(page).pressSequentially(`/${name}`);
  await expect(commandList(page).getByRole('option', { selected: true })).toContainText(`/${name}`);
  await composer(page).press('Enter');
  await expect(composer(page)).toHaveValue('');
}

const ORIGINAL_README = '# A small project\n';

test.describe('slash commands', () => {
  test.use({
    gitRepo: true,
    script: {
      responses: [
        { items: [shellCommand("printf 'changed\\n' > README.md", { callId: 'c1' })] },
        { items: [message('I changed README.md.')] },
        { items: [message('Summary: the person asked to change README.md, and it was changed.')] },
      ],
    },
  });

  test('the list opens on /, follows the arrows, and each command does its work', async ({ page, tandem }) => {
    await page.goto(tandem.url);
    await composer(page).click();
    await composer(page).pressSequentially('/');
    const list = commandList(page);
    await expect(list.getByRole('option')).toHaveText([/^\/new/, /^\/compact/, /^\/undo/, /^\/diff/, /^\/model/, /^\/approvals/, /^\/export/, /^\/status/, /^\/help/]);
    await expect(list.getByRole('option', { selected: true })).toContainText('/new');
    await composer(page).press('ArrowDown');
    await composer(page).press('ArrowDown');
    await expect(list.getByRole('option', { selected: true })).toContainText('/undo');
    await composer(page).press('ArrowUp');
    await expect(list.getByRole('option', { selected: true })).toContainText('/compact');
    await tandem.shot(page, 'commands-list');

    // Typing narrows the list; Esc closes it and leaves the words and the focus in the box.
    await composer(page).pressSequentially('sta');
    await expect(list.getByRole('option')).toHaveText([/^\/status/]);
    await composer(page).press('Escape');
    await expect(list).toBeHidden();
    await expect(composer(page)).toBeFocused();
    await expect(composer(page)).toHaveValue('/sta');

    // /status: a note in the conversation with the model, folder, policies and tokens; nothing goes to the model.
    await composer(page).fill('');
    await composer(page).pressSequentially('/sta');
    await composer(page).press('Tab');
    const status = conversation(page).locator('.cell--notice').filter({ hasText: 'Model:' });
    await expect(status).toContainText('Model: ');
    await expect(status).toContainText(`Folder: ${tandem.project}`);
    await expect(status).toContainText('Approval policy: untrusted');
    await expect(status).toContainText('Sandbox: workspace-write');
    await expect(status).toContainText('Tokens: none used yet');
    expect(tandem.model.requests).toHaveLength(0);
    await tandem.shot(page, 'status');

    // /help: the commands in the conversation, and the keyboard shortcuts.
    await runCommand(page, 'help');
    await expect(page.getByRole('dialog', { name: 'Keyboard shortcuts' })).toBeVisible();
    await tandem.shot(page, 'help');
    await page.keyboard.press('Escape');
    await expect(page.getByRole('dialog', { name: 'Keyboard shortcuts' })).toBeHidden();
    const help = conversation(page).locator('.cell--notice').filter({ hasText: '/compact:' });
    await expect(help).toContainText('/undo: Put the files back as they were before the last turn');
    await expect(help).toContainText('Ctrl+/');

    // A turn that changes a file, with an approval: Esc in the open list must not answer the card.
    await composer(page).fill('change the readme');
    await composer(page).press('Enter');
    const card = page.getByRole('dialog', { name: 'Approval' });
    await expect(card).toContainText("printf 'changed\\n' > README.md");
    await composer(page).click();
    await composer(page).pressSequentially('/');
    await expect(commandList(page)).toBeVisible();
    await composer(page).press('Escape');
    await expect(commandList(page)).toBeHidden();
    await expect(card).toBeVisible();
    await expect(composer(page)).toBeFocused();
    // While the turn runs, /undo says why it cannot, and changes nothing.
    await composer(page).fill('/undo');
    await composer(page).press('Escape');
    await composer(page).press('Enter');
    await expect(conversation(page).getByText('/undo cannot run now: The agent is working.')).toBeVisible();
    await expect(card).toBeVisible();
    await composer(page).fill('');
    await card.getByRole('button', { name: 'Approve', exact: true }).click();
    await expect(conversation(page).getByText('I changed README.md.')).toBeVisible();
    await atRest(page);
    expect(readFileSync(path.join(tandem.project, 'README.md'), 'utf8')).toBe('changed\n');

    // /undo puts the file back; typed whole, Enter runs it as well as picking it does.
    await composer(page).fill('/undo');
    await composer(page).press('Escape');
    await composer(page).press('Enter');
    await expect(conversation(page).locator('.cell--undo')).toContainText('Undone');
    await expect.poll(() => readFileSync(path.join(tandem.project, 'README.md'), 'utf8')).toBe(ORIGINAL_README);
    await atRest(page);

    // /compact has the model summarise the conversation.
    await runCommand(page, 'compact');
    await expect(conversation(page).getByText('Conversation compacted')).toBeVisible();
    await atRest(page);
    expect(JSON.stringify(tandem.model.requests.at(-1)!.body)).toContain('change the readme');
    await tandem.shot(page, 'undo-and-compact');

    // /new opens a new session in the same project.
    const before = new URL(page.url()).searchParams.get('session');
    await runCommand(page, 'new');
    await expect.poll(() => new URL(page.url()).searchParams.get('session')).not.toBe(before);
    await expect(conversation(page).getByText('Ask for something to get started.')).toBeVisible();
  });

  test('/diff, /export, /model and /approvals open the review, the download, the model picker and the approval switch', async ({ page, tandem }) => {
    await page.goto(tandem.url);
    await composer(page).click();
    await runCommand(page, 'diff');
    const review = page.locator('dialog.review');
    await expect(review).toBeVisible();
    await tandem.shot(page, 'slash-diff');
    await page.keyboard.press('Escape');
    await expect(review).toBeHidden();

    await composer(page).click();
    const download = page.waitForEvent('download');
    await runCommand(page, 'export');
    expect((await download).suggestedFilename()).toMatch(/\.md$/);

    await composer(page).click();
    await runCommand(page, 'model');
    await expect(page.getByRole('listbox', { name: 'Models' })).toBeVisible();
    await tandem.shot(page, 'slash-model');
    await page.keyboard.press('Escape');

    await composer(page).click();
    await runCommand(page, 'approvals');
    await expect(page.getByRole('radiogroup', { name: 'Approvals' }).locator(':focus')).toHaveCount(1);
    await tandem.shot(page, 'slash-approvals');
    expect(tandem.model.requests).toHaveLength(0);
  });
});

test.describe('@-mentions', () => {
  // The session opens once the repository is there: it starts listing the files as it opens.
  test.use({ openProject: false, script: { responses: [{ items: [message('Looked at it.')] }] } });

  test('find a file among 50,000 in a git repository and put its path in the message the model gets', async ({ page, tandem }) => {
    test.setTimeout(240_000);
    await generateRepository(tandem.project, 50_000);
    await page.goto(tandem.url);
    await page.getByRole('main').getByRole('button', { name: 'Open Folder' }).click();
    await page.getByLabel('Folder path').fill(tandem.project);
    await page.getByRole('button', { name: 'Open', exact: true }).click();
    await composer(page).click();
    await composer(page).pressSequentially('please look at @');
    const list = fileList(page);
    // Nothing typed after @ yet: shallow files first.
    await expect(list.getByRole('option').first()).toHaveText('README.md', { timeout: 30_000 });
    await composer(page).pressSequentially('p17mod42');
    await expect(list.getByRole('option').first()).toHaveText('pkg17/src/module42.ts');
    await expect(list.getByRole('option', { selected: true })).toHaveText('pkg17/src/module42.ts');
    await tandem.shot(page, 'files-list');
    await composer(page).press('Enter');
    await expect(list).toBeHidden();
    await expect(composer(page)).toHaveValue('please look at @pkg17/src/module42.ts ');

    // Esc closes the list without touching the words.
    await composer(page).pressSequentially('and @READ');
    await expect(list.getByRole('option').first()).toHaveText('README.md');
    await composer(page).press('Escape');
    await expect(list).toBeHidden();
    await expect(composer(page)).toHaveValue('please look at @pkg17/src/module42.ts and @READ');
    await composer(page).press('Backspace');
    await composer(page).press('Backspace');
    await composer(page).press('Backspace');
    await composer(page).press('Backspace');
    await composer(page).press('Backspace');
    await composer(page).press('Backspace');
    await composer(page).press('Enter');
    await expect(conversation(page).getByText('Looked at it.')).toBeVisible();
    expect(requestInputs(tandem.model).at(-1)).toContain('please look at @pkg17/src/module42.ts');
  });
});

/**
 * A 40 × 30 red PNG made in the page (or, with `type`, a few bytes said to be of that type), as a File pasted
 * into the message box or dropped on the composer.
 */
async function givePicture(page: Page, name: string, how: 'paste' | 'drop', type = 'image/png'): Promise<void> {
  await page.evaluate(
    async ({ fileName, how, type }) => {
      const canvas = document.createElement('canvas');
      canvas.width = 40;
      canvas.height = 30;
      const context = canvas.getContext('2d')!;
      context.fillStyle = '#d33';
      context.fillRect(0, 0, 40, 30);
      const blob = type === 'image/png' ? await new Promise<Blob>((resolve) => canvas.toBlob((made) => resolve(made!), 'image/png')) : new Blob(['<svg xmlns="http://www.w3.org/2000/svg"/>']);
      const data = new DataTransfer();
      data.items.add(new File([blob], fileName, { type }));
      if (how === 'paste') {
        const box = document.querySelector('textarea[aria-label="Message"]')!;
        box.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
      } else {
        const form = document.querySelector('form.composer')!;
        form.dispatchEvent(new DragEvent('dragover', { dataTransfer: data, bubbles: true, cancelable: true }));
        form.dispatchEvent(new DragEvent('drop', { dataTransfer: data, bubbles: true, cancelable: true }));
      }
    },
    { fileName: name, how, type },
  );
}

test.describe('images', () => {
  test.use({ script: { responses: [{ items: [message('A red rectangle.')] }] } });

  test('pasted into the composer show as thumbnails, go to the model as input_image and stay after a reload', async ({ page, tandem }) => {
    await page.goto(tandem.url);
    await composer(page).click();
    await givePicture(page, 'first.png', 'paste');
    await givePicture(page, 'second.png', 'drop');
    const attached = page.getByRole('list', { name: 'Attached images' });
    await expect(attached.getByRole('img')).toHaveCount(2);
    // What is not a picture the model takes is refused, saying why.
    await givePicture(page, 'drawing.svg', 'paste', 'image/svg+xml');
    await expect(page.getByRole('alert')).toHaveText(/drawing\.svg is not a picture Tandem can send \(image\/svg\+xml\); use PNG, JPEG, GIF or WebP\./);
    await expect(attached.getByRole('img')).toHaveCount(2);
    // A dropped picture stays in the composer: the window does not take it for a folder to open.
    await expect(composer(page)).toBeVisible();
    await attached.getByRole('button', { name: 'Remove image 1' }).click();
    await expect(attached.getByRole('img')).toHaveCount(1);
    await expect(attached.getByRole('img')).toHaveAttribute('alt', /second\.png/);
    await composer(page).fill('what is in this picture?');
    await tandem.shot(page, 'image-attached');
    await composer(page).press('Enter');
    await expect(conversation(page).getByText('A red rectangle.')).toBeVisible();
    await expect(page.getByRole('list', { name: 'Attached images' })).toBeHidden();

    const input = tandem.model.requests[0]!.body.input as { role?: string; content?: { type: string; image_url?: string; text?: string }[] }[];
    const asked = input.findLast((item) => item.role === 'user')!;
    expect(asked.content?.map((part) => part.type)).toEqual(['input_text', 'input_image']);
    expect(asked.content?.[0]?.text).toBe('what is in this picture?');
    expect(asked.content?.[1]?.image_url).toMatch(/^data:image\/png;base64,iVBORw0KGgo/);

    const sent = conversation(page).getByRole('list', { name: 'Images sent' }).getByRole('img');
    await expect(sent).toHaveCount(1);
    await page.reload();
    await expect(conversation(page).getByText('A red rectangle.')).toBeVisible();
    await expect(conversation(page).getByRole('list', { name: 'Images sent' }).getByRole('img')).toHaveCount(1);
    await expect(conversation(page).getByRole('list', { name: 'Images sent' }).getByRole('img')).toHaveAttribute('src', asked.content![1]!.image_url!);
    await tandem.shot(page, 'image-sent-after-reload');
  });
});
