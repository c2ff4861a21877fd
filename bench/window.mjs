// 4. The window, in Chromium through `tandem serve` (the page the desktop app shows, over the browser door):
//  (a) open a saved session of 10,000 cells from the start screen: the time from the click to the first paint of
//      the conversation, then the frame times while scrolling to the top and back (p95), and the heap;
//  (b) a stream of 5,000 deltas at 500 a second: the latency from the fake server writing a delta to the paint
//      that shows it (p50, p95), and the renderer's JavaScript heap (peak while streaming);
//  (c) the time from the click on Approve to the command starting (the command writes the clock as it starts).
// Frames are timed with Chromium's frame rate unlimited, so a frame takes as long as its work does rather than
// snapping to 16.7 ms steps. Clocks: the page, this process and the command all read the system clock
// (performance.timeOrigin + performance.now(), `date +%s%N`).
/* global window, document, requestAnimationFrame, MutationObserver, Element -- the functions handed to page.evaluate run in the page. */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { message, reply, startFakeModelServer } from '../out/e2e/fake-model-server/index.js';
import { REPO, agentEnvironment, makeWorkspace } from './lib/agents.mjs';
import { BIG_SESSION_TITLE, writeBigSession } from './lib/big-session.mjs';
import { isMain, runStandalone } from './lib/main.mjs';
import { BENCH_MODEL } from './lib/peer.mjs';
import { answeredCallId, lastInputItem, runCommand, userText } from './lib/script.mjs';
import { mb, median, ms, progress, quantile, row, verdict } from './lib/stats.mjs';

const CELLS = 10_000;
const DELTAS = 5_000;
const DELTA_GAP_MS = 2;
const FRAME_MS = 1000 / 60;
const GOAL_FIRST_PAINT_MS = 300;
const GOAL_SCROLL_FRAME_MS = 12;
const GOAL_KEYSTROKE_MS = 16;
const KEYSTROKES = 60;
const KEY_GAP_MS = 40;
/** The eight-session scenario: this many sessions stream at once, each this many deltas at 500 a second. */
const SESSIONS = 8;
const DELTAS_EACH = 2_500;
const GOAL_SHOWN_DELTA_MS = 33;
const GOAL_HOST_LOOP_P99_MS = 50;
const GOAL_HEAP = 150 * 1024 * 1024;
/** At most this many frames each way: a long conversation is crossed in bigger steps. */
const SCROLL_FRAMES = 300;
const NO_PEER = 'no peer (the Codex CLI has no window)';
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
  '--disable-frame-rate-limit',
  '--disable-gpu-vsync',
  '--enable-precise-memory-info',
];

function findChromium() {
  const candidates = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome', '/usr/bin/google-chrome-stable'];
  return candidates.find((candidate) => candidate && existsSync(candidate));
}

/** `tandem serve` with the given arguments; resolves once it has printed its URL. */
async function startServe(home, cwd, baseUrl, args, extraEnv = {}) {
  const env = agentEnvironment({ TANDEM_HOME: home, OPENAI_API_KEY: 'bench-key', OPENAI_BASE_URL: baseUrl, ...extraEnv });
  const nodeFlags = (process.env.BENCH_TANDEM_NODE_FLAGS ?? '').split(' ').filter(Boolean);
  const child = spawn(process.execPath, [...nodeFlags, path.join(REPO, 'bin', 'tandem'), 'serve', '-m', BENCH_MODEL, ...args], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  const stderrLines = [];
  child.stderr.on('data', (chunk) => (stderr = (stderr + chunk).slice(-2000)));
  createInterface({ input: child.stderr }).on('line', (line) => stderrLines.push(line));
  const url = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`tandem serve printed no URL in 30 s: ${stderr}`)), 30_000);
    createInterface({ input: child.stdout }).once('line', (line) => {
      clearTimeout(timer);
      const match = /^Tandem is at (http:\/\/127\.0\.0\.1:\d+\/\S*)$/.exec(line);
      if (match) resolve(match[1]);
      else reject(new Error(`unexpected first line from tandem serve: ${line}`));
    });
    child.once('exit', (code) => reject(new Error(`tandem serve exited (${code}): ${stderr.slice(-400)}`)));
  });
  const close = async () => {
    if (child.exitCode !== null) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
    await new Promise((resolve) => child.once('exit', resolve));
    clearTimeout(timer);
  };
  return { url, close, child, stderrLines };
}

