// Reading a process's memory from /proc (Linux): the kernel's own figures, no agent cooperation needed.
import { readFileSync, readdirSync, readlinkSync } from 'node:fs';
import path from 'node:path';

/** VmRSS and VmHWM (the kernel's peak RSS) of a live process, in bytes; undefined once it is gone. */
export function memoryOf(pid) {
  let status;
  try {
    status = readFileSync(`/proc/${pid}/status`, 'utf8');
  } catch {
    return undefined;
  }
  const field = (name) => {
    const match = new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status);
    return match ? Number(match[1]) * 1024 : 0;
  };
  return { rss: field('VmRSS'), hwm: field('VmHWM') };
}

/** The direct children of a process (every thread's children, so threads that spawn count too). */
export function childrenOf(pid) {
  const children = [];
  let tasks;
  try {
    tasks = readdirSync(`/proc/${pid}/task`);
  } catch {
    return children;
  }
  for (const tid of tasks) {
    try {
      const text = readFileSync(`/proc/${pid}/task/${tid}/children`, 'utf8').trim();
      if (text) children.push(...text.split(/\s+/).map(Number));
    } catch {
      // The thread ended between the listing and the read.
    }
  }
  return children;
}

export function descendantsOf(pid) {
  const all = [];
  const queue = [pid];
  while (queue.length > 0) {
    const next = childrenOf(queue.shift());
    all.push(...next);
    queue.push(...next);
  }
  return all;
}

export function executableOf(pid) {
  try {
    return readlinkSync(`/proc/${pid}/exe`);
  } catch {
    return undefined;
  }
}

/**
 * The process in `root`'s tree (root included) whose executable file is called `name`: the Codex CLI's npm
 * launcher is a Node script that starts the native binary as its child (or becomes it, on Node with execve).
 */
export function findByExecutable(root, name) {
  for (const pid of [root, ...descendantsOf(root)]) {
    const exe = executableOf(pid);
    if (exe && path.basename(exe) === name) return pid;
  }
  return undefined;
}

/** Polls until `find()` returns a value or the time runs out. */
export async function waitFor(find, timeoutMs = 10_000, everyMs = 5) {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const found = find();
    if (found !== undefined) return found;
    if (performance.now() > deadline) return undefined;
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}

/** The parent's pid, from /proc/PID/stat (after the command name, which may itself hold spaces and parentheses). */
export function parentOf(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
  } catch {
    return undefined;
  }
}

export function commandLineOf(pid) {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
  } catch {
    return [];
  }
}

/**
 * Samples an agent's memory: the agent process itself, the helper processes it keeps beside it (an exec host,
 * say; `isHelper(pid)` picks them among the descendants), and the whole tree with the commands it runs.
 *
 * - `ownPeak`: the agent's VmHWM (the kernel's exact peak RSS, so peaks between samples count) plus the highest
 *   summed RSS of its helpers in any sample. Exact for a single process; an upper bound otherwise.
 * - `ownNow()`: the summed RSS of the agent and its helpers at this moment.
 * - `treePeak`: the highest summed RSS of the whole tree seen by a sample (commands included).
 * - `startWindow()` / `endWindow()`: the baseline and the peak of a stretch of work, the same way.
 */
export class MemorySampler {
  constructor(rootPid, isHelper = () => false, everyMs = 20) {
    this.rootPid = rootPid;
    this.isHelper = isHelper;
    this.rootHwm = 0;
    this.helpersPeak = 0;
    this.helperPids = new Set();
    this.treePeak = 0;
    this.window = null;
    this.timer = setInterval(() => this.sample(), everyMs);
    this.timer.unref();
    this.sample();
  }

  sample() {
    const root = memoryOf(this.rootPid);
    if (!root) return;
    this.rootHwm = Math.max(this.rootHwm, root.hwm);
    let tree = root.rss;
    let helpers = 0;
    for (const pid of descendantsOf(this.rootPid)) {
      // A helper both before and after its memory is read: a child caught between fork and exec shows its parent's
      // pages as its own, and may look like a helper by the time its command line is read, once it has exec'd.
      const helperBefore = this.isHelper(pid);
      const memory = memoryOf(pid);
      if (!memory) continue;
      tree += memory.rss;
      if (helperBefore && this.isHelper(pid)) {
        helpers += memory.rss;
        this.helperPids.add(pid);
      }
    }
    this.treePeak = Math.max(this.treePeak, tree);
    this.helpersPeak = Math.max(this.helpersPeak, helpers);
    if (this.window) {
      this.window.rootMax = Math.max(this.window.rootMax, root.rss);
      this.window.helpersMax = Math.max(this.window.helpersMax, helpers);
    }
    this.lastOwn = root.rss + helpers;
  }

  ownNow() {
    this.sample();
    return this.lastOwn ?? 0;
  }

  get ownPeak() {
    return this.rootHwm + this.helpersPeak;
  }

  /** How many helper processes were seen. */
  get helperCount() {
    return this.helperPids.size;
  }

  startWindow() {
    this.window = { rootMax: 0, helpersMax: 0 };
    const baseline = this.ownNow();
    this.window.baseline = baseline;
    this.window.rootBaseline = memoryOf(this.rootPid)?.rss ?? 0;
    this.window.rootHwmAtStart = this.rootHwm;
    return baseline;
  }

  /** The stretch's baseline and peak. If the agent's VmHWM rose during it, that is its exact peak. */
  endWindow() {
    this.sample();
    const { baseline, rootBaseline, rootHwmAtStart, rootMax, helpersMax } = this.window;
    const rootPeak = this.rootHwm > rootHwmAtStart ? this.rootHwm : rootMax;
    this.window = null;
    return { baseline, peak: rootPeak + helpersMax, agentGrowth: rootPeak - rootBaseline, helpersGrowth: helpersMax - (baseline - rootBaseline) };
  }

  stop() {
    this.sample();
    clearInterval(this.timer);
  }
}
