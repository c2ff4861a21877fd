import { monitorEventLoopDelay } from 'node:perf_hooks';

/** The environment variable that turns the report on (any value but empty or 0). */
export const EVENT_LOOP_REPORT_ENV = 'TANDEM_EVENT_LOOP_REPORT';

/**
 * For benchmarks: with TANDEM_EVENT_LOOP_REPORT set, each SIGUSR2 writes one line to stderr,
 * `tandem-event-loop {"p50":…,"p99":…,"max":…,"samples":…}` (ms), the process's event-loop delay since the
 * previous SIGUSR2 (or since the start), and begins a new measurement. Off, it costs nothing.
 */
export function reportEventLoopDelayOnSignal(env: NodeJS.ProcessEnv, write: (line: string) => void): void {
  const setting = env[EVENT_LOOP_REPORT_ENV];
  if (setting === undefined || setting === '' || setting === '0') return;
  const delay = monitorEventLoopDelay({ resolution: 5 });
  delay.enable();
  const toMs = (ns: number) => Math.round(ns / 1e4) / 100;
  process.on('SIGUSR2', () => {
    const figures = { p50: toMs(delay.percentile(50)), p99: toMs(delay.percentile(99)), max: toMs(delay.max), samples: delay.count };
    delay.reset();
    write(`tandem-event-loop ${JSON.stringify(figures)}\n`);
  });
}
