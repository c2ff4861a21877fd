import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { SessionRecorder } from '../../electron/store/index.js';
import { expect, test } from './fixtures.js';
import { recordCommandTurn } from './recorded-turn.js';

const SESSIONS = 500;
/** The one session whose command output holds the needle, deep in its conversation. */
const NEEDLE_SESSION = 317;
const NEEDLE = 'quokkaflux';
const TURNS = 12;
const NEEDLE_TURN = 3;

/** Saved sessions in three projects, written with Tandem's own recorder, as a person's home holds them after months of work. */
function writeSessions(home: string, projects: string[]): void {
  for (let s = 0; s < SESSIONS; s += 1) {
    const cwd = projects[s % projects.length]!;
    const created = new Date(Date.UTC(2026, 0, 1) + s * 3_600_000).toISOString();
    const recorder = SessionRecorder.create(home, { cwd, model: 'gpt-5-codex', approval_policy: 'never', sandbox_policy: { mode: 'read-only' }, created_at: created });
    for (let t = 0; t < TURNS; t += 1) {
      const request = t === 0 ? `Session ${s}: tidy module ${s % 37}` : `Turn ${t} of session ${s}: and the tests?`;
      const command = ['bash', '-c', `npm test -- module${s % 37}`];
      const output = `PASS module${s % 37} (${t} tests)\n${s === NEEDLE_SESSION && t === NEEDLE_TURN ? `warning: the ${NEEDLE} cache is stale\n` : ''}`;
      const answer = `Turn ${t}: the tests of module ${s % 37} pass.`;
      const callId = `call_${s}_${t}`;
      recordCommandTurn(recorder, { request, command, cwd, callId, output, answer });
    }
    recorder.close();
  }
}

test.describe('search across sessions', () => {
  test.use({ openProject: false });

  test('finds words in a command output among 500 sessions and opens the session at that place', async ({ page, tandem }) => {
    const projects = ['api', 'web', 'tools'].map((name) => path.join(tandem.project, name));
    for (const project of projects) await mkdir(project, { recursive: true });
    writeSessions(tandem.home, projects);

    await page.goto(tandem.url);
    const sidebar = page.getByRole('navigation', { name: 'Sessions' });
    await expect(sidebar.locator('.session-row').first()).toBeVisible();
    const search = sidebar.getByRole('searchbox', { name: 'Search sessions' });
    await search.fill(NEEDLE.toUpperCase());
    const results = sidebar.getByRole('list', { name: 'Search results' });
    const hit = results.getByRole('button').filter({ hasText: NEEDLE });
    await expect(hit).toHaveCount(1);
    await expect(hit).toContainText('Output');
    await expect(hit.locator('mark')).toHaveText(NEEDLE);
    await expect(results).toContainText(`Session ${NEEDLE_SESSION}: tidy module ${NEEDLE_SESSION % 37}`);
    await tandem.shot(page, 'search-hit');

    // Words found in many sessions: the results say how many, newest session first.
    await search.fill('tidy module 5');
    await expect(sidebar.getByRole('status').filter({ hasText: /session/ })).toContainText(/\d+ sessions/);

    await search.fill(NEEDLE);
    await hit.click();
    const log = page.getByRole('log', { name: 'Conversation' });
    const row = log.locator('.cell-list__row--current-match');
    await expect(row).toContainText(NEEDLE);
    await expect(page.getByRole('search').getByRole('textbox', { name: 'Find in conversation' })).toHaveValue(NEEDLE);
    await expect.poll(() => page.evaluate(() => (CSS.highlights as unknown as Map<string, Set<AbstractRange>>).get('tandem-find')?.size ?? 0)).toBeGreaterThan(0);
    // The place is far from the end the conversation would otherwise open at.
    await expect(log.getByText(`Turn ${TURNS - 1}: the tests of module`)).toHaveCount(0);
    await tandem.shot(page, 'search-hit-opened');
  });

  test('searching for what no session holds says so', async ({ page, tandem }) => {
    await page.goto(tandem.url);
    const sidebar = page.getByRole('navigation', { name: 'Sessions' });
    await sidebar.getByRole('searchbox', { name: 'Search sessions' }).fill('nothing-like-this-anywhere');
    await expect(sidebar.getByRole('status')).toHaveText('Nothing found for “nothing-like-this-anywhere”.');
  });
});
