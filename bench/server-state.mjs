// 5. Server state: the memory benchmark's session (300 turns, each a request, a command printing 20 KB and a
// short answer) run twice with `tandem proto`: sending the whole history in every request, and with
// `--server-state` (`store: true`, then `previous_response_id` and only the new items). Measured: the bytes of
// each request body of the last turn, and, over the last few turns with the link to the model slowed to about
// 1 MB/s by a proxy inside this process, the time from a command's end to its output's request being fully sent.
// Figures only: no goal, and no assertion on timing.
import { startFakeModelServer } from '../out/e2e/fake-model-server/index.js';
import { launchTandem, makeWorkspace } from './lib/agents.mjs';
import { isMain, runStandalone } from './lib/main.mjs';
import { scriptSession, TURNS as MEMORY_TURNS } from './memory.mjs';
import { median, ms, progress, row } from './lib/stats.mjs';
import { startThrottledLink } from './lib/throttled-link.mjs';

const TURNS = Number(process.env.BENCH_SERVER_STATE_TURNS) || MEMORY_TURNS;
/** Turns at the end played on the slow link; the median of their times is reported. */
const SLOW_TURNS = Math.min(5, TURNS);
const SLOW_BYTES_PER_SECOND = 1_000_000;

async function measure(serverState) {
  const server = await startFakeModelServer();
  const link = await startThrottledLink({ host: '127.0.0.1', port: Number(new URL(server.baseUrl).port) });
  const workspace = makeWorkspace('server-state');
  scriptSession(server, 'tandem');
  const run = launchTandem('proto', {
    baseUrl: `http://127.0.0.1:${link.port}/v1`,
    workspace,
    extraArgs: serverState ? ['--server-state'] : [],
  });
  let lastCommandEnd;
  run.onLine((line) => {
    if (line.msg?.type === 'exec_command_end') lastCommandEnd = performance.now();
  });
  const label = serverState ? 'chained' : 'full history';
  try {
    await run.ready;
    await run.waitForLine((line) => line.msg?.type === 'session_configured', 30_000);
    const sendTimes = [];
    let lastTurnRequests = [];
    for (let t = 0; t < TURNS; t++) {
      const slow = t >= TURNS - SLOW_TURNS;
      link.setRate(slow ? SLOW_BYTES_PER_SECOND : Infinity);
      const firstRequest = server.requests.length;
      lastCommandEnd = undefined;
      const id = `turn-${t}`;
      const ended = run.waitForLine((line) => line.id === id && (line.msg?.type === 'task_complete' || line.msg?.type === 'turn_aborted'));
      run.send({ id, op: { type: 'user_input', items: [{ type: 'text', text: `bench turn ${t}` }] } });
      await ended;
      const turnRequests = server.requests.slice(firstRequest);
      const carriesOutput = turnRequests.find((request) => request.body.input?.some?.((item) => item?.call_id === `bench_mem_${t}` && item.type === 'function_call_output'));
      if (slow && carriesOutput && lastCommandEnd !== undefined) sendTimes.push(carriesOutput.bodyReceivedAt - lastCommandEnd);
      lastTurnRequests = turnRequests;
      if ((t + 1) % 50 === 0) progress(`server state: ${label}, turn ${t + 1}/${TURNS}`);
    }
    run.send({ id: 'end', op: { type: 'shutdown' } });
    await run.finish(30_000);
    const bytes = lastTurnRequests.map((request) => request.bodyBytes);
    return {
      bytesPerRequest: bytes.reduce((sum, b) => sum + b, 0) / Math.max(1, bytes.length),
      lastTurnRequests: bytes.length,
      sendMs: median(sendTimes),
      chainedRequests: server.requests.filter((request) => typeof request.body.previous_response_id === 'string').length,
      storedRequests: server.requests.filter((request) => request.body.store === true).length,
      requests: server.requests.length,
    };
  } finally {
    run.kill();
    await link.close();
    await server.close();
    workspace.remove();
  }
}

const kb = (bytes) => (Number.isFinite(bytes) ? `${(bytes / 1024).toFixed(1)} KB` : 'n/a');
const times = (a, b) => (Number.isFinite(a) && Number.isFinite(b) && b > 0 ? `×${(a / b).toFixed(1)}` : 'n/a');

export async function run() {
  progress(`server state: Tandem, ${TURNS} turns with the full history in each request…`);
  const full = await measure(false);
  progress(`server state: Tandem, ${TURNS} turns keeping the conversation on the server…`);
  const chained = await measure(true);
  progress(
    `server state: chained run sent previous_response_id in ${chained.chainedRequests} of ${chained.requests} requests (store: true in ${chained.storedRequests}); ` +
      `turn ${TURNS}: ${full.lastTurnRequests} request(s) full, ${chained.lastTurnRequests} chained`,
  );
  const note = chained.chainedRequests === 0 ? ' (the agent never chained)' : '';
  const peer = 'not measured';
  return [
    row('5. server state', `bytes uploaded per request at turn ${TURNS}, full history → chained`, `${kb(full.bytesPerRequest)} → ${kb(chained.bytesPerRequest)} (${times(full.bytesPerRequest, chained.bytesPerRequest)} fewer)${note}`, peer),
    row(
      '5. server state',
      `command's end → its output's request fully sent, at ${SLOW_BYTES_PER_SECOND / 1e6} MB/s (median of last ${SLOW_TURNS} turns), full → chained`,
      `${ms(full.sendMs, 0)} → ${ms(chained.sendMs, 0)} (${times(full.sendMs, chained.sendMs)} faster)${note}`,
      peer,
    ),
  ];
}

if (isMain(import.meta.url)) await runStandalone(run);
