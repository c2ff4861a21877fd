import { expect, test } from '@playwright/test';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { message, shellCommand } from '../fake-model-server/index.js';
import { RunningApp, type TandemWindow } from './app.js';

let running: RunningApp | undefined;
test.afterEach(async () => {
  await running?.close();
  running = undefined;
});

test('the page gets exactly the TandemApi and nothing of Node or Electron', async () => {
  running = await RunningApp.launch();
  const exposed = await running.window.evaluate(() => {
    const page = window as unknown as TandemWindow & Record<string, unknown>;
    return {
      keys: Object.keys(page.tandem).sort(),
      door: page.tandem.door,
      require: typeof page.require,
      process: typeof page.process,
      ipc: typeof page.ipcRenderer,
    };
  });
  expect(exposed).toEqual({ keys: ['door', 'onEvent', 'pathForFile', 'request'], door: 'ipc', require: 'undefined', process: 'undefined', ipc: 'undefined' });
});

test('the window refuses inline code, navigation and new windows', async () => {
  running = await RunningApp.launch();
  const { window: page } = running;
  const before = page.url();
  expect(before).toMatch(/^file:.*\/out\/renderer\/index\.html/);
  expect(await page.evaluate(() => {
    try {
      return String(eval('1 + 1'));
    } catch {
      return 'blocked';
    }
  })).toBe('blocked');
  await page.evaluate(() => {
    window.open('https://example.com/');
    window.location.href = 'https://example.com/';
  });
  await page.waitForTimeout(500);
  expect(page.url()).toBe(before);
  expect(running.app.windows()).toHaveLength(1);
});

test('requests are checked by the host: unknown names and bad params are refused, naming the field', async () => {
  running = await RunningApp.launch();
  const errors = await running.window.evaluate(async () => {
    const api = (window as unknown as TandemWindow).tandem as unknown as { request(name: string, params: unknown): Promise<unknown> };
    const failure = (promise: Promise<unknown>) => promise.then(() => 'resolved', (err: Error) => err.message);
    return {
      unknown: await failure(api.request('delete_everything', {})),
      badParams: await failure(api.request('open_session', { cwd: 7 })),
    };
  });
  expect(errors.unknown).toContain('unknown request "delete_everything"');
  expect(errors.badParams).toMatch(/invalid open_session request: cwd: /);
});

test('opens a folder by path, sends a request, approves the command and sees it run', async () => {
  running = await RunningApp.launch([
    { items: [shellCommand('touch made-by-the-agent.txt', { callId: 'call_touch' })] },
    { items: [message('Made the file.')] },
  ]);
  const { window: page, project } = running;
  const sessionId = await page.evaluate(async (cwd) => {
    const { tandem } = window as unknown as TandemWindow;
    await tandem.request('save_settings', { approval_preset: 'ask' });
    const { session_id } = await tandem.request('open_session', { cwd });
    await tandem.request('submit', { session_id, submission: { op: { type: 'user_input', items: [{ type: 'text', text: 'make a file' }] } } });
    return session_id;
  }, project);

  const approval = await running.waitForEvent(sessionId, 'exec_approval_request');
  expect(approval).toMatchObject({ call_id: 'call_touch', cwd: project });
  expect(existsSync(path.join(project, 'made-by-the-agent.txt'))).toBe(false);

  await page.evaluate(
    ([id, callId]) => (window as unknown as TandemWindow).tandem.request('submit', { session_id: id, submission: { op: { type: 'exec_approval', id: callId, decision: 'approved' } } }),
    [sessionId, 'call_touch'] as const,
  );
  expect(await running.waitForEvent(sessionId, 'exec_command_end')).toMatchObject({ call_id: 'call_touch', exit_code: 0 });
  expect(await running.waitForEvent(sessionId, 'task_complete')).toMatchObject({ last_agent_message: 'Made the file.' });
  expect(existsSync(path.join(project, 'made-by-the-agent.txt'))).toBe(true);

  const recent = await page.evaluate(() => (window as unknown as TandemWindow).tandem.request('recent_projects', {}));
  expect(recent.projects).toEqual([project]);
});

test('remembers the window size and place in TANDEM_HOME', async () => {
  running = await RunningApp.launch();
  await running.app.evaluate(({ BrowserWindow }) => {
    BrowserWindow.getAllWindows()[0]?.setBounds({ x: 40, y: 50, width: 900, height: 700 });
  });
  await running.app.close();
  const state = path.join(running.home, 'window-state.json');
  expect(existsSync(state)).toBe(true);
});

// Needs main.ts to pass `saveTextFile: saveTextFileWithDialog(() => mainWindow)` (electron/doors/ipc/save-dialog.ts) to the Host.
test('Export writes the conversation where the save dialog says, and writes nothing when it is cancelled', async () => {
  running = await RunningApp.launch();
  const target = path.join(running.home, 'exported.md');
  await running.app.evaluate(({ dialog }, file) => {
    const answers = [{ canceled: false, filePath: file }, { canceled: true, filePath: '' }];
    dialog.showSaveDialog = (async () => answers.shift() ?? { canceled: true, filePath: '' }) as typeof dialog.showSaveDialog;
  }, target);
  const results = await running.window.evaluate(async () => {
    const { tandem } = window as unknown as TandemWindow;
    const first = await tandem.request('save_text_file', { suggested_name: 'conversation.md', content: '# A conversation\n' });
    const second = await tandem.request('save_text_file', { suggested_name: 'conversation.md', content: 'not written\n' });
    return [first.path, second.path];
  });
  expect(results).toEqual([target, null]);
  expect(readFileSync(target, 'utf8')).toBe('# A conversation\n');
});
