// 3. Flood: one command printing 200 MB to stdout (a marker line, 200 MiB of filler, a marker line), after a
// warm-up command in the same task. Measured: the wall time from the end of the answer asking for it to the
// arrival of the request carrying its output; the growth of the agent's memory over that stretch (its peak
// minus its resident memory just before); whether the model was sent the head and the tail, truncated; and,
// for Tandem, the event-loop delay of the host process from the start of the command to the end of the task. Tandem runs as its desktop host
// (bench/lib/tandem-host.mjs: the Host the Electron main process runs, events framed for a door) in a
// process of its own; the Codex CLI as `codex exec`, a native program with no JavaScript event loop.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startFakeModelServer } from '../out/e2e/fake-model-server/index.js';
import { agentEnvironment, isTandemHelper, launchCodex, makeWorkspace } from './lib/agents.mjs';
import { isMain, peerUnavailable, retryPeerOnce, runStandalone } from './lib/main.mjs';
import { BENCH_MODEL } from './lib/peer.mjs';
import { MemorySampler } from './lib/proc.mjs';
import { answeredCallId, lastInputItem, message, outputText, reply, runCommand, userText } from './lib/script.mjs';
import { mb, ms, progress, row, seconds, verdict } from './lib/stats.mjs';

const FLOOD_BYTES = 200 * 1024 * 1024;
export const FLOOD_COMMAND = `{ echo FLOOD-HEAD; yes 'flood line 0123456789 abcdefghijklmnopqrstuvwxyz ABCDEFGHIJKLMNOPQRSTUVWXYZ 01234567' | head -c ${FLOOD_BYTES}; echo FLOOD-TAIL; }`;
const PROMPT = 'Print the big log.';
/** More than the model is meant to see of one output (about 10,000 tokens): the text was not truncated. */
const TRUNCATED_MAX_CHARS = 64 * 1024;
const GOAL_GROWTH = 50 * 1024 * 1024;
const GOAL_DELAY_P99_MS = 50;
const HOST_SCRIPT = path.join(path.dirname(fileURLToPath(import.meta.url)), 'lib', 'tandem-host.mjs');

/** Warm-up, then the flood, then a closing message; the sampler's window brackets the flood. */
function scriptFlood(server, agent, getSampler) {
  const state = { askedBy: undefined, answer: undefined, memory: undefined };
  server.respondWith((request) => {
    const callId = answeredCallId(request);
    if (callId === 'bench_warm') {
      getSampler()?.startWindow();
      state.askedBy = request.index;
      return reply(runCommand(agent, FLOOD_COMMAND, 'bench_flood'));
    }
    if (callId === 'bench_flood') {
      state.answer ??= { at: request.receivedAt, text: outputText(lastInputItem(request)) };
      state.memory ??= getSampler()?.endWindow();
      return reply(message('The log is long; I looked at its head and tail.'));
    }
    if (userText(lastInputItem(request)) === PROMPT) return reply(runCommand(agent, 'echo warm-up', 'bench_warm'));
    return reply(message('Nothing to do.'));
  });
  return state;
}

function results(server, state, agent) {
  if (!state.answer || state.askedBy === undefined || !state.memory) throw new Error('the flood command never came back');
  const text = state.answer.text;
  if (!text.includes('FLOOD-HEAD') || !text.includes('FLOOD-TAIL')) progress(`flood: what ${agent} sent the model begins ${JSON.stringify(text.slice(0, 240))}`);
  return {
    wallMs: state.answer.at - server.responseEnds[state.askedBy],
    growth: state.memory.peak - state.memory.baseline,
    agentGrowth: state.memory.agentGrowth,
    helpersGrowth: state.memory.helpersGrowth,
    head: text.includes('FLOOD-HEAD'),
    tail: text.includes('FLOOD-TAIL'),
    chars: text.length,
  };
}

