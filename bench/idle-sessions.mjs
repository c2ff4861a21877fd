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

export const SESSIONS = Number(process.env.BENCH_IDLE_SESSIONS) || 20;
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
    const none = (await ask({ measure: true })).memory;
    await ask({ open: workspaces.map((w) => w.cwd) });
    const idle = (await ask({ measure: true })).memory;
    const helpersIdle = helpers();
    await ask({ turn: TURN_TEXT });
    const turned = (await ask({ measure: true })).memory;
    return { none, idle, turned, helpersIdle, helpersTurned: helpers() };
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
    const none = await rss();
    const threads = [];
    for (const workspace of workspaces) {
      const { thread } = await call('thread/start', { cwd: workspace.cwd, approvalPolicy: 'never', sandbox: 'workspace-write' });
      threads.push(thread.id);
    }
    const idle = await rss();
    for (const threadId of threads) {
      const ended = run.waitForLine((line) => line.method === 'turn/completed' && line.params?.threadId === threadId);
      await call('turn/start', { threadId, input: [{ type: 'text', text: TURN_TEXT, text_elements: [] }] });
      const completed = await ended;
      if (completed.params.turn?.status !== 'completed') throw new Error(`a turn ended ${completed.params.turn?.status}`);
    }
    const turned = await rss();
    return { none: { rss: none }, idle: { rss: idle }, turned: { rss: turned } };
  } finally {
    run.kill();
    await run.finish(10_000);
    await server.close();
    for (const w of workspaces) w.remove();
  }
}

const perSession = (result, state, field) => (result[state][field] - result.none[field]) / SESSIONS;

export async function run({ peer }) {
  progress(`idle sessions: Tandem's host, ${SESSIONS} sessions…`);
  const tandem = await measureTandem();
  progress(
    `idle sessions: Tandem host RSS ${mb(tandem.none.rss)} with none, ${mb(tandem.idle.rss)} with ${SESSIONS} idle, ${mb(tandem.turned.rss)} after a turn each; ` +
      `heap ${mb(tandem.none.heapUsed)} → ${mb(tandem.idle.heapUsed)} → ${mb(tandem.turned.heapUsed)}; exec host ${mb(tandem.helpersIdle)} → ${mb(tandem.helpersTurned)}`,
  );
  let codex;
  let codexError = peer.available ? undefined : peerUnavailable(peer);
  if (peer.available) {
    progress(`idle sessions: Codex CLI ${peer.version}, ${SESSIONS} threads…`);
    try {
      codex = await retryPeerOnce('idle sessions', () => measureCodex(peer));
      progress(`idle sessions: Codex RSS ${mb(codex.none.rss)} with none, ${mb(codex.idle.rss)} with ${SESSIONS} idle, ${mb(codex.turned.rss)} after a turn each`);
    } catch (error) {
      codexError = `peer failed: ${error.message.slice(0, 160)}`;
    }
  }
  const peerRss = (state) => (codex ? mb(perSession(codex, state, 'rss'), 2) : codexError);
  const rssIdle = perSession(tandem, 'idle', 'rss');
  const rssTurned = perSession(tandem, 'turned', 'rss');
  return [
    row('9. idle sessions', `host RSS per idle session (${SESSIONS} open)`, mb(rssIdle, 2), peerRss('idle'), '< 2 MB', verdict(rssIdle < GOAL_PER_SESSION)),
    row('9. idle sessions', 'host heap per idle session', mb(perSession(tandem, 'idle', 'heapUsed'), 2), 'n/a (native)', '< 2 MB', verdict(perSession(tandem, 'idle', 'heapUsed') < GOAL_PER_SESSION)),
    row('9. idle sessions', 'host RSS per session after one finished turn', mb(rssTurned, 2), peerRss('turned'), '< 2 MB', verdict(rssTurned < GOAL_PER_SESSION)),
    row('9. idle sessions', 'host heap per session after one finished turn', mb(perSession(tandem, 'turned', 'heapUsed'), 2), 'n/a (native)', '< 2 MB', verdict(perSession(tandem, 'turned', 'heapUsed') < GOAL_PER_SESSION)),
  ];
}

if (isMain(import.meta.url)) await runStandalone(run);
