import { message, shellCommand } from '../fake-model-server/index.js';
import { expect, requestInputs, test } from './fixtures.js';

test.describe('opening a folder', () => {
  test.use({ openProject: false, script: { responses: [{ items: [message('Hello! I can see your project.')] }] } });

  test('the start screen opens a typed folder path and the session starts there', async ({ page, tandem }) => {
    await page.goto(tandem.url);
    await expect(page.getByLabel('Drop a project folder')).toBeVisible();
    await expect(page.getByRole('main').getByRole('button', { name: 'Open Folder' })).toBeVisible();
    await tandem.shot(page, 'start-screen');
    await page.getByRole('main').getByRole('button', { name: 'Open Folder' }).click();
    await page.getByLabel('Folder path').fill(tandem.project);
    await page.getByRole('button', { name: 'Open', exact: true }).click();
    await expect(page.getByRole('textbox', { name: 'Message' })).toBeVisible();
    await tandem.shot(page, 'session-open');
    await page.getByRole('textbox', { name: 'Message' }).fill('hello');
    await page.keyboard.press('Enter');
    await expect(page.getByRole('log', { name: 'Conversation' }).getByText('Hello! I can see your project.')).toBeVisible();
    expect(requestInputs(tandem.model)[0]).toContain(tandem.project);
  });

  test('a folder that does not exist is refused in plain words', async ({ page, tandem }) => {
    await page.goto(tandem.url);
    await page.getByRole('main').getByRole('button', { name: 'Open Folder' }).click();
    await page.getByLabel('Folder path').fill('/no/such/folder/anywhere');
    await page.getByRole('button', { name: 'Open', exact: true }).click();
    await expect(page.getByRole('alert').filter({ hasText: /no\/such\/folder/ })).toBeVisible();
    await tandem.shot(page, 'missing-folder');
  });
});

test.describe('a request', () => {
  const longAnswer = `Here is the plan:\n\n1. Read the code\n2. Fix the bug\n\n\`\`\`ts\nconst answer = 42;\n\`\`\`\n\n${'More words stream in. '.repeat(30)}The end.`;
  // The answer stops halfway until the test has looked at it, so a slow machine can't let it finish first.
  test.use({ script: { responses: [{ items: [message(longAnswer)], deltaChunks: 60, deltaDelayMs: 25, holdAfterDeltas: 30 }] } });

  test('streams the answer in, with a spinner that goes when the turn ends', async ({ page, tandem }) => {
    await page.goto(tandem.url);
    const composer = page.getByRole('textbox', { name: 'Message' });
    await composer.fill('make a plan');
    await page.getByRole('button', { name: 'Send' }).click();
    await expect(page.getByRole('log', { name: 'Conversation' }).getByText('make a plan')).toBeVisible();
    const status = page.locator('.status-line').getByRole('status');
    await expect(page.getByRole('button', { name: 'Stop' })).toBeVisible();
    await expect(page.getByRole('log', { name: 'Conversation' }).getByText('Here is the plan:')).toBeVisible();
    // Mid-stream: the end has not arrived yet, and the spinner still turns.
    await expect(page.getByRole('log', { name: 'Conversation' }).getByText('The end.')).toHaveCount(0);
    await expect(page.locator('.status-line .spinner')).toBeVisible();
    await tandem.shot(page, 'streaming');
    await expect.poll(() => tandem.model.heldAnswers()).toBe(1);
    tandem.model.releaseHeld();
    await expect(page.getByRole('log', { name: 'Conversation' }).getByText('The end.', { exact: false })).toBeVisible();
    await expect(page.locator('.status-line .spinner')).toHaveCount(0);
    await expect(page.getByRole('button', { name: 'Stop' })).toHaveCount(0);
    await expect(status).not.toContainText(/thinking/i);
    await expect(page.locator('pre code').filter({ hasText: 'const answer = 42;' })).toBeVisible();
    await tandem.shot(page, 'answered');
  });
});

