import { spawn } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { message } from '../fake-model-server/index.js';
import { expect, test } from './fixtures.js';

const tandemBin = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../bin/tandem');

test.describe('a session open in another Tandem', () => {
  test.use({ openProject: false, script: { responses: [{ items: [message('first answer')] }] } });

  test('is refused with words naming where it is open, and "Open read-only" shows it without taking anything', async ({ page, tandem }) => {
    // A `tandem proto` on the same TANDEM_HOME answers one request and stays open, holding the session.
    const proto = spawn(tandemBin, ['proto', '-a', 'never', '-s', 'read-only'], {
      cwd: tandem.project,
      env: { ...process.env, TANDEM_HOME: tandem.home, OPENAI_API_KEY: 'test-key', OPENAI_BASE_URL: tandem.model.baseUrl },
    });
    const exited = new Promise((resolve) => proto.once('exit', resolve));
    try {
      const lines = createInterface({ input: proto.stdout });
      const answered = new Promise<void>((resolve, reject) => {
        lines.on('line', (line) => {
          if ((JSON.parse(line) as { msg: { type: string } }).msg.type === 'task_complete') resolve();
        });
        proto.once('exit', (code) => reject(new Error(`tandem proto exited with ${code}`)));
      });
      proto.stdin.write(`${JSON.stringify({ op: { type: 'user_input', items: [{ type: 'text', text: 'first request' }] } })}\n`);
      await answered;

      await page.goto(tandem.url);
      await page.getByRole('navigation', { name: 'Sessions' }).locator('.session-row__main', { hasText: 'first request' }).click();
      const problem = page.getByRole('alert');
      await expect(problem).toContainText(`This session is open in tandem proto (pid ${proto.pid}). Close it there, or open it read-only to look.`);
      await tandem.shot(page, 'session-open-elsewhere');

      await problem.getByRole('button', { name: 'Open read-only' }).click();
      await expect(page.getByRole('log', { name: 'Conversation' }).getByText('first answer')).toBeVisible();
      await expect(page.getByRole('log', { name: 'Conversation' }).getByText(/Opened read-only/)).toBeVisible();
      const composer = page.getByRole('textbox', { name: 'Message' });
      await composer.fill('can I add to it?');
      await page.keyboard.press('Enter');
      await expect(page.getByRole('log', { name: 'Conversation' }).getByText(/This session is open read-only: user_input was refused/)).toBeVisible();
      expect(tandem.model.requests).toHaveLength(1);
    } finally {
      proto.kill('SIGKILL');
      await exited;
    }
  });
});
