import { spawn } from 'node:child_process';
import type { Socket } from 'node:net';
import { CHANNEL_FD, FrameReader, writeFrame, type HostMessage } from './host-protocol.js';
import { EXEC_HOST_NODE_FLAGS, type ExecHostEvents, type ExecHostLauncher, type ExecHostTransport } from './host-transport.js';

/** After the host's channel closes, how long its exit may take before the host is given up on. */
const EXIT_AFTER_CLOSE_MS = 200;

/**
 * The exec host as a plain Node child (the CLI, `tandem serve`, tests): this process's own binary runs
 * host-main.js, and the two talk in frames over the child's fd 3. Never used inside Electron, where the binary
 * is not Node (the desktop app uses a utility process instead).
 */
export const childProcessLauncher: ExecHostLauncher = (script: string, events: ExecHostEvents): ExecHostTransport => {
  if (process.versions.electron) throw new Error('inside Electron the exec host must run as a utility process');
  const child = spawn(process.execPath, [...EXEC_HOST_NODE_FLAGS, script], {
    // Its own working directory and group: it pins no project folder and gets no terminal's Ctrl+C.
    cwd: '/',
    // A bare environment: the agent's NODE_OPTIONS and the like are not the host's business, and every
    // command brings its own environment.
    env: {},
    detached: true,
    stdio: ['ignore', 'ignore', 'pipe', 'pipe'],
  });
  child.unref();
  const channel = child.stdio[CHANNEL_FD] as Socket;
  const stderr = child.stderr as Socket;
  stderr.unref();
  stderr.setEncoding('utf8');
  stderr.on('data', (text: string) => events.stderr(text));

  let finished = false;
  let exitReason: string | undefined;
  let channelClosed = false;
  let exitTimer: NodeJS.Timeout | undefined;
  const finish = (reason: string): void => {
    if (finished) return;
    finished = true;
    clearTimeout(exitTimer);
    channel.destroy();
    child.unref();
    events.gone(reason);
  };
  const kill = (): void => {
    child.kill('SIGKILL');
  };

  const reader = new FrameReader((message) => events.message(message as HostMessage));
  channel.on('data', (data: Buffer) => {
    try {
      reader.push(data);
    } catch (error) {
      kill();
      finish(`sent a message that could not be read (${String(error)})`);
    }
  });
  channel.on('error', () => {
    // 'close' follows and says what matters: the host is unreachable.
  });
  // Every frame the host sent before it died has been read once the channel closes: only then is it gone.
  channel.on('close', () => {
    channelClosed = true;
    if (exitReason !== undefined) return finish(exitReason);
    // Wait for the exit, ref'd: with the channel gone nothing else may keep this process alive to settle the jobs.
    child.ref();
    exitTimer = setTimeout(() => {
      kill();
      finish('closed its channel');
    }, EXIT_AFTER_CLOSE_MS);
  });
  child.on('error', (error) => {
    // Only a failed spawn of the host itself: there will be no 'exit' and no channel.
    if (child.pid === undefined) finish(`could not start (${error.message})`);
  });
  child.on('exit', (code, signal) => {
    exitReason = signal ? `was killed by ${signal}` : `exited with code ${code}`;
    if (channelClosed) finish(exitReason);
  });

  return {
    pid: child.pid,
    send(message) {
      if (!finished && !channel.destroyed) writeFrame(channel, message);
    },
    kill,
    keepAlive(keep) {
      if (finished) return;
      if (keep) channel.ref();
      else channel.unref();
    },
  };
};
