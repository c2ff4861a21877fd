// 7. Big repositories: what a turn costs in a git repository of 50,000 and of 200,000 committed files, beside the
// same turn in a repository of one file. The turn is a request from the person, three commands (`true`) one after
// another and a short answer, in one long-lived session: `tandem proto` for Tandem, `codex app-server` for the
// Codex CLI (workspace-write sandbox, no approvals). Also: how long Tandem takes to send the turn's first model
// request after the submission, and how fast `list_files` (the @-file listing) answers there.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { startFakeModelServer } from '../out/e2e/fake-model-server/index.js';
import { Host, MemorySecretStore } from '../out/electron/host/index.js';
import { stopTreeWatches, watchIfLarge } from '../out/electron/snapshot/tree-watch.js';
import { launchCodex, launchTandem, appServerCaller, initializeAppServer } from './lib/agents.mjs';
import { isMain, peerUnavailable, retryPeerOnce, runStandalone } from './lib/main.mjs';
import { answeredCallId, lastInputItem, message, reply, runCommand, userText } from './lib/script.mjs';
import { median, ms, progress, row, verdict } from './lib/stats.mjs';

/** Turns per session; the first is a warm-up (it builds whatever an agent keeps between turns) and is left out. */
const TURNS = Number(process.env.BENCH_BIG_REPO_TURNS) || 4;
const COMMANDS = 3;
const SIZES = (process.env.BENCH_BIG_REPO_SIZES ?? '50000,200000').split(',').map(Number);
const GOAL_OVER_CODEX_MS = 100;
const GOAL_LIST_MS = 100;
/** A person's pause between the session opening and their first @: the conversation shows, they click in the composer and type. */
const LIST_PAUSE_MS = Number(process.env.BENCH_LIST_PAUSE_MS ?? 1_000);
/** What to measure: `turns` (the turn rows), `list` (list_files), or both (the default). */
const PARTS = new Set((process.env.BENCH_BIG_REPO_PARTS ?? 'turns,list').split(','));
const TURN_TEXT = /big-repo turn (\d+)\b/;

const git = (cwd, ...args) =>
  execFileSync('git', ['-c', 'user.name=bench', '-c', 'user.email=bench@example.invalid', '-c', 'core.fsmonitor=false', ...args], {
    cwd,
    stdio: ['ignore', 'ignore', 'pipe'],
    maxBuffer: 64 * 1024 * 1024,
  });

/**
 * A committed repository of `count` small files of distinct content, 100 to a folder and 20 folders to a package
 * (`pkg3/mod7/file42.ts`), plus a README and a .gitignore, as a real project has.
 */
async function makeRepository(parent, count) {
  const cwd = path.join(parent, `repo-${count}`);
  mkdirSync(cwd, { recursive: true });
  writeFileSync(path.join(cwd, 'README.md'), '# bench project\n');
  writeFileSync(path.join(cwd, '.gitignore'), 'node_modules/\n*.log\n');
  for (let written = 0, folder = 0; written < count - 2; folder++) {
    const dir = path.join(cwd, `pkg${Math.floor(folder / 20)}`, `mod${folder % 20}`);
    await mkdir(dir, { recursive: true });
    const batch = [];
    for (let f = 0; f < 100 && written < count - 2; f++, written++) {
      batch.push(writeFile(path.join(dir, `file${f}.ts`), `export const value${written} = ${written};\n`));
    }
    await Promise.all(batch);
  }
  git(cwd, 'init', '-q');
  git(cwd, 'add', '-A');
  git(cwd, 'commit', '-q', '-m', `${count} files`);
  return cwd;
}

/**
 * What the turn's commands are: `true`, which reads nothing and writes nothing, and a command that writes a file
 * of the project, after which an agent that snapshots the tree or diffs the turn must look at it again.
 */
const COMMAND_LINES = { reading: 'true', writing: 'date +%s%N > bench-write.txt' };