async function measureTandem() {
  const server = await startFakeModelServer();
  const workspace = makeWorkspace('flood');
  let sampler;
  const state = scriptFlood(server, 'tandem', () => sampler);
  const config = { baseUrl: server.baseUrl, cwd: workspace.cwd, home: workspace.home, prompt: PROMPT, model: BENCH_MODEL, watchCall: 'bench_flood' };
  const nodeFlags = (process.env.BENCH_TANDEM_NODE_FLAGS ?? '').split(' ').filter(Boolean);
  const child = spawn(process.execPath, [...nodeFlags, HOST_SCRIPT], {
    cwd: workspace.cwd,
    env: agentEnvironment({ BENCH_HOST_CONFIG: JSON.stringify(config) }),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => (stdout += chunk));
  child.stderr.on('data', (chunk) => (stderr = (stderr + chunk).slice(-2000)));
  sampler = new MemorySampler(child.pid, (pid) => isTandemHelper(pid, child.pid), 10);
  const timer = setTimeout(() => child.kill('SIGKILL'), 180_000);
  try {
    await new Promise((resolve) => child.on('exit', resolve));
    const done = stdout.split('\n').filter(Boolean).map((line) => JSON.parse(line)).find((line) => line.done)?.done;
    if (!done) throw new Error(`the Tandem host did not finish: ${stderr.slice(-300)}`);
    if (!done.watchedMs) throw new Error('the Tandem host never saw the flood command begin');
    return { ...results(server, state, 'Tandem'), delay: done.delay, door: done.door, mainThread: done.mainThread, watchedMs: done.watchedMs };
  } finally {
    clearTimeout(timer);
    sampler.stop();
    child.kill('SIGKILL');
    await server.close();
    workspace.remove();
  }
}

async function measureCodex(peer) {
  const server = await startFakeModelServer();
  const workspace = makeWorkspace('flood');
  let sampler;
  const state = scriptFlood(server, 'codex', () => sampler);
  const run = launchCodex('exec', { peer, baseUrl: server.baseUrl, workspace, prompt: PROMPT });
  try {
    await run.ready;
    sampler = new MemorySampler(run.pid, run.isHelper, 10);
    await run.finish(180_000);
    return results(server, state, 'the Codex CLI');
  } finally {
    sampler?.stop();
    run.kill();
    await server.close();
    workspace.remove();
  }
}

function modelText(r) {
  return `${r.head ? 'head' : 'NO head'} + ${r.tail ? 'tail' : 'NO tail'}, ${(r.chars / 1024).toFixed(1)} K chars`;
}

export async function run({ peer }) {
  progress('flood: Tandem (desktop host), one command printing 200 MB…');
  const tandem = await measureTandem();
  progress(
    `flood: Tandem's host, from the command's start to the task's end (${ms(tandem.watchedMs, 0)}): event-loop delay p50 ${ms(tandem.delay.p50)}, max ${ms(tandem.delay.max)}; ` +
      `main thread on CPU ${ms(tandem.mainThread.cpuMs, 0)}, runnable but waiting for a CPU ${ms(tandem.mainThread.runQueueWaitMs, 0)}`,
  );
  progress(`flood: Tandem done in ${seconds(tandem.wallMs)}; growth ${mb(tandem.agentGrowth)} in the host, ${mb(tandem.helpersGrowth)} in its exec host; the door framed ${tandem.door.events} events (${tandem.door.deltas} output deltas, ${mb(tandem.door.bytes)})`);
  let codex;
  let codexError = peer.available ? undefined : peerUnavailable(peer);
  if (peer.available) {
    progress(`flood: Codex CLI ${peer.version}, one command printing 200 MB…`);
    try {
      codex = await retryPeerOnce('flood', () => measureCodex(peer));
    } catch (error) {
      codexError = `peer failed: ${error.message.slice(0, 160)}`;
    }
  }
  const show = (pick) => (codex ? pick(codex) : codexError);
  const textOk = tandem.head && tandem.tail && tandem.chars <= TRUNCATED_MAX_CHARS;
  return [
    row('3. flood', 'wall time, 200 MB to stdout', seconds(tandem.wallMs), show((r) => seconds(r.wallMs))),
    row('3. flood', 'memory growth of the agent', mb(tandem.growth), show((r) => mb(r.growth)), `< ${mb(GOAL_GROWTH, 0)}`, verdict(tandem.growth < GOAL_GROWTH)),
    row('3. flood', 'what the model is sent', modelText(tandem), show(modelText), 'head + tail, truncated', verdict(textOk)),
    row('3. flood', 'event-loop delay of the host, p99 (its wait for a CPU)', `${ms(tandem.delay.p99)} (${ms(tandem.mainThread.runQueueWaitMs, 0)})`, codex ? 'n/a (native, no JS event loop)' : codexError, `< ${GOAL_DELAY_P99_MS} ms`, verdict(tandem.delay.p99 < GOAL_DELAY_P99_MS)),
  ];
}

if (isMain(import.meta.url)) await runStandalone(run);
