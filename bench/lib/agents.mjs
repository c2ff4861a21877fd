// Starting the two agents the same way: same fake server, same kind of workspace, same environment.
import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { BENCH_MODEL, codexHome, codexProviderArgs } from './peer.mjs';
import { commandLineOf, executableOf, findByExecutable, parentOf, waitFor } from './proc.mjs';

export const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const TANDEM_BIN = path.join(REPO, 'bin', 'tandem');

/**
 * The PATH a desktop launcher (a dock, a .desktop file) gives an app. Both agents start with it, so a command
 * only finds what the person's login shell adds (pyenv, cargo, nvm...) if the agent honours the login shell.
 */
export const LAUNCHER_PATH = '/usr/bin:/bin';

/** What both agents start with: this process's environment minus anything that would steer either agent. */
export function agentEnvironment(extra = {}) {
  const env = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (/^(OPENAI_|TANDEM_|CODEX_)/.test(name) || name.startsWith('npm_')) continue;
    env[name] = value;
  }
  return { ...env, PATH: LAUNCHER_PATH, SHELL: process.env.SHELL || '/bin/bash', ...extra };
}

/** A small project under git in the temp folder (outside this repository, so neither agent sees our git). */
export function makeWorkspace(label) {
  const dir = mkdtempSync(path.join(os.tmpdir(), `tandem-bench-${label}-`));
  const ws = path.join(dir, 'project');
  mkdirSync(ws);
  writeFileSync(path.join(ws, 'README.md'), '# bench project\n');
  const git = (...args) => execFileSync('git', args, { cwd: ws, stdio: 'ignore' });
  git('init', '-q');
  git('-c', 'user.name=bench', '-c', 'user.email=bench@example.invalid', 'add', '.');
  git('-c', 'user.name=bench', '-c', 'user.email=bench@example.invalid', 'commit', '-q', '-m', 'start');
  return { dir, cwd: ws, home: path.join(dir, 'home'), remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/**
 * A running agent. `pid` is the agent process itself (for Codex the native binary, not its npm launcher);
 * `onLine` gets each JSON line it prints; `send` writes one JSON line to its stdin.
 */
class AgentRun {
  constructor(name, child, agentPid, cleanup, isHelper) {
    this.name = name;
    /** Tells the helper processes the agent keeps beside it from the commands it runs (see MemorySampler). */
    this.isHelper = (pid) => this.pid !== undefined && isHelper(pid, this.pid);
    this.child = child;
    this.pid = undefined;
    this.stderrTail = '';
    this.listeners = new Set();
    this.cleanup = cleanup;
    this.exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
    child.stderr.on('data', (chunk) => (this.stderrTail = (this.stderrTail + chunk).slice(-4000)));
    createInterface({ input: child.stdout, crlfDelay: Infinity }).on('line', (line) => {
      let parsed;
      try {
        parsed = JSON.parse(line);
      } catch {
        return;
      }
      for (const listener of this.listeners) listener(parsed);
    });
    this.ready = agentPid().then((pid) => {
      this.pid = pid;
      if (pid === undefined) throw new Error(`${name}: could not find the agent process; stderr ends: ${this.stderrTail.trim().split('\n').slice(-6).join(' | ')}`);
      return pid;
    });
  }

  onLine(listener) {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Resolves with the first line for which `test` returns true. */
  waitForLine(test, timeoutMs = 120_000) {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        off();
        reject(new Error(`${this.name}: timed out waiting for its output (stderr: ${this.stderrTail.slice(-300)})`));
      }, timeoutMs);
      const off = this.onLine((line) => {
        if (!test(line)) return;
        clearTimeout(timer);
        off();
        resolve(line);
      });
      void this.exited.then(({ code, signal }) => {
        clearTimeout(timer);
        off();
        reject(new Error(`${this.name} exited (${signal ?? code}) before the expected output; stderr: ${this.stderrTail.slice(-500)}`));
      });
    });
  }

  send(object) {
    this.child.stdin.write(`${JSON.stringify(object)}\n`);
  }

  /** Waits for the process to exit by itself, else kills it (the launcher and the native child alike). */
  async finish(timeoutMs = 120_000) {
    const timer = setTimeout(() => this.kill(), timeoutMs);
    const result = await this.exited;
    clearTimeout(timer);
    this.cleanup();
    return result;
  }

  kill() {
    if (this.pid !== undefined && this.pid !== this.child.pid) {
      try {
        process.kill(this.pid, 'SIGKILL');
      } catch {
        // Already gone.
      }
    }
    this.child.kill('SIGKILL');
  }
}