test.describe('approvals', () => {
  test.describe('approve', () => {
    test.use({ script: { responses: [{ items: [shellCommand('echo approved-output-line > made.txt && cat made.txt', { callId: 'c1' })] }, { items: [message('Made the file.')] }] } });

    test('approving a command runs it and shows its output', async ({ page, tandem }) => {
      await page.goto(tandem.url);
      await page.getByRole('textbox', { name: 'Message' }).fill('make a file');
      await page.keyboard.press('Enter');
      const card = page.getByRole('dialog', { name: 'Approval' });
      await expect(card).toBeVisible();
      await expect(card).toContainText('echo approved-output-line');
      await expect(card).toContainText(tandem.project);
      await expect(page.locator('.status-line')).toContainText(/waiting for/i);
      await tandem.shot(page, 'approval-card');
      await card.getByRole('button', { name: 'Approve', exact: true }).click();
      await expect(card).toHaveCount(0);
      await expect(page.getByRole('log', { name: 'Conversation' }).getByText('Made the file.')).toBeVisible();
      await expect(page.locator('.cell--command').getByText('approved-output-line')).toBeVisible();
      await expect(page.locator('.cell--command')).toContainText('Exit 0');
      await tandem.shot(page, 'command-output');
    });
  });

  test.describe('deny', () => {
    test.use({ script: { responses: [{ items: [shellCommand('touch should-not-exist.txt', { callId: 'c1' })] }, { items: [message('Understood, I will not do that.')] }] } });

    test('denying a command tells the model and the turn goes on', async ({ page, tandem }) => {
      await page.goto(tandem.url);
      await page.getByRole('textbox', { name: 'Message' }).fill('touch a file');
      await page.keyboard.press('Enter');
      const card = page.getByRole('dialog', { name: 'Approval' });
      await expect(card).toBeVisible();
      await page.keyboard.press('n');
      await expect(page.getByRole('log', { name: 'Conversation' }).getByText('Understood, I will not do that.')).toBeVisible();
      expect(requestInputs(tandem.model)[1]).toContain('exec command rejected by user');
      await tandem.shot(page, 'denied');
    });
  });

  test.describe('approve for session', () => {
    test.use({
      script: { responses: [
        { items: [shellCommand('echo again >> log.txt', { callId: 'c1' })] },
        { items: [shellCommand('echo again >> log.txt', { callId: 'c2' })] },
        { items: [message('Ran it twice.')] },
      ] },
    });

    test('is not asked again for the same command', async ({ page, tandem }) => {
      await page.goto(tandem.url);
      await page.getByRole('textbox', { name: 'Message' }).fill('append twice');
      await page.keyboard.press('Enter');
      const card = page.getByRole('dialog', { name: 'Approval' });
      await expect(card).toBeVisible();
      await card.getByRole('button', { name: 'Approve for session' }).click();
      await expect(page.getByRole('log', { name: 'Conversation' }).getByText('Ran it twice.')).toBeVisible();
      await expect(page.locator('.cell--command')).toHaveCount(2);
      expect(tandem.model.requests).toHaveLength(3);
      await tandem.shot(page, 'approved-for-session');
    });
  });
});

test.describe('stop', () => {
  test.use({ script: { responses: [{ items: [shellCommand('echo started; sleep 60', { callId: 'c1', timeout_ms: 120_000 })] }, { items: [message('Stopped as asked.')] }] } });

  test('Stop interrupts a long command and the spinner goes', async ({ page, tandem }) => {
    await page.goto(tandem.url);
    await page.getByRole('textbox', { name: 'Message' }).fill('run forever');
    await page.keyboard.press('Enter');
    await page.getByRole('dialog', { name: 'Approval' }).getByRole('button', { name: 'Approve', exact: true }).click();
    await expect(page.locator('.cell--command .output')).toContainText('started');
    await expect(page.locator('.status-line')).toContainText(/running/i);
    await tandem.shot(page, 'running');
    await page.getByRole('button', { name: 'Stop' }).click();
    await expect(page.locator('.status-line .spinner')).toHaveCount(0);
    await expect(page.locator('.cell--command')).toContainText('Stopped');
    await tandem.shot(page, 'stopped');
    // The session goes on.
    await page.getByRole('textbox', { name: 'Message' }).fill('are you there?');
    await page.keyboard.press('Enter');
    await expect(page.getByRole('log', { name: 'Conversation' }).getByText('Stopped as asked.')).toBeVisible();
  });
});