/**
 * How far the page's clock (timeOrigin + now) is ahead of this process's, from the round trip with the
 * smallest delay: a few hundredths of a millisecond if both follow the system clock, as they should.
 */
async function pageClockOffset(page) {
  let best = { rtt: Infinity, offset: 0 };
  for (let i = 0; i < 20; i++) {
    const before = performance.timeOrigin + performance.now();
    const inPage = await page.evaluate(() => performance.timeOrigin + performance.now());
    const after = performance.timeOrigin + performance.now();
    if (after - before < best.rtt) best = { rtt: after - before, offset: inPage - (before + after) / 2 };
  }
  return best.offset;
}

/** With BENCH_WINDOW_PROFILE=DIR, a CPU profile of the page for each part is written there (for finding why). */
async function profilePage(page, name) {
  const dir = process.env.BENCH_WINDOW_PROFILE;
  if (!dir) return async () => undefined;
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
  await cdp.send('Profiler.start');
  return async () => {
    const { profile } = await cdp.send('Profiler.stop');
    const { mkdirSync, writeFileSync } = await import('node:fs');
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, `${name}.cpuprofile`), JSON.stringify(profile));
    await cdp.detach();
  };
}

async function heapUsed(page) {
  const cdp = await page.context().newCDPSession(page);
  try {
    return (await cdp.send('Runtime.getHeapUsage')).usedSize;
  } finally {
    await cdp.detach();
  }
}

/** (a): resume the big session from the start screen, time its first paint, then scroll to the top and back. */
export async function openBigSession(browser) {
  const model = await startFakeModelServer({ fallback: reply(message('ok')) });
  const workspace = makeWorkspace('window-open');
  const { cells } = writeBigSession(workspace.home, workspace.cwd, CELLS);
  const serve = await startServe(workspace.home, workspace.cwd, model.baseUrl, []);
  const page = await browser.newPage({ viewport: { width: 1280, height: 860 } });
  try {
    await page.goto(serve.url);
    const pick = page.getByRole('button', { name: new RegExp(`^${BIG_SESSION_TITLE}`) });
    await pick.waitFor({ timeout: 30_000 });
    await page.evaluate(() => {
      const state = (window.__bench = { clickAt: undefined, paintAt: undefined });
      document.addEventListener('click', (event) => (state.clickAt ??= event.timeStamp), true);
      const seen = () => document.querySelector('[role="log"] .cell-list__row') !== null;
      new MutationObserver((_, observer) => {
        if (!seen()) return;
        observer.disconnect();
        // The frame after the rows went in is the one that shows them: note the time once it has run.
        requestAnimationFrame(() => setTimeout(() => (state.paintAt = performance.now()), 0));
      }).observe(document.body, { childList: true, subtree: true });
    });
    const stopProfile = await profilePage(page, 'open-and-scroll');
    await pick.click();
    await page.waitForFunction(() => window.__bench.paintAt !== undefined, null, { timeout: 60_000 });
    const firstPaint = await page.evaluate(() => window.__bench.paintAt - window.__bench.clickAt);
    // Every cell made it: the last row drawn is the last cell.
    await page.waitForFunction((count) => {
      const rows = [...document.querySelectorAll('[role="log"] .cell-list__row')];
      return rows.some((rowElement) => Number(rowElement.dataset.index) === count - 1);
    }, cells, { timeout: 30_000 });
    await page.waitForTimeout(500);
    // One scroll step per frame. Each frame first reads the list's geometry (layout is clean at the start of a
    // frame, so this costs nothing) and then writes scrollTop: no read follows a write, so the benchmark itself
    // forces no extra layout.
    const frames = await page.evaluate(async (maxFrames) => {
      const list = document.querySelector('[role="log"]');
      const frame = () => new Promise((resolve) => requestAnimationFrame(resolve));
      const times = [];
      let last = await frame();
      let reachedTop = false;
      for (const direction of [-1, 1]) {
        for (let i = 0; i < maxFrames * 3; i++) {
          const top = list.scrollTop;
          const height = list.scrollHeight;
          const view = list.clientHeight;
          const atEdge = direction < 0 ? top <= 0 : top + view >= height - 1;
          if (atEdge) {
            if (direction < 0) reachedTop = true;
            break;
          }
          const step = Math.max(view, height / maxFrames);
          list.scrollTop = direction < 0 ? Math.max(0, top - step) : top + step;
          const now = await frame();
          times.push(now - last);
          last = now;
        }
      }
      return { times, reachedTop };
    }, SCROLL_FRAMES);
    await stopProfile();
    const heap = await heapUsed(page);
    const keystrokes = await typeInComposer(page);
    return { cells, firstPaint, frames: frames.times, reachedTop: frames.reachedTop, heap, keystrokes };
  } finally {
    await page.close();
    await serve.close();
    await model.close();
    workspace.remove();
  }
}

