// 2. Memory: one long-lived session of 300 turns, each turn a request from the person, one command printing
// 20 KB, and a short answer. Tandem runs as `tandem proto`, the Codex CLI as `codex app-server` (the form of
// each that keeps one session open across turns). The agent process's resident memory is read from /proc:
// after each turn, and its peak (the kernel's VmHWM) at the end.
import { startFakeModelServer } from '../out/e2e/fake-model-server/index.js';
import { launchCodex, launchTandem, makeWorkspace, appServerCaller, initializeAppServer } from './lib/agents.mjs';
import { isMain, peerUnavailable, retryPeerOnce, runStandalone } from './lib/main.mjs';
import { MemorySampler, memoryOf } from './lib/proc.mjs';
import { answeredCallId, lastInputItem, message, reply, runCommand, userText } from './lib/script.mjs';
import { mb, median, progress, row, seconds, verdict } from './lib/stats.mjs';

export const TURNS = Number(process.env.BENCH_MEMORY_TURNS) || 300;
const EARLY_TURN = Math.min(50, TURNS);
/** Readings averaged (as a median) around each checkpoint, so one garbage collection does not decide it. */
const WINDOW = 5;
const OUTPUT_BYTES = 20 * 1024;
// 80-byte lines (79 characters and a newline), cut at exactly 20 KB.
export const PRINT_20_KB = `yes 'bench output line 0123456789 abcdefghijklmnopqrstuvwxyz ABCDEFGHIJKLMNOPQRSTUV' | head -c ${OUTPUT_BYTES}`;
const TURN_TEXT = /bench turn (\d+)\b/;
const FLAT_RATIO = 1.2;

/** Answers every request of the session: the turn's command, then a short reply; anything else is a compaction. */
export function scriptSession(server, agent) {
  const counts = { commands: 0, replies: 0, other: 0 };
  server.respondWith((request) => {
    const last = lastInputItem(request);
    const callId = answeredCallId(request);
    if (callId?.startsWith('bench_mem_')) {
      counts.replies++;
      return reply(message(`Turn ${callId.slice('bench_mem_'.length)}: printed 20 KB.`));
    }
    const turn = TURN_TEXT.exec(userText(last) ?? '');
    if (turn) {
      counts.commands++;
      return reply(runCommand(agent, PRINT_20_KB, `bench_mem_${turn[1]}`));
    }
    counts.other++;
    return reply(message('Summary so far: the person asked for a 20 KB printout in each turn; each one succeeded.'));
  });
  return counts;
}

/** Drives one session to TURNS turns; `turn(t)` runs turn t and resolves when it has ended. */
async function driveTurns(agent, run, turn) {
  const sampler = new MemorySampler(run.pid, run.isHelper);
  const rss = [];
  const started = performance.now();
  for (let t = 0; t < TURNS; t++) {
    await turn(t);
    rss.push(sampler.ownNow());
    if ((t + 1) % 50 === 0) {
      const own = memoryOf(run.pid)?.rss ?? 0;
      progress(`memory: ${agent} turn ${t + 1}/${TURNS}, RSS ${mb(rss.at(-1))} (agent ${mb(own)}, helpers ${mb(rss.at(-1) - own)})`);
    }
  }
  sampler.stop();
  const around = (turnNumber) => median(rss.slice(Math.max(0, turnNumber - WINDOW), turnNumber));
  return {
    early: around(EARLY_TURN),
    late: around(TURNS),
    peak: sampler.ownPeak,
    agentPeak: sampler.rootHwm,
    helpersPeak: sampler.helpersPeak,
    helpers: sampler.helperCount,
    treePeak: sampler.treePeak,
    wallMs: performance.now() - started,
  };
}

