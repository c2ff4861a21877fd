import { readFileSync } from 'node:fs';
import { monitorEventLoopDelay } from 'node:perf_hooks';

/** The environment variable that turns the report on (any value but empty or 0). */
export const EVENT_LOOP_REPORT_ENV = 'TANDEM_EVENT_LOOP_REPORT';

/**
 * For benchmarks: with TANDEM_EVENT_LOOP_REPORT set, each SIGUSR2 writes one line to stderr,
 * `tandem-event-loop {"p50":…,"p99":…,"max":…,"samples":…,"cpu":…,"wait":…}` (ms), the process's event-loop delay
 * since the previous SIGUSR2 (or since the start), and begins a new measurement. Off, it costs nothing. `cpu` is the
 * main thread's processor time and `wait` its time runnable but waiting for a processor (Linux schedstat; null
 * elsewhere): on a loaded machine a long delay with a long wait is the scheduler's doing rather than the loop's.
 */
export function reportEventLoopDelayOnSignal(env: NodeJS.ProcessEnv, write: (line: string) => void): void {
  const setting = env[EVENT_LOOP_REPORT_ENV];
  if (setting === undefined || setting === '' || setting === '0') return;
  const delay = monitorEventLoopDelay({ resolution: 5 });
  delay.enable();
  const toMs = (ns: number) => Math.round(ns / 1e4) / 100;
  let since = mainThreadSchedule();
  process.on('SIGUSR2', () => {
    const now = mainThreadSchedule();
    const spent = (key: 'cpu' | 'wait') => (now && since ? toMs(now[key] - since[key]) : null);
    const figures = { p50: toMs(delay.percentile(50)), p99: toMs(delay.percentile(99)), max: toMs(delay.max), samples: delay.count, cpu: spent('cpu'), wait: spent('wait') };
    since = now;
    delay.reset();
    write(`tandem-event-loop ${JSON.stringify(figures)}\n`);
  });
}

/** The main thread's processor time and its time waiting for a processor, in ns; null where /proc has no schedstat. */
function mainThreadSchedule(): { cpu: number; wait: number } | null {
  try {
    const [cpu = Number.NaN, wait = Number.NaN] = readFileSync(`/proc/self/task/${process.pid}/schedstat`, 'utf8').trim().split(/\s+/).map(Number);
    return Number.isFinite(cpu) && Number.isFinite(wait) ? { cpu, wait } : null;
  } catch {
    return null;
  }
}
