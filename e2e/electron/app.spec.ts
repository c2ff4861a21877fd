import { expect, test } from '@playwright/test';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { message, shellCommand } from '../fake-model-server/index.js';
import { root, RunningApp, type TandemWindow } from './app.js';

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
  expect(exposed).toEqual({ keys: ['door', 'onEvent', 'onShowSession', 'onShowShortcuts', 'pathForFile', 'request'], door: 'ipc', require: 'undefined', process: 'undefined', ipc: 'undefined' });
});

test('the window refuses inline code, navigation and new windows', async () => {
  running = await RunningApp.launch();
  const { window: page } = running;
  const before = page.url();
  expect(before).toBe('tandem://app/index.html');
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

test('the page comes from tandem://app/, every answer with the CSP and hardening headers, nothing outside the page', async () => {
  running = await RunningApp.launch();
  const answers = await running.window.evaluate(async () => {
    const headersOf = async (url: string) => {
      const response = await fetch(url);
      return { status: response.status, csp: response.headers.get('content-security-policy'), nosniff: response.headers.get('x-content-type-options'), referrer: response.headers.get('referrer-policy') };
    };
    return { page: await headersOf('tandem://app/index.html'), outside: await headersOf('tandem://app/%2e%2e/electron/main.js'), missing: await headersOf('tandem://app/missing.js') };
  });
  expect(answers.page).toMatchObject({ status: 200, nosniff: 'nosniff', referrer: 'no-referrer' });
  expect(answers.page.csp).toContain("script-src 'self'");
  expect(answers.page.csp).toContain("frame-ancestors 'none'");
  expect(answers.outside.status).toBe(400);
  expect(answers.missing.status).toBe(404);
  expect(answers.outside.csp).toContain("default-src 'none'");
});

test('a file:// page gets no answer from the host', async () => {
  running = await RunningApp.launch();
  // Loaded into the window by the main process (the page itself cannot navigate): the built page, as a file.
  await running.app.evaluate(async ({ BrowserWindow }, file) => {
    await BrowserWindow.getAllWindows()[0]!.loadFile(file);
  }, path.join(root, 'out', 'renderer', 'index.html'));
  const reply = await running.window.evaluate(async () => {
    const api = (window as unknown as Partial<TandemWindow>).tandem;
    if (!api) return 'no api';
    return api.request('recent_projects', {}).then(() => 'answered', (err: Error) => err.message);
  });
  expect(reply === 'no api' || reply.includes('only from the Tandem window')).toBe(true);
});

test('commands run in the exec host, an Electron utility process', async () => {
  running = await RunningApp.launch([
    { items: [shellCommand('echo "host $PPID"', { callId: 'call_ppid' })] },
    { items: [message('Printed it.')] },
  ]);
  const { window: page, project } = running;
  const sessionId = await page.evaluate(async (cwd) => {
    const { tandem } = window as unknown as TandemWindow;
    await tandem.request('save_settings', { approval_preset: 'full-access' });
    const { session_id } = await tandem.request('open_session', { cwd });
    await tandem.request('submit', { session_id, submission: { op: { type: 'user_input', items: [{ type: 'text', text: 'print the parent' }] } } });
    return session_id;
  }, project);
  const end = await running.waitForEvent(sessionId, 'exec_command_end');
  const utility = await running.app.evaluate(({ app }) => app.getAppMetrics().filter((metric) => metric.type === 'Utility').map((metric) => ({ pid: metric.pid, name: metric.name ?? metric.serviceName ?? '' })));
  const host = utility.find((metric) => metric.name === 'Tandem exec host');
  expect(host, JSON.stringify(utility)).toBeDefined();
  expect(String(end.aggregated_output ?? end.stdout)).toContain(`host ${host!.pid}`);
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

test('an approval waiting in a session not shown sets the badge and a notification, whose click shows that session', async () => {
  running = await RunningApp.launch([{ items: [shellCommand('touch asked.txt', { callId: 'call_badge' })] }, { items: [message('Done.')] }]);
  const { window: page, project, app } = running;
  // Remembers each notification the main process shows, and lets the test click it as the person would.
  await app.evaluate(({ Notification }) => {
    const shown: Electron.Notification[] = [];
    const show = Notification.prototype.show;
    Notification.prototype.show = function (this: Electron.Notification) {
      shown.push(this);
      return show.call(this);
    };
    Object.assign(globalThis, { __shownNotifications: shown });
  });
  await page.evaluate(async (cwd) => {
    const { tandem } = window as unknown as TandemWindow;
    await tandem.request('save_settings', { approval_preset: 'ask' });
    const { session_id } = await tandem.request('open_session', { cwd });
    await tandem.request('submit', { session_id, submission: { op: { type: 'user_input', items: [{ type: 'text', text: 'make a file for me' }] } } });
  }, project);
  // The window shows the session it opened; another one, with nothing said, takes its place on the screen.
  await page.getByRole('navigation', { name: 'Sessions' }).getByRole('button', { name: 'New session', exact: true }).click();
  await expect(page).toHaveTitle(/^\(1\) /);
  await expect.poll(() => app.evaluate(({ app: electronApp }) => electronApp.getBadgeCount())).toBe(1);
  await expect.poll(() => app.evaluate(() => (globalThis as unknown as { __shownNotifications: Electron.Notification[] }).__shownNotifications.map((n) => n.title))).toContain(
    `Approval needed in ${path.basename(project)}`,
  );
  await app.evaluate(() => (globalThis as unknown as { __shownNotifications: Electron.Notification[] }).__shownNotifications[0]!.emit('click'));
  await expect(page.getByRole('dialog', { name: 'Approval' })).toContainText('touch asked.txt');
});