/**
 * Types KEYSTROKES characters into the composer, one every KEY_GAP_MS: for each, the time from its keydown
 * event (the event's own timestamp) to the end of the frame after the textarea took it in (noted as the big
 * session's first paint is). Returns the times, ms.
 */
async function typeInComposer(page) {
  const composer = page.getByRole('textbox', { name: 'Message' });
  await composer.click();
  const stopProfile = await profilePage(page, 'keystrokes');
  await page.evaluate(() => {
    const state = (window.__keys = { down: [], shown: [] });
    const box = document.activeElement;
    box.addEventListener('keydown', (event) => state.down.push(event.timeStamp), true);
    box.addEventListener('input', () => {
      const index = state.down.length - 1;
      requestAnimationFrame(() => setTimeout(() => (state.shown[index] = performance.now()), 0));
    });
  });
  for (let i = 0; i < KEYSTROKES; i++) {
    await page.keyboard.type(String.fromCharCode(97 + (i % 26)));
    await page.waitForTimeout(KEY_GAP_MS);
  }
  await page.waitForTimeout(200);
  await stopProfile();
  const { down, shown } = await page.evaluate(() => window.__keys);
  return down.map((at, i) => (shown[i] === undefined ? Number.NaN : shown[i] - at)).filter(Number.isFinite);
}

/** The server-side time each delta of the stream was written, keyed by its number (from its text). */
function recordDeltaWrites() {
  const writes = new Map();
  const original = http.ServerResponse.prototype.write;
  http.ServerResponse.prototype.write = function write(chunk, ...rest) {
    if (typeof chunk === 'string' && chunk.includes('response.output_text.delta')) {
      const match = /"delta":"a(\d{5})/.exec(chunk);
      if (match) writes.set(Number(match[1]), performance.timeOrigin + performance.now());
    }
    return original.call(this, chunk, ...rest);
  };
  return { writes, restore: () => (http.ServerResponse.prototype.write = original) };
}

/**
 * A client of the browser door in this process (as a second browser would be): requests by name, answered
 * in order of their ids. Events are not kept.
 */
async function doorClient(pageUrl) {
  const { default: WebSocket } = await import('ws');
  const url = new URL(pageUrl);
  const socket = new WebSocket(`ws://${url.host}/ws?token=${encodeURIComponent(url.searchParams.get('token') ?? '')}`);
  await new Promise((resolve, reject) => {
    socket.once('open', resolve);
    socket.once('error', reject);
  });
  let nextId = 1;
  const waiting = new Map();
  socket.on('message', (data) => {
    const frame = JSON.parse(String(data));
    if (frame.kind !== 'reply') return;
    const answer = waiting.get(frame.id);
    waiting.delete(frame.id);
    if (!answer) return;
    if (frame.ok) answer.resolve(frame.result);
    else answer.reject(new Error(frame.error));
  });
  return {
    request: (name, params) =>
      new Promise((resolve, reject) => {
        const id = nextId++;
        waiting.set(id, { resolve, reject });
        socket.send(JSON.stringify({ kind: 'request', id, name, params }));
      }),
    close: () => socket.close(),
  };
}

