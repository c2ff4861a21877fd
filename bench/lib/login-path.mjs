// What the person's login shell puts on PATH, read here independently of either agent, to check that the
// commands an agent runs see it.
import { spawn } from 'node:child_process';
import { LAUNCHER_PATH, agentEnvironment } from './agents.mjs';

const BEGIN = '__BENCH_PATH_BEGIN__';
const END = '__BENCH_PATH_END__';
const TIMEOUT_MS = 15_000;

/**
 * The PATH entries a login shell adds to the launcher's PATH, and how long the login shell took. `entries` is []
 * when it adds none or did not answer in time (nothing to check then). A slow shell is left to finish on its own:
 * killing it could leave an rc file's lock behind (pyenv's rehash lock, for one).
 */
export function loginShellFacts() {
  const shell = process.env.SHELL || '/bin/bash';
  const started = performance.now();
  return new Promise((resolve) => {
    const child = spawn(shell, ['-i', '-l', '-c', `printf '%s%s%s' ${BEGIN} "$PATH" ${END}`], {
      env: agentEnvironment(),
      cwd: process.env.HOME || '/',
      stdio: ['ignore', 'pipe', 'ignore'],
      detached: true,
    });
    let out = '';
    const done = (entries, note) => {
      clearTimeout(timer);
      child.stdout.destroy();
      child.unref();
      resolve({ entries, ms: performance.now() - started, note });
    };
    const timer = setTimeout(() => done([], `the login shell took longer than ${TIMEOUT_MS / 1000} s`), TIMEOUT_MS);
    child.stdout.on('data', (chunk) => {
      out += chunk;
      const from = out.indexOf(BEGIN);
      const to = out.indexOf(END, from);
      if (from < 0 || to < 0) return;
      const launcher = new Set(LAUNCHER_PATH.split(':'));
      const entries = [...new Set(out.slice(from + BEGIN.length, to).split(':'))].filter((entry) => entry && !launcher.has(entry));
      done(entries, entries.length === 0 ? 'the login shell adds nothing to PATH' : undefined);
    });
    child.on('error', (error) => done([], `${shell}: ${error.message}`));
  });
}
