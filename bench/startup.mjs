// 7. Start-up:
//  (a) from starting `tandem serve` (bin/tandem, a child process) to the first paint of the start screen in
//      Chromium: the frame after the start screen's drop zone went into the page. Each run is a new serve and a
//      new browser context (nothing cached); the median of several runs.
//  (b) what the desktop app's main process imports before it can open a window, timed under plain Node in a
//      fresh process: every module out/electron/main.js imports statically, except Electron itself (a module
//      that leads to Electron is stood in for by what it imports). Beside it, the host and the exec launcher
//      (out/electron/host, out/electron/exec), which the main process loads while the window opens. Median of
//      several fresh processes.
/* global window, document, requestAnimationFrame, MutationObserver -- the functions handed to the page run there. */
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { pathToFileURL } from 'node:url';
import { REPO, agentEnvironment } from './lib/agents.mjs';
import { isMain, runStandalone } from './lib/main.mjs';
import { median, ms, progress, row, verdict } from './lib/stats.mjs';

const RUNS = Number(process.env.BENCH_STARTUP_RUNS) || 7;
const GOAL_PAINT_MS = 1_000;
const GOAL_IMPORT_MS = 150;
const NO_PEER = 'no peer (the Codex CLI has no window)';
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'];

function findChromium() {
  const candidates = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome', '/usr/bin/google-chrome-stable'];
  return candidates.find((candidate) => candidate && existsSync(candidate));
}

const now = () => performance.timeOrigin + performance.now();

/** A process's processor time so far (user + system, Linux /proc), in ms; NaN elsewhere. */
function processorMs(pid) {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    // utime and stime are the 14th and 15th fields of the whole line, in clock ticks (100 a second on Linux).
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
  } catch {
    return Number.NaN;
  }
}

/** (a) once: serve started at `startedAt` (system clock), the page opened as soon as the URL is printed. */
async function serveToPaint(browser) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'tandem-bench-startup-'));
  const env = agentEnvironment({ TANDEM_HOME: path.join(dir, 'home'), OPENAI_API_KEY: 'bench-key' });
  const nodeFlags = (process.env.BENCH_TANDEM_NODE_FLAGS ?? '').split(' ').filter(Boolean);
  const context = await browser.newContext({ viewport: { width: 1280, height: 860 } });
  const page = await context.newPage();
  await page.addInitScript(() => {
    const state = (window.__bench = { paintAt: undefined });
    const seen = () => document.querySelector('.drop-zone') !== null;
    const watch = () => {
      new MutationObserver((_, observer) => {
        if (!seen()) return;
        observer.disconnect();
        // The frame after the drop zone went in is the one that shows it: note the time once it has run.
        requestAnimationFrame(() => setTimeout(() => (state.paintAt = performance.timeOrigin + performance.now()), 0));
      }).observe(document, { childList: true, subtree: true });
    };
    watch();
  });
  const startedAt = now();
  const child = spawn(process.execPath, [...nodeFlags, path.join(REPO, 'bin', 'tandem'), 'serve'], { cwd: dir, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk) => (stderr = (stderr + chunk).slice(-2000)));
  try {
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
    const urlAt = now();
    await page.goto(url);
    await page.waitForFunction(() => window.__bench.paintAt !== undefined, null, { timeout: 30_000 });
    const paintAt = await page.evaluate(() => window.__bench.paintAt);
    return { total: paintAt - startedAt, url: urlAt - startedAt, serveCpu: processorMs(child.pid) };
  } finally {
    await context.close();
    if (child.exitCode === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await new Promise((resolve) => child.once('exit', resolve));
      clearTimeout(timer);
    }
    rmSync(dir, { recursive: true, force: true });
  }
}

