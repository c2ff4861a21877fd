/*
 * The exec host: a small, long-lived process that spawns the agent's commands, and Tandem's own git. fork()
 * costs grow with the forking process's memory, and the agent (or Electron's main process hosting it) is large
 * while this process stays near Node's minimum, so commands start several times faster from here, and the
 * agent's event loop never stops for a fork. It also
 * keeps floods of command output off the agent's event loop, and it kills every command it started
 * when the agent goes away, however the agent went.
 *
 * It runs two ways: as a plain Node child of the CLI, talking in frames on its fd 3, or, in the desktop app,
 * as an Electron utility process, talking over its parent port (Electron's own way to run Node code beside
 * the main process; a packaged app cannot run its binary as Node).
 *
 * Imports only node built-ins and the small exec modules, so its memory stays small.
 */
import net from 'node:net';
import { noteBytesRead, noteIdle } from './host-memory.js';
import { CHANNEL_FD, FrameReader, writeFrame, type AgentMessage, type HostMessage } from './host-protocol.js';
import { runProgram, type ProgramResult } from './program-run.js';
import { spawnCommand } from './spawn-command.js';

process.title = 'tandem-exec-host';

/** The part of Electron's ParentPort (process.parentPort in a utility process) the host uses. */
interface ParentPort {
  on(event: 'message', listener: (event: { data: unknown }) => void): void;
  postMessage(message: unknown): void;
}

interface AgentChannel {
  send(message: HostMessage): void;
  listen(onMessage: (message: AgentMessage) => void): void;
}

/** Frames on fd 3; its end (the agent exited, crashed or was killed) ends the host. */
function socketChannel(): AgentChannel {
  const channel = new net.Socket({ fd: CHANNEL_FD, readable: true, writable: true });
  return {
    send(message) {
      if (!channel.destroyed) writeFrame(channel, message);
    },
    listen(onMessage) {
      const reader = new FrameReader((message) => onMessage(message as AgentMessage));
      channel.on('data', (data: Buffer) => {
        try {
          reader.push(data);
        } catch (error) {
          process.stderr.write(`tandem-exec-host: unreadable message from the agent: ${String(error)}\n`);
          shutDown(1);
        }
      });
      // The agent is gone (exited, crashed, killed): nobody is left to want these commands.
      channel.on('end', () => shutDown(0));
      channel.on('close', () => shutDown(0));
      channel.on('error', () => shutDown(0));
    },
  };
}

/** Electron's structured messages; Electron ends a utility process when the main process goes. */
function parentPortChannel(port: ParentPort): AgentChannel {
  return {
    send(message) {
      port.postMessage(message);
    },
    listen(onMessage) {
      port.on('message', ({ data }) => onMessage(data as AgentMessage));
    },
  };
}

const parentPort = (process as unknown as { parentPort?: ParentPort }).parentPort;
const channel = parentPort ? parentPortChannel(parentPort) : socketChannel();
const running = new Map<number, AbortController>();
/** Tandem's own programs (git) under way. */
let programs = 0;

function noteWork(): void {
  noteIdle(running.size === 0 && programs === 0);
}

function send(message: HostMessage): void {
  channel.send(message);
}

/** process.exit runs the process-groups 'exit' handler, which SIGKILLs every group still running. */
function shutDown(code: number): never {
  process.exit(code);
}

function run(message: Extract<AgentMessage, { type: 'run' }>): void {
  const { id } = message;
  const controller = new AbortController();
  running.set(id, controller);
  noteIdle(false);
  spawnCommand({
    argv: message.argv,
    cwd: message.cwd,
    env: message.env,
    timeoutMs: message.timeoutMs,
    signal: controller.signal,
    onSpawn: (pid) => send({ type: 'spawned', id, pid }),
    onRead: noteBytesRead,
    onOutput: message.live ? (stream, chunk) => send({ type: 'output', id, stream, chunk }) : undefined,
  }).then(
    (outcome) => {
      running.delete(id);
      noteWork();
      const aggregatedIsStdout = outcome.aggregatedOutput.length > 0 && outcome.aggregatedOutput === outcome.stdout;
      send({ type: 'done', id, outcome: aggregatedIsStdout ? { ...outcome, aggregatedOutput: '' } : outcome, aggregatedIsStdout });
    },
    (error: unknown) => {
      running.delete(id);
      noteWork();
      send({ type: 'failed', id, message: error instanceof Error ? error.message : String(error) });
    },
  );
}

/*
 * Tandem's own git runs here too, for the reason commands do: forking the agent's large process blocks its
 * event loop for as long as the kernel copies its page tables, and with several sessions taking snapshots at
 * once that was most of the agent's time. What git may do was decided by the agent (argv, environment); this
 * only starts it.
 */
function program(message: Extract<AgentMessage, { type: 'program' }>): void {
  const { id } = message;
  programs++;
  noteIdle(false);
  const done = (result: ProgramResult): void => {
    programs--;
    noteBytesRead(result.stdout.length + result.stderr.length);
    noteWork();
    send({ type: 'program_done', id, result });
  };
  runProgram({ argv: message.argv, cwd: message.cwd, env: message.env, input: message.input, maxOutputBytes: message.maxOutputBytes }).then(done, (error: unknown) =>
    done({ stdout: Buffer.alloc(0), stderr: Buffer.alloc(0), exitCode: null, signal: null, failure: { code: null, message: error instanceof Error ? error.message : String(error) } }),
  );
}

function handle(message: AgentMessage): void {
  switch (message.type) {
    case 'run':
      run(message);
      return;
    case 'abort':
      running.get(message.id)?.abort();
      return;
    case 'program':
      program(message);
      return;
  }
}

channel.listen(handle);
for (const signal of ['SIGTERM', 'SIGHUP', 'SIGINT'] as const) process.on(signal, () => shutDown(0));

send({ type: 'ready', pid: process.pid });
