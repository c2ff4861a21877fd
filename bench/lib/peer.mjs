// The peer: the Codex CLI from npm, pinned, installed on first use into bench/.peer (git-ignored), never into
// the project's own node_modules.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { progress } from './stats.mjs';

export const CODEX_PACKAGE = '@openai/codex';
export const CODEX_VERSION = '0.169.0';
/** The model both agents are told to use: Codex offers `exec_command` to it (newer models get code mode). */
export const BENCH_MODEL = 'gpt-5-codex';

const benchDir = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
export const PEER_DIR = path.join(benchDir, '.peer');
const LAUNCHER = path.join(PEER_DIR, 'node_modules', '@openai', 'codex', 'bin', 'codex.js');
const INSTALL_TIMEOUT_MS = 15 * 60_000;

function installedVersion() {
  try {
    return JSON.parse(readFileSync(path.join(PEER_DIR, 'node_modules', '@openai', 'codex', 'package.json'), 'utf8')).version;
  } catch {
    return undefined;
  }
}

function npmInstall() {
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const args = ['install', '--prefix', PEER_DIR, '--no-audit', '--no-fund', '--loglevel=error', `${CODEX_PACKAGE}@${CODEX_VERSION}`];
  return new Promise((resolve) => {
    const child = spawn(npm, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), INSTALL_TIMEOUT_MS);
    child.on('error', (error) => {
      clearTimeout(timer);
      resolve(`npm could not start: ${error.message}`);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (code === 0) return resolve(undefined);
      const lines = stderr.split('\n').filter((line) => line.trim() && !line.includes('Unknown user config'));
      resolve(`npm install failed (${signal ?? `exit ${code}`}): ${lines.slice(-2).join(' ').slice(0, 200) || 'no message'}`);
    });
  });
}

let ensured;

/**
 * The installed peer, `{ available: true, launcher, version }`, or `{ available: false, why }` when npm could
 * not install it (no network, say). Installs once per run.
 */
export function ensurePeer() {
  ensured ??= (async () => {
    if (process.env.BENCH_NO_PEER) return { available: false, why: 'BENCH_NO_PEER is set' };
    if (installedVersion() !== CODEX_VERSION || !existsSync(LAUNCHER)) {
      progress(`installing ${CODEX_PACKAGE}@${CODEX_VERSION} into bench/.peer (about 400 MB, once)…`);
      mkdirSync(PEER_DIR, { recursive: true });
      const failure = await npmInstall();
      if (failure) return { available: false, why: failure };
      if (installedVersion() !== CODEX_VERSION || !existsSync(LAUNCHER)) return { available: false, why: 'npm install left no launcher' };
    }
    return { available: true, launcher: LAUNCHER, version: CODEX_VERSION };
  })();
  return ensured;
}

/** A fresh CODEX_HOME: Codex wants one outside /tmp, so it lives in bench/.peer; `remove()` deletes it. */
export function codexHome(label) {
  const dir = path.join(PEER_DIR, 'home', `${label}-${process.pid}-${Date.now()}`);
  mkdirSync(dir, { recursive: true });
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** The `-c` overrides that point Codex at the fake model server (it ignores OPENAI_BASE_URL). */
export function codexProviderArgs(baseUrl) {
  return [
    '-c', 'model_provider="bench"',
    '-c', `model_providers.bench={name="bench", base_url="${baseUrl}", env_key="BENCH_FAKE_KEY", wire_api="responses"}`,
    '-c', 'web_search="disabled"',
    '-c', `model="${BENCH_MODEL}"`,
  ];
}
