import type { AgentMessage, HostMessage } from './host-protocol.js';

/**
 * How the agent reaches its exec host process. Under plain Node (the CLI, `tandem serve`, tests) the host is a
 * Node child talking on its fd 3 (host-child.ts); in the desktop app it is an Electron utility process talking
 * over its parent port (electron/app/exec-host-utility.ts), since a packaged app cannot run its own binary as
 * Node (the runAsNode fuse is off). The connection above (host-client.ts) is the same for both.
 */
export interface ExecHostTransport {
  /** The process id, once known (a utility process learns it only after it has spawned). */
  readonly pid: number | undefined;
  send(message: AgentMessage): void;
  /** Ends the host at once; `gone` still follows. */
  kill(): void;
  /** Whether the host should keep this process's event loop alive (plain Node only: commands running, or starting). */
  keepAlive(keep: boolean): void;
}

export interface ExecHostEvents {
  message(message: HostMessage): void;
  /** What the host wrote on stderr, as it comes; the last line explains a failure. */
  stderr(text: string): void;
  /** The host is gone for good, and every message it sent before has been delivered. Called once. */
  gone(reason: string): void;
}

/** Starts an exec host running `script` (host-main.js); throws only when it cannot even try. */
export type ExecHostLauncher = (script: string, events: ExecHostEvents) => ExecHostTransport;

/**
 * What the host is started with, whichever way. --expose-gc lets it collect pipe buffers early (see host-memory.ts),
 * and a small young generation keeps it small while it copies a flood through. Its JavaScript is a few hundred lines
 * that hand bytes to native code, so it needs no optimising compiler: --jitless runs it on the interpreter and leaves
 * the compilers' code and memory untouched (about 5 MB less resident), and --single-threaded starts no V8 worker
 * threads for a heap this small (about 2 MB less). Measured on a 2-core machine: command turnaround the same.
 */
export const EXEC_HOST_NODE_FLAGS = ['--expose-gc', '--max-semi-space-size=1', '--jitless', '--single-threaded'];
