import { utilityProcess } from 'electron';
import type { HostMessage } from '../exec/host-protocol.js';
import { EXEC_HOST_NODE_FLAGS, type ExecHostLauncher } from '../exec/host-transport.js';

/**
 * The exec host in the desktop app: an Electron utility process (Electron's Node process beside the main one,
 * as VS Code runs its extension host and file watcher), talking over its parent port. The packaged app's
 * runAsNode fuse is off, so its binary cannot be re-run as Node the way the CLI runs its host. Electron ends a
 * utility process when the main process goes, so no command outlives Tandem through it. Call after app 'ready'.
 */
export const utilityProcessLauncher: ExecHostLauncher = (script, events) => {
  const child = utilityProcess.fork(script, [], {
    serviceName: 'Tandem exec host',
    execArgv: EXEC_HOST_NODE_FLAGS,
    // Its own working directory, so it pins no project folder; a bare environment, since every command brings its own.
    cwd: '/',
    env: {},
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let finished = false;
  const finish = (reason: string): void => {
    if (finished) return;
    finished = true;
    events.gone(reason);
  };
  child.stderr?.setEncoding('utf8');
  child.stderr?.on('data', (text: string) => events.stderr(text));
  child.on('message', (message: unknown) => {
    if (!finished) events.message(message as HostMessage);
  });
  child.on('error', (type, location) => events.stderr(`${type} at ${location}\n`));
  child.on('exit', (code) => finish(`exited with code ${code}`));
  return {
    get pid() {
      return child.pid;
    },
    send(message) {
      if (!finished) child.postMessage(message);
    },
    kill() {
      child.kill();
    },
    // Electron's main process lives as long as the app, whatever its event loop holds.
    keepAlive() {},
  };
};