export async function measureTandem() {
  const server = await startFakeModelServer();
  const workspace = makeWorkspace('memory');
  const counts = scriptSession(server, 'tandem');
  const run = launchTandem('proto', { baseUrl: server.baseUrl, workspace });
  try {
    await run.ready;
    await run.waitForLine((line) => line.msg?.type === 'session_configured', 30_000);
    const result = await driveTurns('Tandem', run, async (t) => {
      const id = `turn-${t}`;
      const ended = run.waitForLine((line) => line.id === id && (line.msg?.type === 'task_complete' || line.msg?.type === 'turn_aborted'));
      run.send({ id, op: { type: 'user_input', items: [{ type: 'text', text: `bench turn ${t}` }] } });
      await ended;
    });
    run.send({ id: 'end', op: { type: 'shutdown' } });
    await run.finish(30_000);
    return { ...result, counts };
  } finally {
    run.kill();
    await server.close();
    workspace.remove();
  }
}

export async function measureCodex(peer) {
  const server = await startFakeModelServer();
  const workspace = makeWorkspace('memory');
  const counts = scriptSession(server, 'codex');
  const run = launchCodex('app-server', { peer, baseUrl: server.baseUrl, workspace });
  const call = appServerCaller(run);
  try {
    await run.ready;
    await initializeAppServer(run, call);
    const { thread } = await call('thread/start', { cwd: workspace.cwd, approvalPolicy: 'never', sandbox: 'workspace-write' });
    const failures = [];
    const result = await driveTurns('Codex', run, async (t) => {
      const ended = run.waitForLine((line) => line.method === 'turn/completed' && line.params?.threadId === thread.id);
      await call('turn/start', { threadId: thread.id, input: [{ type: 'text', text: `bench turn ${t}`, text_elements: [] }] });
      const completed = await ended;
      if (completed.params.turn?.status !== 'completed') failures.push(`turn ${t}: ${completed.params.turn?.status}`);
    });
    if (failures.length > 0) progress(`memory: Codex turns that did not complete: ${failures.slice(0, 3).join('; ')}`);
    return { ...result, counts };
  } finally {
    run.kill();
    await run.finish(10_000);
    await server.close();
    workspace.remove();
  }
}

function describe(result) {
  return `${result.counts.commands} commands, ${result.counts.other} compaction/other requests, ${seconds(result.wallMs, 1)}; peak ${mb(result.agentPeak)} agent + ${mb(result.helpersPeak)} in ${result.helpers} helper process(es)`;
}

export async function run({ peer }) {
  progress(`memory: Tandem, ${TURNS} turns of a 20 KB command…`);
  const tandem = await measureTandem();
  progress(`memory: Tandem done (${describe(tandem)})`);
  let codex;
  let codexError = peer.available ? undefined : peerUnavailable(peer);
  if (peer.available) {
    progress(`memory: Codex CLI ${peer.version}, ${TURNS} turns…`);
    try {
      codex = await retryPeerOnce('memory', () => measureCodex(peer));
      progress(`memory: Codex done (${describe(codex)})`);
    } catch (error) {
      codexError = `peer failed: ${error.message.slice(0, 160)}`;
    }
  }
  const show = (result, pick) => (result ? pick(result) : codexError);
  const peakText = (r) => (r.helpers > 0 ? `${mb(r.peak)} (${mb(r.agentPeak)} + ${mb(r.helpersPeak)} helper)` : mb(r.peak));
  const ratio = (r) => r.late / r.early;
  const flat = ratio(tandem) <= FLAT_RATIO;
  return [
    row('2. memory', `peak RSS of the agent's processes, ${TURNS} turns`, peakText(tandem), show(codex, peakText), '< Codex CLI', codex ? verdict(tandem.peak < codex.peak) : 'n/a'),
    row('2. memory', `RSS after turn ${EARLY_TURN} → after turn ${TURNS}`, `${mb(tandem.early)} → ${mb(tandem.late)} (×${ratio(tandem).toFixed(2)})`, show(codex, (r) => `${mb(r.early)} → ${mb(r.late)} (×${ratio(r).toFixed(2)})`), `≤ ×${FLAT_RATIO}`, verdict(flat)),
    row('2. memory', 'peak RSS with the commands it ran', mb(tandem.treePeak), show(codex, (r) => mb(r.treePeak))),
  ];
}

if (isMain(import.meta.url)) await runStandalone(run);
