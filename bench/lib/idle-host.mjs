// Tandem's desktop host without a window, in a process of its own (the Host the Electron main process and
// `tandem serve` run), for the idle-sessions benchmark. It reads commands as JSON lines on stdin and answers each
// with one JSON line on stdout:
//
//   {"measure": true}                      → {"memory": {rss, heapUsed, heapTotal, external}} after collecting garbage
//   {"open": ["/cwd1", ...]}               → {"opened": [session ids]} once every session is configured
//   {"turn": "text", "only": [0, 1, …]}    → {"turned": n} once each open session named by its place (every one
//                                            without `only`) has finished one turn on it
//
//   node --expose-gc bench/lib/idle-host.mjs   (config as JSON in BENCH_HOST_CONFIG: {baseUrl, home, model})
import { createInterface } from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';
import { Host, MemorySecretStore } from '../../out/electron/host/index.js';
import { INTERNAL_CONTEXT } from '../../out/electron/host/door-context.js';

const config = JSON.parse(process.env.BENCH_HOST_CONFIG ?? '{}');
const say = (object) => process.stdout.write(`${JSON.stringify(object)}\n`);

const host = new Host({
  home: config.home,
  secrets: new MemorySecretStore(),
  env: { ...process.env, OPENAI_API_KEY: 'bench-key', OPENAI_BASE_URL: config.baseUrl },
  overrides: { model: config.model, baseUrl: config.baseUrl, approvalPolicy: 'never', sandboxPolicy: { mode: 'workspace-write' } },
  warn: (message) => process.stderr.write(`${message}\n`),
});

const sessions = [];
/** Resolvers waiting for a session's turn to end, by session id. */
const turnEnds = new Map();
host.onEvent(({ session_id: sessionId, event }) => {
  const { msg, id } = event;
  if (msg.type === 'error') process.stderr.write(`idle-host: error event: ${msg.message}\n`);
  if (id.startsWith('bench-turn') && (msg.type === 'task_complete' || msg.type === 'turn_aborted')) turnEnds.get(sessionId)?.(msg.type);
});

/**
 * Memory once the process has settled: idle timers have fired and the garbage is collected. The lowest of three
 * readings half a second apart, since the allocator gives pages back a moment after a collection.
 */
async function measure() {
  await sleep(1_500);
  const readings = [];
  for (let i = 0; i < 3; i++) {
    for (let j = 0; j < 3; j++) {
      globalThis.gc?.();
      await sleep(100);
    }
    readings.push(process.memoryUsage());
    await sleep(500);
  }
  const lowest = (field) => Math.min(...readings.map((reading) => reading[field]));
  return { rss: lowest('rss'), heapUsed: lowest('heapUsed'), heapTotal: lowest('heapTotal'), external: lowest('external') };
}

async function open(cwds) {
  const opened = [];
  for (const cwd of cwds) {
    const { session_id: sessionId } = await host.request('open_session', { cwd }, INTERNAL_CONTEXT);
    opened.push(sessionId);
    sessions.push(sessionId);
  }
  return opened;
}

async function turn(text, only) {
  let n = 0;
  for (const sessionId of only === undefined ? sessions : only.map((place) => sessions[place])) {
    const ended = new Promise((resolve) => turnEnds.set(sessionId, resolve));
    const id = `bench-turn-${n}`;
    await host.request('submit', { session_id: sessionId, submission: { id, op: { type: 'user_input', items: [{ type: 'text', text }] } } }, INTERNAL_CONTEXT);
    const outcome = await ended;
    if (outcome !== 'task_complete') throw new Error(`session ${sessionId}: the turn ended with ${outcome}`);
    turnEnds.delete(sessionId);
    n++;
  }
  return n;
}

for await (const line of createInterface({ input: process.stdin, crlfDelay: Infinity })) {
  if (!line.trim()) continue;
  const command = JSON.parse(line);
  if (command.measure) say({ memory: await measure() });
  else if (command.open) say({ opened: await open(command.open) });
  else if (command.turn) say({ turned: await turn(command.turn, command.only) });
}
await host.shutdown(5_000);
process.exit(0);
