// One scripted turn through the agent as packaged: the headless entry taken out of app.asar runs under plain
// Node, with no node_modules but the archive's, against the fake model server (from the repository's build,
// since the package does not ship it). The model asks for one command; the turn must run it through the exec
// host and complete.
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const MARKER = 'made by the packaged agent';
const TURN_TIMEOUT_MS = 30_000;

const script = [
  {
    items: [
      { type: 'message', text: 'I will write the file.' },
      // The command also prints its parent's name: the exec host names itself tandem-exec-host (process.title).
      { type: 'function_call', name: 'shell_command', arguments: { command: `printf '${MARKER}\\n' > packaged.txt && cat packaged.txt && (tr '\\0' ' ' < /proc/$PPID/cmdline 2>/dev/null || ps -o args= -p $PPID)` } },
    ],
  },
  { items: [{ type: 'message', text: 'Done: packaged.txt is written.' }] },
];

function startFakeModelServer(root, scriptFile) {
  const child = spawn(process.execPath, [path.join(root, 'out', 'e2e', 'fake-model-server', 'cli.js'), '--script', scriptFile], { stdio: ['ignore', 'pipe', 'pipe'] });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (text) => {
      out += text;
      const line = out.split('\n')[0];
      if (out.includes('\n')) resolve({ baseUrl: line.trim(), stop: () => child.kill('SIGTERM') });
    });
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`the fake model server exited with ${code} before printing its URL`)));
  });
}

function run(argv, options) {
  return new Promise((resolve) => {
    const child = spawn(argv[0], argv.slice(1), { ...options, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), TURN_TIMEOUT_MS);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
  });
}

/** @returns {Promise<{ problems: string[] }>} */
export async function runPackagedTurn({ root, extracted, work }) {
  const project = path.join(work, 'project');
  const home = path.join(work, 'home');
  mkdirSync(project, { recursive: true });
  mkdirSync(home, { recursive: true, mode: 0o700 });
  const scriptFile = path.join(work, 'turn.json');
  writeFileSync(scriptFile, JSON.stringify(script));
  const server = await startFakeModelServer(root, scriptFile);
  try {
    const cli = pathToFileURL(path.join(extracted, 'out', 'electron', 'cli', 'main.js')).href;
    const result = await run(
      [
        process.execPath,
        '--input-type=module',
        '-e',
        `const { main } = await import(${JSON.stringify(cli)}); await main(process.argv.slice(1));`,
        'exec', '--json', '-s', 'danger-full-access', '-a', 'never', '-C', project, 'write packaged.txt',
      ],
      {
        cwd: project,
        // Nothing from the repository: no NODE_PATH, and a HOME and TANDEM_HOME of the check's own.
        env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: home, SHELL: '/bin/sh', TANDEM_HOME: path.join(home, 'tandem'), OPENAI_API_KEY: 'pack-check', OPENAI_BASE_URL: server.baseUrl },
      },
    );
    const problems = [];
    const events = result.stdout.split('\n').filter(Boolean).flatMap((line) => {
      try {
        return [JSON.parse(line).msg];
      } catch {
        return [];
      }
    });
    if (result.code !== 0) problems.push(`tandem exec exited with ${result.code ?? result.signal}: ${result.stderr.trim().split('\n').slice(-3).join(' | ')}`);
    const end = events.find((event) => event?.type === 'exec_command_end');
    if (!end) problems.push('no command ran (no exec_command_end event)');
    else if (end.exit_code !== 0) problems.push(`the command exited with ${end.exit_code}: ${end.aggregated_output ?? end.stderr ?? ''}`);
    else {
      const output = String(end.aggregated_output ?? end.stdout ?? '');
      if (!output.includes(MARKER)) problems.push(`the command ran but its output is not what it printed: ${output}`);
      // The only exec host the extracted agent can start is the archive's host-main.js, beside its host-script.js.
      else if (!output.includes('tandem-exec-host')) problems.push(`the command did not run through the exec host; its parent was: ${output.split('\n').slice(1).join(' ').trim()}`);
    }
    if (!events.some((event) => event?.type === 'task_complete')) problems.push('the turn did not complete (no task_complete event)');
    let written = '';
    try {
      written = readFileSync(path.join(project, 'packaged.txt'), 'utf8');
    } catch {
      // reported below
    }
    if (written !== `${MARKER}\n`) problems.push('packaged.txt was not written in the project folder');
    for (const event of events) {
      if ((event?.type === 'warning' || event?.type === 'error' || event?.type === 'background_event') && /command runner|exec host/i.test(event.message ?? '')) {
        problems.push(`the exec host did not run from the archive: ${event.message}`);
      }
    }
    return { problems };
  } finally {
    server.stop();
  }
}