/** The fake model's side: each turn asks for COMMANDS commands, one at a time, then answers. */
function scriptTurns(server, agent, firstRequests, command) {
  server.respondWith((request) => {
    const callId = answeredCallId(request);
    const done = /^bench_big_(\d+)_(\d+)$/.exec(callId ?? '');
    if (done) {
      const [turn, k] = [done[1], Number(done[2])];
      return reply(k + 1 < COMMANDS ? runCommand(agent, command, `bench_big_${turn}_${k + 1}`) : message('Done.'));
    }
    const asked = TURN_TEXT.exec(userText(lastInputItem(request)) ?? '');
    if (asked) {
      firstRequests[Number(asked[1])] ??= request.receivedAt;
      return reply(runCommand(agent, command, `bench_big_${asked[1]}_0`));
    }
    return reply(message('Nothing to do.'));
  });
}

/** A session folder's stand-in for makeWorkspace: the repository is shared, TANDEM_HOME/CODEX_HOME are fresh. */
function workspaceIn(cwd) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'tandem-bench-big-home-'));
  return { dir, cwd, home: path.join(dir, 'home'), remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** TURNS turns in one Tandem session: each turn's time (submission → task_complete) and first-request delay. */
async function measureTandem(cwd, command) {
  const server = await startFakeModelServer();
  const workspace = workspaceIn(cwd);
  const firstRequests = [];
  scriptTurns(server, 'tandem', firstRequests, command);
  const run = launchTandem('proto', { baseUrl: server.baseUrl, workspace });
  try {
    await run.ready;
    await run.waitForLine((line) => line.msg?.type === 'session_configured', 30_000);
    const turns = [];
    const delays = [];
    for (let t = 0; t < TURNS; t++) {
      const id = `turn-${t}`;
      const ended = run.waitForLine((line) => line.id === id && (line.msg?.type === 'task_complete' || line.msg?.type === 'turn_aborted'), 180_000);
      const sent = performance.now();
      run.send({ id, op: { type: 'user_input', items: [{ type: 'text', text: `big-repo turn ${t}` }] } });
      const end = await ended;
      if (end.msg.type !== 'task_complete') throw new Error(`tandem: turn ${t} ended with ${end.msg.type}`);
      turns.push(performance.now() - sent);
      delays.push(firstRequests[t] - sent);
    }
    run.send({ id: 'end', op: { type: 'shutdown' } });
    await run.finish(30_000);
    return { turns, delays };
  } finally {
    run.kill();
    await server.close();
    workspace.remove();
  }
}

/** The same turns in one `codex app-server` thread. */
async function measureCodex(cwd, peer, command) {
  const server = await startFakeModelServer();
  const workspace = workspaceIn(cwd);
  const firstRequests = [];
  scriptTurns(server, 'codex', firstRequests, command);
  const run = launchCodex('app-server', { peer, baseUrl: server.baseUrl, workspace });
  const call = appServerCaller(run);
  try {
    await run.ready;
    await initializeAppServer(run, call);
    const { thread } = await call('thread/start', { cwd, approvalPolicy: 'never', sandbox: 'workspace-write' });
    const turns = [];
    const delays = [];
    for (let t = 0; t < TURNS; t++) {
      const ended = run.waitForLine((line) => line.method === 'turn/completed' && line.params?.threadId === thread.id, 180_000);
      const sent = performance.now();
      await call('turn/start', { threadId: thread.id, input: [{ type: 'text', text: `big-repo turn ${t}`, text_elements: [] }] });
      const completed = await ended;
      if (completed.params.turn?.status !== 'completed') throw new Error(`codex: turn ${t} ${completed.params.turn?.status}`);
      turns.push(performance.now() - sent);
      delays.push(firstRequests[t] - sent);
    }
    return { turns, delays };
  } finally {
    run.kill();
    await run.finish(10_000);
    await server.close();
    workspace.remove();
  }
}

/** Median of the turns after the warm-up. */
const steady = (values) => median(values.slice(1));

/**
 * `list_files` through the host's request table, as a window asks: the person's first @ in a session just opened,
 * LIST_PAUSE_MS after it opened, then warm calls. Beside it, for comparison, the first call made at once in another
 * session just opened (it waits for the listing the opening started).
 */
async function measureListing(cwd) {
  const home = mkdtempSync(path.join(os.tmpdir(), 'tandem-bench-big-list-'));
  const host = new Host({ home, secrets: new MemorySecretStore(), env: { PATH: process.env.PATH }, warn: () => undefined });
  try {
    const { session_id } = await host.request('open_session', { cwd });
    await new Promise((resolve) => setTimeout(resolve, LIST_PAUSE_MS));
    let started = performance.now();
    const first = await host.request('list_files', { session_id, query: '', limit: 50 });
    const firstMs = performance.now() - started;
    const warm = [];
    for (const query of ['file42', 'pkg3/mod7', 'readme', 'value', 'zzz', 'p1m2f3', 'mod1/file1.ts', 'gitignore', '', 'f']) {
      started = performance.now();
      await host.request('list_files', { session_id, query, limit: 50 });
      warm.push(performance.now() - started);
    }
    await host.request('close_session', { session_id });
    const again = await host.request('open_session', { cwd });
    started = performance.now();
    await host.request('list_files', { session_id: again.session_id, query: '', limit: 50 });
    const atOnceMs = performance.now() - started;
    return { firstMs, warmMs: median(warm), atOnceMs, total: first.total };
  } finally {
    await host.shutdown();
    rmSync(home, { recursive: true, force: true });
  }
}

/**
 * The file watcher Tandem keeps for a large repository (a worker thread with a watch per folder), started in this
 * process as a capture starts it: until its first walk ends, and what it adds to this process's RSS.
 */
async function measureWatcher(cwd) {
  const settle = () => new Promise((resolve) => setTimeout(resolve, 1000));
  await settle();
  const before = process.memoryUsage().rss;
  const started = performance.now();
  const watch = await watchIfLarge(cwd, path.join(cwd, '.git', 'index'));
  const ready = await watch?.ready;
  const readyMs = performance.now() - started;
  await settle();
  const rss = process.memoryUsage().rss - before;
  stopTreeWatches();
  return { readyMs, folders: ready?.folders ?? 0, watching: ready?.watching === true, rss };
}

export async function run({ peer }) {
  const parent = mkdtempSync(path.join(os.tmpdir(), 'tandem-bench-big-repo-'));
  try {
    progress(`big-repo: writing and committing repositories of 1, ${SIZES.join(' and ')} files…`);
    const made = performance.now();
    const small = await makeRepository(parent, 3);
    const big = {};
    for (const size of SIZES) big[size] = await makeRepository(parent, size);
    progress(`big-repo: repositories ready in ${ms(performance.now() - made, 0)}`);

    let codexError = peer.available ? undefined : peerUnavailable(peer);
    const measure = async (label, cwd, kind) => {
      const command = COMMAND_LINES[kind];
      progress(`big-repo: Tandem, ${TURNS} turns of ${COMMANDS} × \`${command}\` in the ${label} repository…`);
      const tandem = await measureTandem(cwd, command);
      progress(`big-repo: Tandem turns ${tandem.turns.map((v) => ms(v, 0)).join(', ')}; first request after ${tandem.delays.map((v) => ms(v, 0)).join(', ')}`);
      let codex;
      if (!codexError) {
        progress(`big-repo: Codex CLI ${peer.version}, the same…`);
        try {
          codex = await retryPeerOnce('big-repo', () => measureCodex(cwd, peer, command));
          progress(`big-repo: Codex turns ${codex.turns.map((v) => ms(v, 0)).join(', ')}; first request after ${codex.delays.map((v) => ms(v, 0)).join(', ')}`);
        } catch (error) {
          codexError = `peer failed: ${error.message.slice(0, 160)}`;
        }
      }
      return { tandem, codex };
    };
    const signed = (value) => `${value >= 0 ? '+' : ''}${ms(value, 0)}`;

    const base = PARTS.has('turns') ? { reading: await measure('3-file', small, 'reading'), writing: await measure('3-file', small, 'writing') } : null;
    const rows = [];
    for (const size of SIZES) {
      const label = `${size / 1000}k-file`;
      for (const kind of base ? ['reading', 'writing'] : []) {
        const here = await measure(label, big[size], kind);
        const there = base[kind];
        const tandemExtra = steady(here.tandem.turns) - steady(there.tandem.turns);
        const codexExtra = here.codex && there.codex ? steady(here.codex.turns) - steady(there.codex.turns) : undefined;
        rows.push(
          row(
            '8. big repo',
            `turn of ${COMMANDS} × \`${COMMAND_LINES[kind]}\`, ${label} repo minus 3-file repo`,
            signed(tandemExtra),
            codexExtra === undefined ? codexError : signed(codexExtra),
            `≤ Codex + ${GOAL_OVER_CODEX_MS} ms`,
            codexExtra === undefined ? 'n/a' : verdict(tandemExtra <= codexExtra + GOAL_OVER_CODEX_MS),
          ),
        );
        const tandemDelay = steady(here.tandem.delays) - steady(there.tandem.delays);
        const codexDelay = here.codex && there.codex ? steady(here.codex.delays) - steady(there.codex.delays) : undefined;
        rows.push(
          row(
            '8. big repo',
            `  first model request of that turn, delay, ${label} minus 3-file`,
            signed(tandemDelay),
            codexDelay === undefined ? codexError : signed(codexDelay),
            '≈ 0 (≤ 10 ms)',
            verdict(tandemDelay <= 10),
          ),
        );
      }
      if (PARTS.has('turns')) {
        const watcher = await measureWatcher(big[size]);
        progress(`big-repo: file watcher of the ${label} repository: ready after ${ms(watcher.readyMs, 0)} (${watcher.folders} folders), +${(watcher.rss / 1e6).toFixed(1)} MB RSS`);
        rows.push(
          row(
            '8. big repo',
            `  file watcher of the ${label} repo (a thread): set-up / RSS it adds`,
            watcher.watching ? `${ms(watcher.readyMs, 0)} (${watcher.folders} folders) / ${(watcher.rss / 1e6).toFixed(1)} MB` : 'not started',
            'n/a (watches nothing)',
            '',
            '',
          ),
        );
      }
      if (!PARTS.has('list')) continue;
      const listing = await measureListing(big[size]);
      progress(
        `big-repo: list_files in the ${label} repository: first @ ${ms(LIST_PAUSE_MS, 0)} after opening ${ms(listing.firstMs, 0)} (${listing.total} files), warm median ${ms(listing.warmMs)}; asked at once on opening ${ms(listing.atOnceMs, 0)}`,
      );
      rows.push(
        row(
          '8. big repo',
          `list_files in the ${label} repo: first @ ${LIST_PAUSE_MS / 1000} s after the session opened / warm median`,
          `${ms(listing.firstMs, 0)} / ${ms(listing.warmMs)}`,
          '',
          `< ${GOAL_LIST_MS} ms`,
          verdict(listing.firstMs < GOAL_LIST_MS && listing.warmMs < GOAL_LIST_MS),
        ),
      );
    }
    return rows;
  } finally {
    // Something an agent left behind (a folder appears in .git after the run) must not lose the run's rows.
    try {
      rmSync(parent, { recursive: true, force: true, maxRetries: 10, retryDelay: 500 });
    } catch (error) {
      progress(`big-repo: could not remove ${parent}: ${error.message}`);
    }
  }
}

if (isMain(import.meta.url)) await runStandalone(run);
