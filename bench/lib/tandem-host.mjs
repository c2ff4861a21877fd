// Tandem's desktop host without a window, in a process of its own: the Host the Electron main process runs
// (sessions, the numbered event log, delivery to doors), with a listener that frames every event as JSON the
// way the WebSocket door does. It runs one task and measures its own event-loop delay from the moment the command
// with call id `config.watchCall` begins until the task ends (the command, its output, the model's answer).
//
//   node bench/lib/tandem-host.mjs   (config as JSON in BENCH_HOST_CONFIG: {baseUrl, cwd, home, prompt})
//
// It prints JSON lines on stdout: {"configured": ...}, {"done": {...}} with the delay figures, then exits.
import { readFileSync } from 'node:fs';
import { monitorEventLoopDelay } from 'node:perf_hooks';
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

const door = { events: 0, deltas: 0, bytes: 0 };
const delay = monitorEventLoopDelay({ resolution: 5 });
let watched = 0;
/**
 * The main thread's CPU time and its time spent runnable but waiting for a CPU (Linux schedstat, ns): a long
 * event-loop delay with a long wait was other processes' doing, not this one's.
 */
function schedstat() {
  try {
    const [cpu, wait] = readFileSync(`/proc/self/task/${process.pid}/schedstat`, 'utf8').trim().split(/\s+/).map(Number);
    return { cpu, wait };
  } catch {
    return { cpu: Number.NaN, wait: Number.NaN };
  }
}
let schedAtStart = schedstat();
let finished;
const done = new Promise((resolve) => (finished = resolve));
host.onEvent((hostEvent) => {
  // What a door does with every event: frame it as JSON for the wire.
  door.bytes += JSON.stringify({ type: 'event', ...hostEvent }).length;
  door.events++;
  const { msg, id } = hostEvent.event;
  if (msg.type === 'exec_command_output_delta') door.deltas++;
  if (msg.type === 'exec_command_begin' && msg.call_id === config.watchCall) {
    watched = performance.now();
    schedAtStart = schedstat();
    delay.enable();
  }
  if (id === 'task' && (msg.type === 'task_complete' || msg.type === 'turn_aborted')) finished(msg.type);
  if (msg.type === 'error') process.stderr.write(`host: error event: ${msg.message}\n`);
});

const { session_id: sessionId } = await host.request('open_session', { cwd: config.cwd }, INTERNAL_CONTEXT);
say({ configured: sessionId, pid: process.pid });

const started = performance.now();
await host.request('submit', { session_id: sessionId, submission: { id: 'task', op: { type: 'user_input', items: [{ type: 'text', text: config.prompt }] } } }, INTERNAL_CONTEXT);
const outcome = await done;
delay.disable();
const schedAtEnd = schedstat();
const toMs = (ns) => ns / 1e6;
say({
  done: {
    outcome,
    ms: performance.now() - started,
    watchedMs: watched ? performance.now() - watched : 0,
    delay: { p50: toMs(delay.percentile(50)), p99: toMs(delay.percentile(99)), max: toMs(delay.max), mean: toMs(delay.mean) },
    mainThread: { cpuMs: toMs(schedAtEnd.cpu - schedAtStart.cpu), runQueueWaitMs: toMs(schedAtEnd.wait - schedAtStart.wait) },
    door,
  },
});
await host.shutdown(5_000);
process.exit(0);