/** The words session `index` of the eight streams: the one shown (0) as in (b), the others with their own letter. */
function wordsOf(index, count) {
  const letter = index === 0 ? 'a' : String.fromCharCode(104 + index);
  let text = '';
  for (let k = 1; k <= count; k++) text += `${letter}${String(k).padStart(5, '0')}${k % 50 === 0 ? '\n\n' : '  '}`;
  return text;
}

/** Asks `tandem serve` (run with TANDEM_EVENT_LOOP_REPORT) for its event-loop delay since it was last asked. */
async function hostLoopDelay(serve) {
  const before = serve.stderrLines.length;
  serve.child.kill('SIGUSR2');
  const deadline = Date.now() + 5_000;
  for (;;) {
    const line = serve.stderrLines.slice(before).find((candidate) => candidate.startsWith('tandem-event-loop '));
    if (line) return JSON.parse(line.slice('tandem-event-loop '.length));
    if (Date.now() > deadline) return null;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/**
 * (d) eight sessions streaming at once in one window: the page shows the first (opened by `tandem serve -C`);
 * seven more are opened and all eight asked to stream by a second client of the door, as another window would.
 * The page's frame times while they stream, the host's event-loop delay over the same stretch, and the shown
 * session's delta latency as in (b).
 */
export async function streamEight(browser) {
  const model = await startFakeModelServer();
  const workspace = makeWorkspace('window-eight');
  model.respondWith((request) => {
    const match = /^stream (\d)$/.exec(userText(lastInputItem(request)) ?? '');
    if (match) return { items: [message(wordsOf(Number(match[1]), DELTAS_EACH))], deltaChunks: DELTAS_EACH, deltaDelayMs: DELTA_GAP_MS };
    return reply(message('ok'));
  });
  const serve = await startServe(workspace.home, workspace.cwd, model.baseUrl, ['-C', workspace.cwd, '-a', 'never', '-s', 'workspace-write'], { TANDEM_EVENT_LOOP_REPORT: '1' });
  const page = await browser.newPage({ viewport: { width: 1280, height: 860 } });
  const deltas = recordDeltaWrites();
  let client;
  try {
    await page.goto(serve.url);
    await page.getByRole('textbox', { name: 'Message' }).waitFor({ timeout: 30_000 });
    client = await doorClient(serve.url);
    const shown = new URL(serve.url).searchParams.get('session');
    const ids = [shown];
    for (let i = 1; i < SESSIONS; i++) ids.push((await client.request('open_session', { cwd: workspace.cwd })).session_id);
    await page.evaluate(() => {
      const state = (window.__bench = { seen: 0, paints: [], frames: [], framing: true });
      const list = document.querySelector('[role="log"]');
      new MutationObserver(() => {
        const cells = list.querySelectorAll('.cell--assistant');
        const last = cells[cells.length - 1];
        if (!last) return;
        const numbers = [...last.textContent.slice(-64).matchAll(/a(\d{5})/g)];
        const latest = numbers.length > 0 ? Number(numbers[numbers.length - 1][1]) : 0;
        if (latest <= state.seen) return;
        const from = state.seen + 1;
        state.seen = latest;
        requestAnimationFrame(() => setTimeout(() => state.paints.push([from, latest, performance.timeOrigin + performance.now()]), 0));
      }).observe(list, { childList: true, subtree: true, characterData: true });
      let last = performance.now();
      const tick = (now) => {
        state.frames.push(now - last);
        last = now;
        if (state.framing) requestAnimationFrame(tick);
      };
      requestAnimationFrame(tick);
    });
    const offset = await pageClockOffset(page);
    const stopProfile = await profilePage(page, 'eight-streams');
    await hostLoopDelay(serve);
    await page.evaluate(() => (window.__bench.frames = []));
    await Promise.all(ids.map((id, i) => client.request('submit', { session_id: id, submission: { op: { type: 'user_input', items: [{ type: 'text', text: `stream ${i}` }] } } })));
    const deadline = Date.now() + 90_000;
    while ((await page.evaluate(() => window.__bench.seen)) < DELTAS_EACH && Date.now() < deadline) await page.waitForTimeout(250);
    const loop = await hostLoopDelay(serve);
    const frames = await page.evaluate(() => {
      window.__bench.framing = false;
      return window.__bench.frames;
    });
    await stopProfile();
    const paints = await page.evaluate(() => window.__bench.paints);
    const latencies = [];
    for (const [from, to, at] of paints) {
      for (let k = from; k <= to; k++) {
        const written = deltas.writes.get(k);
        if (written !== undefined) latencies.push(at - offset - written);
      }
    }
    return { frames, loop, latencies, shown: paints.at(-1)?.[1] ?? 0, written: deltas.writes.size };
  } finally {
    deltas.restore();
    client?.close();
    await page.close();
    await serve.close();
    await model.close();
    workspace.remove();
  }
}

/** 5,000 words of 8 characters (`a00001` and two spaces, a paragraph break every 50th), one word a delta. */
function streamedText() {
  let text = '';
  for (let k = 1; k <= DELTAS; k++) text += `a${String(k).padStart(5, '0')}${k % 50 === 0 ? '\n\n' : '  '}`;
  return text;
}

/** (b) and (c), in one session opened by `tandem serve -C`. */
export async function streamAndApprove(browser) {
  const model = await startFakeModelServer();
  const workspace = makeWorkspace('window-live');
  const startedFile = path.join(workspace.cwd, 'approve-started.txt');
  model.respondWith((request) => {
    const text = userText(lastInputItem(request));
    if (text === 'stream please') return { items: [message(streamedText())], deltaChunks: DELTAS, deltaDelayMs: DELTA_GAP_MS };
    if (text === 'run it') return reply(runCommand('tandem', `date +%s%N > ${startedFile}`, 'bench_approve'));
    if (answeredCallId(request) === 'bench_approve') return reply(message('It ran.'));
    return reply(message('ok'));
  });
  const serve = await startServe(workspace.home, workspace.cwd, model.baseUrl, ['-C', workspace.cwd, '-a', 'untrusted', '-s', 'workspace-write']);
  const page = await browser.newPage({ viewport: { width: 1280, height: 860 } });
  const deltas = recordDeltaWrites();
  try {
    await page.goto(serve.url);
    const composer = page.getByRole('textbox', { name: 'Message' });
    await composer.waitFor({ timeout: 30_000 });
    await page.evaluate(() => {
      const state = (window.__bench = { seen: 0, paints: [], approveAt: undefined });
      const list = document.querySelector('[role="log"]');
      const check = () => {
        const cells = list.querySelectorAll('.cell--assistant');
        const last = cells[cells.length - 1];
        if (!last) return;
        const tail = last.textContent.slice(-64);
        const numbers = [...tail.matchAll(/a(\d{5})/g)];
        const latest = numbers.length > 0 ? Number(numbers[numbers.length - 1][1]) : 0;
        if (latest <= state.seen) return;
        const from = state.seen + 1;
        state.seen = latest;
        requestAnimationFrame(() => setTimeout(() => state.paints.push([from, latest, performance.timeOrigin + performance.now()]), 0));
      };
      new MutationObserver(check).observe(list, { childList: true, subtree: true, characterData: true });
      document.addEventListener(
        'click',
        (event) => {
          const button = event.target instanceof Element ? event.target.closest('[role="dialog"] button') : null;
          if (button && (button.getAttribute('aria-label') ?? button.textContent.trim()) === 'Approve') state.approveAt ??= performance.timeOrigin + event.timeStamp;
        },
        true,
      );
    });

    // (b) the stream.
    const offset = await pageClockOffset(page);
    const stopProfile = await profilePage(page, 'stream');
    await composer.fill('stream please');
    await page.keyboard.press('Enter');
    let heapPeak = 0;
    const deadline = Date.now() + 60_000;
    for (;;) {
      heapPeak = Math.max(heapPeak, await heapUsed(page));
      const seen = await page.evaluate(() => window.__bench.seen);
      if (seen >= DELTAS || Date.now() > deadline) break;
      await page.waitForTimeout(250);
    }
    await page.waitForTimeout(200);
    await stopProfile();
    const paints = await page.evaluate(() => window.__bench.paints);
    const latencies = [];
    for (const [from, to, at] of paints) {
      for (let k = from; k <= to; k++) {
        const written = deltas.writes.get(k);
        if (written !== undefined) latencies.push(at - offset - written);
      }
    }
    heapPeak = Math.max(heapPeak, await heapUsed(page));
    await page.getByRole('button', { name: 'Stop' }).waitFor({ state: 'detached', timeout: 30_000 });

    // (c) the approval.
    await composer.fill('run it');
    await page.keyboard.press('Enter');
    const card = page.getByRole('dialog', { name: 'Approval' });
    await card.waitFor({ timeout: 30_000 });
    await card.getByRole('button', { name: 'Approve', exact: true }).click();
    const deadlineC = Date.now() + 30_000;
    while (!existsSync(startedFile) || readFileSync(startedFile, 'utf8').trim() === '') {
      if (Date.now() > deadlineC) throw new Error('the approved command never started');
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const startedAt = Number(BigInt(readFileSync(startedFile, 'utf8').trim()) / 1000n) / 1000;
    const approveAt = await page.evaluate(() => window.__bench.approveAt);
    return { latencies, received: deltas.writes.size, shown: paints.at(-1)?.[1] ?? 0, heapPeak, approveMs: startedAt - (approveAt - offset), offset };
  } finally {
    deltas.restore();
    await page.close();
    await serve.close();
    await model.close();
    workspace.remove();
  }
}

export async function run() {
  const fail = (why) => [row('4. window', 'in Chromium through tandem serve', `unavailable: ${why}`, NO_PEER)];
  const executablePath = findChromium();
  if (!executablePath) return fail('no Chromium found (set CHROMIUM_PATH)');
  if (!existsSync(path.join(REPO, 'out', 'renderer', 'index.html'))) return fail('the renderer is not built (npm run build)');
  let chromium;
  try {
    ({ chromium } = await import('@playwright/test'));
  } catch (error) {
    return fail(`Playwright is not installed (${error.message})`);
  }
  const browser = await chromium.launch({ executablePath, args: CHROMIUM_ARGS, headless: true });
  try {
    progress(`window: opening a saved session of ${CELLS} cells…`);
    const open = await openBigSession(browser);
    progress(`window: ${open.cells} cells, first paint ${ms(open.firstPaint)}, ${open.frames.length} frames scrolled${open.reachedTop ? '' : ' (did not reach the top)'}`);
    progress(`window: streaming ${DELTAS} deltas at ${1000 / DELTA_GAP_MS} a second, then an approval…`);
    const live = await streamAndApprove(browser);
    progress(`window: ${live.received} deltas written, the last shown was #${live.shown}; the page clock is ${live.offset.toFixed(2)} ms ahead`);
    progress(`window: ${SESSIONS} sessions streaming ${DELTAS_EACH} deltas each at ${1000 / DELTA_GAP_MS} a second, one shown…`);
    const eight = await streamEight(browser);
    progress(`window: ${eight.written} deltas of the shown session written, the last shown was #${eight.shown}; ${eight.frames.length} frames`);
    const eightFrameP95 = quantile(eight.frames, 0.95);
    const eightDeltaP95 = quantile(eight.latencies, 0.95);
    const eightComplete = eight.shown >= DELTAS_EACH && eight.latencies.length >= DELTAS_EACH * 0.99;
    const frameP95 = quantile(open.frames, 0.95);
    const keyP95 = quantile(open.keystrokes, 0.95);
    const latencyP95 = quantile(live.latencies, 0.95);
    const complete = live.shown >= DELTAS && live.latencies.length >= DELTAS * 0.99;
    return [
      row('4a. window', `first paint, session of ${open.cells} cells`, ms(open.firstPaint, 0), NO_PEER, `≤ ${GOAL_FIRST_PAINT_MS} ms`, verdict(open.firstPaint <= GOAL_FIRST_PAINT_MS)),
      row('4a. window', `frame time p95, scrolling to the top and back (${open.frames.length} frames)`, ms(frameP95), NO_PEER, `≤ ${GOAL_SCROLL_FRAME_MS} ms`, verdict(open.reachedTop && frameP95 <= GOAL_SCROLL_FRAME_MS)),
      row('4a. window', `keystroke in the composer → frame, p95 (${open.keystrokes.length} keys)`, ms(keyP95), NO_PEER, `≤ ${GOAL_KEYSTROKE_MS} ms`, verdict(open.keystrokes.length >= KEYSTROKES * 0.9 && keyP95 <= GOAL_KEYSTROKE_MS)),
      row('4a. window', 'renderer heap with the 10,000 cells', mb(open.heap), NO_PEER, `< ${mb(GOAL_HEAP, 0)}`, verdict(open.heap < GOAL_HEAP)),
      row('4b. window', `delta latency p50 / p95, ${DELTAS} deltas at ${1000 / DELTA_GAP_MS}/s`, `${ms(median(live.latencies))} / ${ms(latencyP95)}${complete ? '' : ` (only ${live.shown} shown)`}`, NO_PEER, `p95 ≤ ${FRAME_MS.toFixed(1)} ms`, verdict(complete && latencyP95 <= FRAME_MS)),
      row('4b. window', 'renderer heap, peak while streaming', mb(live.heapPeak), NO_PEER, `< ${mb(GOAL_HEAP, 0)}`, verdict(live.heapPeak < GOAL_HEAP)),
      row('4c. window', 'click on Approve → command starts', ms(live.approveMs), NO_PEER),
      row('4d. window', `${SESSIONS} sessions streaming at once (one shown): frame time p95 (${eight.frames.length} frames)`, ms(eightFrameP95), NO_PEER, `≤ ${FRAME_MS.toFixed(1)} ms`, verdict(eightFrameP95 <= FRAME_MS)),
      row('4d. window', `${SESSIONS} sessions streaming: host event-loop delay p99 (max; its processor time, its wait for a CPU)`, eight.loop ? `${ms(eight.loop.p99)} (${ms(eight.loop.max)}; ${eight.loop.cpu == null ? 'n/a' : ms(eight.loop.cpu, 0)}, ${eight.loop.wait == null ? 'n/a' : ms(eight.loop.wait, 0)})` : 'n/a', NO_PEER, `≤ ${GOAL_HOST_LOOP_P99_MS} ms`, verdict(eight.loop ? eight.loop.p99 <= GOAL_HOST_LOOP_P99_MS : undefined)),
      row('4d. window', `${SESSIONS} sessions streaming: the shown session's delta latency p50 / p95`, `${ms(median(eight.latencies))} / ${ms(eightDeltaP95)}${eightComplete ? '' : ` (only ${eight.shown} shown)`}`, NO_PEER, `p95 ≤ ${GOAL_SHOWN_DELTA_MS} ms`, verdict(eightComplete && eightDeltaP95 <= GOAL_SHOWN_DELTA_MS)),
    ];
  } finally {
    await browser.close();
  }
}

if (isMain(import.meta.url)) await runStandalone(run);
