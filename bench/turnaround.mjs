// 1. Turnaround: a task of 20 tool calls running `true` in the workspace-write sandbox. For each call, the time
// from the last byte of the answer that asks for it to the arrival of the request that carries its output,
// both on the fake server's clock (this process). Then one more call, `printenv PATH`, checks that the command
// saw the login shell's PATH although the agent was started with a launcher's bare PATH.
import { startFakeModelServer } from '../out/e2e/fake-model-server/index.js';
import { launchCodex, launchTandem, makeWorkspace } from './lib/agents.mjs';
import { loginShellFacts } from './lib/login-path.mjs';
import { isMain, peerUnavailable, retryPeerOnce, runStandalone } from './lib/main.mjs';
import { answeredCallId, lastInputItem, message, outputText, reply, runCommand, userText } from './lib/script.mjs';
import { median, ms, progress, quantile, row, verdict } from './lib/stats.mjs';

export const CALLS = Number(process.env.BENCH_TURNAROUND_CALLS) || 20;
const PROMPT = 'Run `true` twenty times, one call at a time, then print PATH.';
const GOAL_MEDIAN_MS = 10;

async function measure(agent, peer) {
  const server = await startFakeModelServer();
  const workspace = makeWorkspace('turnaround');
  const askedBy = []; // askedBy[k]: index of the request whose answer asked for call k
  const answers = []; // answers[k]: { at, text } of the request that carried call k's output
  let extraRequests = 0;
  const ask = (request, k, command) => {
    askedBy[k] = request.index;
    return reply(runCommand(agent, command, `bench_call_${k}`));
  };
  server.respondWith((request) => {
    const callId = answeredCallId(request);
    if (callId?.startsWith('bench_call_')) {
      const k = Number(callId.slice('bench_call_'.length));
      answers[k] ??= { at: request.receivedAt, text: outputText(lastInputItem(request)) };
      if (k + 1 < CALLS) return ask(request, k + 1, 'true');
      if (k + 1 === CALLS) return ask(request, CALLS, 'printenv PATH');
      return reply(message('Done.'));
    }
    if (userText(lastInputItem(request)) === PROMPT && askedBy.length === 0) return ask(request, 0, 'true');
    extraRequests++;
    return reply(message('Nothing to do.'));
  });

  const options = { baseUrl: server.baseUrl, workspace, prompt: PROMPT, peer };
  const run = agent === 'tandem' ? launchTandem('exec', options) : launchCodex('exec', options);
  try {
    await run.ready;
    const exit = await run.finish(180_000);
    const gaps = [];
    for (let k = 0; k < CALLS; k++) {
      const asked = askedBy[k];
      if (asked !== undefined && answers[k]) gaps.push(answers[k].at - server.responseEnds[asked]);
    }
    if (gaps.length < CALLS) throw new Error(`${agent}: only ${gaps.length} of ${CALLS} calls came back (exit ${exit.signal ?? exit.code}; ${run.stderrTail.slice(-300)})`);
    return { gaps, pathOutput: answers[CALLS]?.text ?? '', extraRequests };
  } finally {
    run.kill();
    await server.close();
    workspace.remove();
  }
}

function loginCheck(result, loginEntries) {
  if (!result || loginEntries.length === 0) return undefined;
  return result.pathOutput.every((output) => loginEntries.every((entry) => output.includes(entry)));
}

/** Rounds of each agent, interleaved (Tandem, Codex, Tandem, Codex), so a burst of load elsewhere hits both. */
const ROUNDS = Number(process.env.BENCH_TURNAROUND_ROUNDS) || 2;

/** The rounds' gaps pooled; the PATH check must hold in every round. */
function pool(results) {
  if (results.length === 0) return undefined;
  return { gaps: results.flatMap((r) => r.gaps), pathOutput: results.map((r) => r.pathOutput), extraRequests: results.reduce((n, r) => n + r.extraRequests, 0) };
}

export async function run({ peer }) {
  const login = await loginShellFacts();
  const loginEntries = login.entries;
  progress(`turnaround: a login shell takes ${ms(login.ms, 0)} here${login.note ? ` (${login.note})` : ''}`);
  const tandemRounds = [];
  const codexRounds = [];
  let codexError = peer.available ? undefined : peerUnavailable(peer);
  for (let round = 1; round <= ROUNDS; round++) {
    progress(`turnaround: Tandem, ${CALLS} calls of \`true\` (round ${round} of ${ROUNDS})…`);
    tandemRounds.push(await measure('tandem', peer));
    if (!peer.available || codexError) continue;
    progress(`turnaround: Codex CLI ${peer.version}, ${CALLS} calls of \`true\` (round ${round} of ${ROUNDS})…`);
    try {
      codexRounds.push(await retryPeerOnce('turnaround', () => measure('codex', peer)));
    } catch (error) {
      codexError = `peer failed: ${error.message.slice(0, 160)}`;
    }
  }
  const tandem = pool(tandemRounds);
  const codex = codexError ? undefined : pool(codexRounds);
  const show = (result, pick) => (result ? ms(pick(result.gaps)) : codexError);
  const tandemMedian = median(tandem.gaps);
  const tandemLogin = loginCheck(tandem, loginEntries);
  const codexLogin = loginCheck(codex, loginEntries);
  for (const [name, result, holds] of [['Tandem', tandem, tandemLogin], ['the Codex CLI', codex, codexLogin]]) {
    if (holds === false) progress(`turnaround: the PATH ${name}'s command saw lacks some of ${loginEntries.join(':')}: ${result.pathOutput.map((text) => JSON.stringify(text.slice(-300))).join(' / ')}`);
  }
  const loginCell = (holds) => (holds === undefined ? (loginEntries.length === 0 ? `not checkable: ${login.note}` : codexError) : holds ? 'yes' : 'no');
  return [
    row('1. turnaround', `median, ${ROUNDS} × ${CALLS} calls of true`, ms(tandemMedian), show(codex, median), `≤ ${GOAL_MEDIAN_MS} ms`, verdict(tandemMedian <= GOAL_MEDIAN_MS)),
    row('1. turnaround', 'p90', ms(quantile(tandem.gaps, 0.9)), show(codex, (g) => quantile(g, 0.9))),
    row('1. turnaround', 'commands see the login PATH', loginCell(tandemLogin), loginCell(codexLogin), 'yes', loginEntries.length === 0 ? 'n/a' : verdict(tandemLogin)),
  ];
}

if (isMain(import.meta.url)) await runStandalone(run);
