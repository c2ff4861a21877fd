// 6. Search: 5,000 saved sessions, searched and listed through the host's request table (as a window asks).
// The sessions are written with Tandem's own recorder into a temporary TANDEM_HOME, spread over a year of day
// folders, each a few turns of requests, reasoning, commands with output, patches and answers, in words drawn
// from a fixed vocabulary so that queries range from common (hits everywhere, the limit cuts) to absent (every
// session scanned to the end). Measured: in a fresh home, the first search asked as the host starts (it answers
// from what the background warm-up read so far, and says it is partial), the warm-up itself (every rollout read,
// the caches under TANDEM_HOME/search/ written) with the host's event-loop delay meanwhile, and the first search
// after it; a new host over the caches (its first search without a warm-up, and its warm-up); then warm searches
// over varied queries (p50 / p95), and list_sessions.
import fs, { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { Host, MemorySecretStore } from '../out/electron/host/index.js';
import { SessionRecorder } from '../out/electron/store/index.js';
import { isMain } from './lib/main.mjs';
import { mb, median, ms, progress, quantile, renderTable, row, verdict } from './lib/stats.mjs';

const SESSIONS = Number(process.env.BENCH_SEARCH_SESSIONS) || 5_000;
const TURNS = 4;
const GOAL_WARM_P95_MS = 150;
const GOAL_LIST_MS = 100;
const NO_PEER = 'no peer (the Codex CLI has no session search)';
const ROUNDS = 3;
const GOAL_LOOP_DELAY_MS = 50;

const WORDS = (
  'parser module config build test lint deploy cache index router schema migrate token retry socket buffer stream ' +
  'render layout theme sidebar search rename delete restore session rollout window folder project branch commit ' +
  'merge rebase patch diff review approve deny sandbox network secret environment path shell command output error'
).split(' ');
const RARE = ['quokka', 'zeppelin', 'marzipan', 'obsidian', 'tamarind', 'xylophone', 'fjord', 'kumquat'];

/** A small deterministic generator, so every run writes the same sessions. */
function random(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

function sentence(next, words) {
  const out = [];
  for (let i = 0; i < words; i++) out.push(WORDS[Math.floor(next() * WORDS.length)]);
  return out.join(' ');
}

export function writeSessions(home) {
  const next = random(42);
  const start = Date.parse('2025-01-01T00:00:00.000Z');
  let placeChars = 0;
  for (let s = 0; s < SESSIONS; s++) {
    const created = new Date(start + Math.floor((s / SESSIONS) * 365 * 86_400_000)).toISOString();
    const cwd = `/work/project-${s % 40}`;
    const recorder = SessionRecorder.create(home, { session_id: `bench-${String(s).padStart(5, '0')}`, created_at: created, cwd, model: 'gpt-5-codex', approval_policy: 'never', sandbox_policy: { mode: 'workspace-write' } });
    const event = (msg) => recorder.record({ type: 'event', msg });
    const item = (value) => recorder.record({ type: 'response_item', item: value });
    for (let t = 0; t < TURNS; t++) {
      // One session in a hundred mentions a rare word somewhere.
      const rare = next() < 0.01 ? ` ${RARE[Math.floor(next() * RARE.length)]}` : '';
      const request = `${sentence(next, 12)}${rare}`;
      const reasoning = sentence(next, 40);
      const command = ['bash', '-lc', `grep -rn ${WORDS[s % WORDS.length]} src`];
      const output = Array.from({ length: 12 }, (_, i) => `src/${WORDS[(s + i) % WORDS.length]}.ts:${i + 1}: ${sentence(next, 8)}`).join('\n');
      const diff = `@@ -1,3 +1,3 @@\n-${sentence(next, 10)}\n+${sentence(next, 10)}\n ${sentence(next, 6)}`;
      const answer = sentence(next, 60);
      const callId = `call-${s}-${t}`;
      event({ type: 'task_started', model_context_window: 272000 });
      event({ type: 'user_message', message: request });
      item({ type: 'message', role: 'user', content: [{ type: 'input_text', text: request }] });
      event({ type: 'agent_reasoning', text: reasoning });
      event({ type: 'exec_command_begin', call_id: callId, command, cwd });
      event({ type: 'exec_command_end', call_id: callId, command, cwd, stdout: output, stderr: '', aggregated_output: output, exit_code: 0, duration_ms: 12, formatted_output: output });
      item({ type: 'function_call_output', call_id: callId, output });
      event({ type: 'patch_apply_begin', call_id: `${callId}-p`, auto_approved: true, changes: { [`src/${WORDS[t]}.ts`]: { type: 'update', unified_diff: diff } } });
      event({ type: 'agent_message', message: answer });
      item({ type: 'message', role: 'assistant', content: [{ type: 'output_text', text: answer }] });
      event({ type: 'task_complete', last_agent_message: answer });
      placeChars += request.length + reasoning.length + command.join(' ').length + output.length + diff.length + answer.length;
    }
    recorder.close();
  }
  return placeChars;
}

function duSync(dir) {
  let bytes = 0;
  for (const name of fs.readdirSync(dir, { recursive: true })) {
    const stat = fs.statSync(path.join(dir, String(name)));
    if (stat.isFile()) bytes += stat.size;
  }
  return bytes;
}

/** This thread's time runnable but waiting for a CPU, in ms (Linux schedstat); null elsewhere. */
function cpuWaitMs() {
  try {
    return Number(readFileSync(`/proc/self/task/${process.pid}/schedstat`, 'utf8').trim().split(/\s+/)[1]) / 1e6;
  } catch {
    return null;
  }
}

function newHost(home, searchWarmUpAfterMs) {
  return new Host({ home, secrets: new MemorySecretStore(), env: { PATH: process.env.PATH }, warn: () => undefined, searchWarmUpAfterMs });
}

/** Wall time, and this process's processor time meanwhile: on a busy machine the two part, and the second says what the work cost. */
async function timed(work) {
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  const result = await work();
  const cpu = process.cpuUsage(cpuBefore);
  return { ms: performance.now() - started, cpuMs: (cpu.user + cpu.system) / 1000, result };
}

export async function run() {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'tandem-bench-search-'));
  try {
    progress(`search: writing ${SESSIONS} sessions…`);
    const written = await timed(async () => writeSessions(home));
    progress(`search: written in ${ms(written.ms, 0)}: ${mb(duSync(path.join(home, 'sessions')))} of rollouts, ${mb(written.result)} of searchable text`);

    const queries = [...WORDS.slice(0, 20), ...RARE, 'grep -rn', 'src/parser.ts:3', 'no such words anywhere', 'PARSER MODULE', 'x'];
    // A fresh home: the host reads every session in the background from its start (as a host does, here without
    // the usual second's wait), and the first search, asked at once, answers from what is read so far.
    const heapBefore = process.memoryUsage().heapUsed;
    const loop = monitorEventLoopDelay({ resolution: 5 });
    loop.enable();
    const warmUpCpu = process.cpuUsage();
    const waitBefore = cpuWaitMs();
    const warmUpStarted = performance.now();
    const first = newHost(home, 0);
    const early = await timed(() => first.request('search_sessions', { query: 'zeppelin' }));
    await first.warmUpSearch();
    const warmUpMs = performance.now() - warmUpStarted;
    const warmUpUsed = process.cpuUsage(warmUpCpu);
    const warmUpCpuMs = (warmUpUsed.user + warmUpUsed.system) / 1000;
    loop.disable();
    const loopP99 = loop.percentile(99) / 1e6;
    const waited = waitBefore === null ? null : cpuWaitMs() - waitBefore;
    const afterWarmUp = await timed(() => first.request('search_sessions', { query: 'zeppelin' }));
    global.gc?.();
    const heap = process.memoryUsage().heapUsed - heapBefore;
    progress(
      `search: first search during the warm-up ${ms(early.ms, 0)} (${early.result.hits.length} hits${early.result.partial ? ', partial' : ''}); warm-up of ${SESSIONS} sessions ${ms(warmUpMs, 0)} (${ms(warmUpCpuMs, 0)} processor), event-loop delay p99 ${ms(loopP99)}; then ${afterWarmUp.result.hits.length} hits; cache ${mb(duSync(path.join(home, 'search')))}`,
    );
    await first.shutdown();

    // The same home with the caches written: what a host started later does without a warm-up (the first search
    // reads every cache), and with one.
    const noWarmUp = newHost(home, null);
    const coldCaches = await timed(() => noWarmUp.request('search_sessions', { query: 'zeppelin' }));
    await noWarmUp.shutdown();
    const second = newHost(home, 0);
    const cachesWarmUp = await timed(() => second.warmUpSearch());
    progress(`search: a new host over the caches: first search without a warm-up ${ms(coldCaches.ms, 0)}, the warm-up ${ms(cachesWarmUp.ms, 0)}`);

    const warm = [];
    const warmCpu = [];
    let hits = 0;
    let truncated = 0;
    for (let round = 0; round < ROUNDS; round++) {
      for (const query of queries) {
        const { ms: took, cpuMs, result } = await timed(() => second.request('search_sessions', { query }));
        warm.push(took);
        warmCpu.push(cpuMs);
        hits += result.hits.length;
        if (result.truncated) truncated += 1;
      }
    }
    progress(`search: load average ${os.loadavg().map((v) => v.toFixed(1)).join(' ')}; ${warm.length} warm searches, ${hits} hits in all, ${truncated} cut at the limit`);

    const listed = [];
    const listedCpu = [];
    for (let i = 0; i < 10; i++) {
      const { ms: took, cpuMs, result } = await timed(() => second.request('list_sessions', {}));
      listedCpu.push(cpuMs);
      if (result.sessions.length !== SESSIONS) throw new Error(`list_sessions gave ${result.sessions.length} sessions, not ${SESSIONS}`);
      listed.push(took);
    }
    await second.shutdown();

    const warmP95 = quantile(warm, 0.95);
    const listMedian = median(listed);
    return [
      row('6. search', `first search of ${SESSIONS} sessions in a fresh home, asked as the host starts (hits; processor time)`, `${ms(early.ms, 0)} (${early.result.hits.length} hits${early.result.partial ? ', partial' : ''}; ${ms(early.cpuMs, 0)})`, NO_PEER),
      row('6. search', `background warm-up: every session read, caches written (processor time)`, `${ms(warmUpMs, 0)} (${ms(warmUpCpuMs, 0)})`, NO_PEER),
      row('6. search', 'host event-loop delay p99 during the warm-up (its wait for a CPU)', `${ms(loopP99)}${waited === null ? '' : ` (${ms(waited, 0)})`}`, NO_PEER, `<= ${GOAL_LOOP_DELAY_MS} ms`, verdict(loopP99 <= GOAL_LOOP_DELAY_MS)),
      row('6. search', 'first search after the warm-up finished (hits)', `${ms(afterWarmUp.ms)} (${afterWarmUp.result.hits.length} hits)`, NO_PEER),
      row('6. search', 'a new host over the caches: first search without a warm-up / the warm-up', `${ms(coldCaches.ms, 0)} / ${ms(cachesWarmUp.ms, 0)}`, NO_PEER),
      row('6. search', `warm search p50 / p95, ${queries.length} queries × ${ROUNDS}`, `${ms(median(warm))} / ${ms(warmP95)}`, NO_PEER, `p95 <= ${GOAL_WARM_P95_MS} ms`, verdict(warmP95 <= GOAL_WARM_P95_MS)),
      row('6. search', 'warm search, processor time p50 / p95', `${ms(median(warmCpu))} / ${ms(quantile(warmCpu, 0.95))}`, NO_PEER),
      row('6. search', 'host heap held by the search (approx.)', mb(heap), NO_PEER),
      row('6. search', `list_sessions of ${SESSIONS} sessions (median of 10; processor time)`, `${ms(listMedian)} (${ms(median(listedCpu))})`, NO_PEER, `< ${GOAL_LIST_MS} ms`, verdict(listMedian < GOAL_LIST_MS)),
    ];
  } finally {
    fs.rmSync(home, { recursive: true, force: true });
  }
}

if (isMain(import.meta.url)) process.stdout.write(`${renderTable(await run())}\n`);