const IMPORT_LINE = /^\s*(?:import|export)\s(?!type\s)[^;]*?\bfrom\s+'([^']+)'|^\s*import\s+'([^']+)'/gm;

/**
 * What the main process loads before its first window, read from the built files: the static imports of
 * main.js, followed through every file; a file that leads to Electron cannot load under Node, so its own imports
 * are taken instead of it. Dynamic import() is not followed (it is what loads later).
 */
export function mainProcessImports(entry = path.join(REPO, 'out', 'electron', 'main.js')) {
  const importsOf = new Map();
  const read = (file) => {
    if (!importsOf.has(file)) importsOf.set(file, [...readFileSync(file, 'utf8').matchAll(IMPORT_LINE)].map((match) => match[1] ?? match[2]));
    return importsOf.get(file);
  };
  const reachesElectron = new Map();
  const touchesElectron = (file) => {
    if (reachesElectron.has(file)) return reachesElectron.get(file);
    reachesElectron.set(file, false);
    const answer = read(file).some((specifier) => specifier === 'electron' || (specifier.startsWith('.') && touchesElectron(path.resolve(path.dirname(file), specifier))));
    reachesElectron.set(file, answer);
    return answer;
  };
  const modules = new Set();
  const visited = new Set();
  const walk = (file) => {
    if (visited.has(file)) return;
    visited.add(file);
    if (file !== entry && !touchesElectron(file)) {
      modules.add(pathToFileURL(file).href);
      return;
    }
    for (const specifier of read(file)) {
      if (specifier === 'electron') continue;
      if (specifier.startsWith('.')) walk(path.resolve(path.dirname(file), specifier));
      else modules.add(specifier);
    }
  };
  walk(entry);
  return [...modules];
}

/** Imports `modules` (all at once, as a module's imports load) in a fresh Node; its wall and processor time. */
function importInFreshNode(modules) {
  const script = `
    const started = performance.now();
    const cpu = process.cpuUsage();
    await Promise.all(${JSON.stringify(modules)}.map((name) => import(name)));
    const used = process.cpuUsage(cpu);
    process.stdout.write(JSON.stringify({ ms: performance.now() - started, cpuMs: (used.user + used.system) / 1000 }));
  `;
  const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], { cwd: REPO, encoding: 'utf8' });
  return JSON.parse(out);
}

function timedImports(modules, runs) {
  const results = [];
  for (let i = 0; i < runs; i++) results.push(importInFreshNode(modules));
  return { ms: median(results.map((r) => r.ms)), cpuMs: median(results.map((r) => r.cpuMs)) };
}

export async function run() {
  const rows = [];
  const load = () => os.loadavg().map((v) => v.toFixed(1)).join(' ');
  if (!existsSync(path.join(REPO, 'out', 'electron', 'main.js'))) return [row('7. startup', 'start-up', 'unavailable: not built (npm run build)', NO_PEER)];

  const modules = mainProcessImports();
  progress(`startup: the main process imports ${modules.length} modules before its window (${modules.filter((m) => !m.startsWith('file:')).join(', ') || 'no packages'})`);
  const beforeWindow = timedImports(modules, RUNS);
  const host = timedImports(['host/index.js', 'exec/index.js'].map((file) => pathToFileURL(path.join(REPO, 'out', 'electron', file)).href), RUNS);
  progress(`startup: imports before the window ${ms(beforeWindow.ms)} (${ms(beforeWindow.cpuMs)} processor); the host ${ms(host.ms)} (${ms(host.cpuMs)}); load ${load()}`);

  const executablePath = findChromium();
  let chromium;
  try {
    ({ chromium } = await import('@playwright/test'));
  } catch (error) {
    chromium = undefined;
    progress(`startup: Playwright is not installed (${error.message})`);
  }
  if (!executablePath || chromium === undefined || !existsSync(path.join(REPO, 'out', 'renderer', 'index.html'))) {
    rows.push(row('7a. startup', 'tandem serve → first paint of the start screen', 'unavailable: no Chromium, Playwright or built page', NO_PEER));
  } else {
    const browser = await chromium.launch({ executablePath, args: CHROMIUM_ARGS, headless: true });
    try {
      const runs = [];
      // One run first that is not counted: it pays for the disk cache being cold after a build.
      await serveToPaint(browser);
      for (let i = 0; i < RUNS; i++) runs.push(await serveToPaint(browser));
      const paint = median(runs.map((r) => r.total));
      progress(`startup: serve → first paint ${runs.map((r) => ms(r.total, 0)).join(', ')}; the URL printed after ${ms(median(runs.map((r) => r.url)), 0)} (median); load ${load()}`);
      rows.push(
        row('7a. startup', `tandem serve → first paint of the start screen (median of ${RUNS}; serve's processor time)`, `${ms(paint, 0)} (${ms(median(runs.map((r) => r.serveCpu)), 0)})`, NO_PEER, `≤ ${GOAL_PAINT_MS} ms`, verdict(paint <= GOAL_PAINT_MS)),
        row('7a. startup', 'of which: tandem serve starting until it prints its URL', ms(median(runs.map((r) => r.url)), 0), NO_PEER),
      );
    } finally {
      await browser.close();
    }
  }
  rows.push(
    row('7b. startup', `main process: imports before the first window, under Node (median of ${RUNS}; processor time)`, `${ms(beforeWindow.ms)} (${ms(beforeWindow.cpuMs)})`, NO_PEER, `≤ ${GOAL_IMPORT_MS} ms`, verdict(beforeWindow.ms <= GOAL_IMPORT_MS)),
    row('7b. startup', 'the host, imported while the window opens (processor time)', `${ms(host.ms)} (${ms(host.cpuMs)})`, NO_PEER),
  );
  return rows;
}

if (isMain(import.meta.url)) await runStandalone(run);
