// 7. Idle sessions: what an open session that does nothing costs. Tandem runs as its desktop host in a process of
// its own (bench/lib/idle-host.mjs: the Host the Electron main process and `tandem serve` run); 20 sessions are
// opened on 20 project folders and left idle, then each has one turn (a command printing 20 KB and a short
// answer) and is left idle again. The host's RSS and JavaScript heap (after collecting garbage) are read with no
// session, with the 20 idle sessions, and after their turns; the cost per session is the difference over 20.
// The Codex CLI runs as `codex app-server` with 20 threads started on the same 20 folders.
import { spawn } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { startFakeModelServer } from '../out/e2e/fake-model-server/index.js';
import { agentEnvironment, isTandemHelper, launchCodex, makeWorkspace, appServerCaller, initializeAppServer } from './lib/agents.mjs';
import { isMain, peerUnavailable, retryPeerOnce, runStandalone } from './lib/main.mjs';
import { PRINT_20_KB } from './memory.mjs';
import { BENCH_MODEL } from './lib/peer.mjs';
import { descendantsOf, memoryOf } from './lib/proc.mjs';
import { answeredCallId, lastInputItem, message, reply, runCommand, userText } from './lib/script.mjs';
import { mb, progress, row, verdict } from './lib/stats.mjs';

export const SESSIONS = Math.max(2, Number(process.env.BENCH_IDLE_SESSIONS) || 20);
/** Sessions are opened, and later given their turn, in two halves: the second half's cost is the cost per session. */
const HALF = Math.floor(SESSIONS / 2);
const places = (from, to) => Array.from({ length: to - from }, (_, i) => from + i);
const GOAL_PER_SESSION = 2 * 1024 * 1024;
const TURN_TEXT = 'bench idle turn';
const HOST_SCRIPT = path.join(path.dirname(fileURLToPath(import.meta.url)), 'lib', 'idle-host.mjs');

/** Every turn: one command printing 20 KB, then a short answer. */
function scriptTurns(server, agent) {
  let calls = 0;
  server.respondWith((request) => {
    if (answeredCallId(request)?.startsWith('bench_idle_')) return reply(message('Printed 20 KB.'));
    if (userText(lastInputItem(request)) === TURN_TEXT) return reply(runCommand(agent, PRINT_20_KB, `bench_idle_${calls++}`));
    return reply(message('Nothing to do.'));
  });
}

function folders(count) {
  return Array.from({ length: count }, (_, i) => makeWorkspace(`idle-${i}`));
}

/** A child speaking one JSON line per command. */
function lineChannel(child) {
  const waiting = [];
  createInterface({ input: child.stdout, crlfDelay: Infinity }).on('line', (line) => {
    if (line.trim()) waiting.shift()?.resolve(JSON.parse(line));
  });
  child.on('exit', (code, signal) => {
    for (const w of waiting.splice(0)) w.reject(new Error(`the host exited (${signal ?? code})`));
  });
  return (command) =>
    new Promise((resolve, reject) => {
      waiting.push({ resolve, reject });
      child.stdin.write(`${JSON.stringify(command)}\n`);
    });
}

async function measureTandem() {
  const server = await startFakeModelServer();
  scriptTurns(server, 'tandem');
  const workspaces = folders(SESSIONS);
  const home = path.join(workspaces[0].dir, 'home');
  const config = { baseUrl: server.baseUrl, home, model: BENCH_MODEL };
  const nodeFlags = (process.env.BENCH_TANDEM_NODE_FLAGS ?? '').split(' ').filter(Boolean);
  const child = spawn(process.execPath, ['--expose-gc', ...nodeFlags, HOST_SCRIPT], {
    cwd: workspaces[0].cwd,
    env: agentEnvironment({ BENCH_HOST_CONFIG: JSON.stringify(config) }),
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk) => (stderr = (stderr + chunk).slice(-2000)));
  const ask = lineChannel(child);
  const timer = setTimeout(() => child.kill('SIGKILL'), 300_000);
  const helpers = () => descendantsOf(child.pid).filter((pid) => isTandemHelper(pid, child.pid)).reduce((sum, pid) => sum + (memoryOf(pid)?.rss ?? 0), 0);
  try {
    const cwds = workspaces.map((w) => w.cwd);
    const none = (await ask({ measure: true })).memory;
    await ask({ open: cwds.slice(0, HALF) });
    const halfIdle = (await ask({ measure: true })).memory;
    await ask({ open: cwds.slice(HALF) });
    const idle = (await ask({ measure: true })).memory;
    const helpersIdle = helpers();
    await ask({ turn: TURN_TEXT, only: places(0, HALF) });
    const halfTurned = (await ask({ measure: true })).memory;
    await ask({ turn: TURN_TEXT, only: places(HALF, SESSIONS) });
    const turned = (await ask({ measure: true })).memory;
    return { none, halfIdle, idle, halfTurned, turned, helpersIdle, helpersTurned: helpers() };
  } catch (error) {
    throw new Error(`${error.message}; host stderr: ${stderr.slice(-300)}`);
  } finally {
    clearTimeout(timer);
    child.kill('SIGKILL');
    await server.close();
    for (const w of workspaces) w.remove();
  }
}