/** `tandem exec --json` (mode 'exec', one task) or `tandem proto` (mode 'proto', submissions on stdin). */
export function launchTandem(mode, { baseUrl, workspace, prompt, extraArgs = [] }) {
  const args = [TANDEM_BIN, mode, ...(mode === 'exec' ? ['--json'] : []), '-s', 'workspace-write', '-a', 'never', '-m', BENCH_MODEL, '-C', workspace.cwd, ...extraArgs];
  if (mode === 'exec') args.push(prompt);
  const env = agentEnvironment({ OPENAI_API_KEY: 'bench-key', OPENAI_BASE_URL: baseUrl, TANDEM_HOME: workspace.home });
  // BENCH_TANDEM_NODE_FLAGS: extra Node/V8 flags for profiling runs (e.g. --cpu-prof), never set by `npm run bench`.
  const nodeFlags = (process.env.BENCH_TANDEM_NODE_FLAGS ?? '').split(' ').filter(Boolean);
  // Run as a person runs it: bin/tandem itself, so its own Node flags (its #! line) apply. Profiling flags
  // need Node named explicitly.
  const [command, argv] = nodeFlags.length > 0 ? [process.execPath, [...nodeFlags, ...args]] : [TANDEM_BIN, args.slice(1)];
  const child = spawn(command, argv, { cwd: workspace.cwd, env, stdio: [mode === 'proto' ? 'pipe' : 'ignore', 'pipe', 'pipe'] });
  return new AgentRun('tandem', child, async () => child.pid, () => undefined, isTandemHelper);
}

/**
 * A Node process of Tandem's own beside the agent (its exec host): a child of the agent running a script of this
 * repository, or one that named itself tandem-*. Not a command, not the login probe (`node -e`), and not a child
 * caught between fork and exec (it still shows the agent's own command line).
 */
export function isTandemHelper(pid, agentPid) {
  if (parentOf(pid) !== agentPid || executableOf(pid) !== process.execPath) return false;
  const args = commandLineOf(pid);
  if (args.length === 0 || args.join('\0') === commandLineOf(agentPid).join('\0')) return false;
  return args[0].startsWith('tandem-') || args.some((arg) => arg.startsWith(REPO));
}

/** `codex exec --json` (mode 'exec', one task) or `codex app-server` (mode 'app-server', JSON-RPC on stdio). */
export function launchCodex(mode, { peer, baseUrl, workspace, prompt }) {
  const home = codexHome(mode);
  const provider = codexProviderArgs(baseUrl);
  const args =
    mode === 'exec'
      ? [peer.launcher, 'exec', '--json', '--skip-git-repo-check', '-s', 'workspace-write', '-C', workspace.cwd, ...provider, prompt]
      : [peer.launcher, 'app-server', ...provider];
  const env = agentEnvironment({ CODEX_HOME: home.dir, BENCH_FAKE_KEY: 'bench-key' });
  const child = spawn(process.execPath, args, { cwd: workspace.cwd, env, stdio: [mode === 'exec' ? 'ignore' : 'pipe', 'pipe', 'pipe'] });
  const nativePid = () => waitFor(() => findByExecutable(child.pid, 'codex'), 15_000);
  return new AgentRun('codex', child, nativePid, () => home.remove(), isCodexHelper);
}

/**
 * A process of the Codex CLI's own beside the agent (a child such as codex-code-mode-host). The codex binary re-runs itself
 * to set up each command's sandbox (`--codex-run-as-process-setup`, `codex-linux-sandbox`): those belong to the
 * command, as bwrap does for Tandem. So does a child caught between fork and exec.
 */
function isCodexHelper(pid, agentPid) {
  if (parentOf(pid) !== agentPid || !path.basename(executableOf(pid) ?? '').startsWith('codex')) return false;
  const args = commandLineOf(pid);
  if (args.length === 0 || args.join('\0') === commandLineOf(agentPid).join('\0')) return false;
  return !args.some((arg) => arg.includes('codex-run-as-process-setup') || arg.includes('codex-linux-sandbox'));
}

/** Requests to a `codex app-server` run, JSON-RPC over its stdio: `call(method, params)` resolves with the result. */
export function appServerCaller(run) {
  let nextId = 1;
  return async (method, params) => {
    const id = nextId++;
    const answer = run.waitForLine((line) => line.id === id, 60_000);
    run.send({ id, method, params });
    const line = await answer;
    if (line.error) throw new Error(`${method}: ${JSON.stringify(line.error).slice(0, 200)}`);
    return line.result;
  };
}

/** The app-server's opening handshake, as a client says who it is. */
export async function initializeAppServer(run, call) {
  await call('initialize', { clientInfo: { name: 'tandem-bench', title: null, version: '1' }, capabilities: { experimentalApi: false, requestAttestation: false } });
  run.send({ method: 'initialized' });
}