/** `codex app-server` with SESSIONS threads, one per folder; RSS of its process (and helpers) from /proc. */
async function measureCodex(peer) {
  const server = await startFakeModelServer();
  scriptTurns(server, 'codex');
  const workspaces = folders(SESSIONS);
  const run = launchCodex('app-server', { peer, baseUrl: server.baseUrl, workspace: workspaces[0] });
  const call = appServerCaller(run);
  const rss = async () => {
    await sleep(1_500);
    const own = memoryOf(run.pid)?.rss ?? 0;
    return descendantsOf(run.pid).filter((pid) => run.isHelper(pid)).reduce((sum, pid) => sum + (memoryOf(pid)?.rss ?? 0), own);
  };
  try {
    await run.ready;
    await initializeAppServer(run, call);
    const threads = [];
    const start = async (from, to) => {
      for (const workspace of workspaces.slice(from, to)) {
        const { thread } = await call('thread/start', { cwd: workspace.cwd, approvalPolicy: 'never', sandbox: 'workspace-write' });
        threads.push(thread.id);
      }
      return { rss: await rss() };
    };
    const turn = async (from, to) => {
      for (const threadId of threads.slice(from, to)) {
        const ended = run.waitForLine((line) => line.method === 'turn/completed' && line.params?.threadId === threadId);
        await call('turn/start', { threadId, input: [{ type: 'text', text: TURN_TEXT, text_elements: [] }] });
        const completed = await ended;
        if (completed.params.turn?.status !== 'completed') throw new Error(`a turn ended ${completed.params.turn?.status}`);
      }
      return { rss: await rss() };
    };
    const none = { rss: await rss() };
    const halfIdle = await start(0, HALF);
    const idle = await start(HALF, SESSIONS);
    const halfTurned = await turn(0, HALF);
    const turned = await turn(HALF, SESSIONS);
    return { none, halfIdle, idle, halfTurned, turned };
  } finally {
    run.kill();
    await run.finish(10_000);
    await server.close();
    for (const w of workspaces) w.remove();
  }
}

/**
 * What one more session costs, from the second half of the sessions: opened after the first half (so the work done
 * once, for the first session, is behind it) and later given its turn after the first half's turns. Idle: the
 * second half's opening over its count. After a turn: that plus the second half's turns over their count.
 */
function perSession(result, field) {
  const later = SESSIONS - HALF;
  const idle = (result.idle[field] - result.halfIdle[field]) / later;
  return { idle, turned: idle + (result.turned[field] - result.halfTurned[field]) / later };
}

/** The whole growth from the process with no session, spread over the sessions: one-time work counted in. */
const spread = (result, state, field) => (result[state][field] - result.none[field]) / SESSIONS;

export async function run({ peer }) {
  progress(`idle sessions: Tandem's host, ${SESSIONS} sessions…`);
  const tandem = await measureTandem();
  const trail = (result, field) => ['none', 'halfIdle', 'idle', 'halfTurned', 'turned'].map((state) => mb(result[state][field])).join(' → ');
  progress(
    `idle sessions: Tandem host RSS ${trail(tandem, 'rss')} (none, ${HALF} open, ${SESSIONS} open, ${HALF} turned, ${SESSIONS} turned); ` +
      `heap ${trail(tandem, 'heapUsed')}; exec host ${mb(tandem.helpersIdle)} → ${mb(tandem.helpersTurned)}`,
  );
  let codex;
  let codexError = peer.available ? undefined : peerUnavailable(peer);
  if (peer.available) {
    progress(`idle sessions: Codex CLI ${peer.version}, ${SESSIONS} threads…`);
    try {
      codex = await retryPeerOnce('idle sessions', () => measureCodex(peer));
      progress(`idle sessions: Codex RSS ${trail(codex, 'rss')}`);
    } catch (error) {
      codexError = `peer failed: ${error.message.slice(0, 160)}`;
    }
  }
  const rss = perSession(tandem, 'rss');
  const heap = perSession(tandem, 'heapUsed');
  const codexRss = codex ? perSession(codex, 'rss') : undefined;
  const peerRss = (state) => (codexRss ? mb(codexRss[state], 2) : codexError);
  const peerSpread = (state) => (codex ? mb(spread(codex, state, 'rss'), 2) : codexError);
  return [
    row('9. idle sessions', `host RSS per idle session (${SESSIONS} open)`, mb(rss.idle, 2), peerRss('idle'), '< 2 MB', verdict(rss.idle < GOAL_PER_SESSION)),
    row('9. idle sessions', 'host heap per idle session', mb(heap.idle, 2), 'n/a (native)', '< 2 MB', verdict(heap.idle < GOAL_PER_SESSION)),
    row('9. idle sessions', 'host RSS per session after one finished turn', mb(rss.turned, 2), peerRss('turned'), '< 2 MB', verdict(rss.turned < GOAL_PER_SESSION)),
    row('9. idle sessions', 'host heap per session after one finished turn', mb(heap.turned, 2), 'n/a (native)', '< 2 MB', verdict(heap.turned < GOAL_PER_SESSION)),
    row('9. idle sessions', `RSS growth over ${SESSIONS} sessions after their turns, per session (one-time loading included)`, mb(spread(tandem, 'turned', 'rss'), 2), peerSpread('turned')),
  ];
}

if (isMain(import.meta.url)) await runStandalone(run);
