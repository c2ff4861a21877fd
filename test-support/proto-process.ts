import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { createInterface } from 'node:readline';
import { parseEvent, type Event, type EventMsg, type EventType } from '../shared/protocol/index.js';
import { tandemBin } from './cleanups.js';

/**
 * A running `bin/tandem proto`: its event lines as they come, its stderr, and its exit. Waits end when the
 * event comes or the process exits, never on a clock.
 */
export class ProtoProcess {
  readonly seen: Event[] = [];
  stderr = '';
  readonly exited: Promise<number | null>;
  private waiters: (() => void)[] = [];

  private constructor(readonly child: ChildProcessWithoutNullStreams) {
    createInterface({ input: child.stdout }).on('line', (line) => {
      const parsed = parseEvent(line);
      if (!parsed.ok) throw new Error(`proto wrote a bad line: ${line}`);
      this.seen.push(parsed.value);
      for (const wake of this.waiters.splice(0)) wake();
    });
    child.stderr.on('data', (chunk: Buffer) => (this.stderr += chunk.toString()));
    this.exited = new Promise((resolve) => child.on('close', (code) => resolve(code)));
  }

  static start(args: string[], options: { env: NodeJS.ProcessEnv; cwd: string }): ProtoProcess {
    return new ProtoProcess(spawn(tandemBin, ['proto', ...args], { env: options.env, cwd: options.cwd }));
  }

  get pid(): number {
    return this.child.pid!;
  }

  send(value: unknown): void {
    this.child.stdin.write(`${typeof value === 'string' ? value : JSON.stringify(value)}\n`);
  }

  sendText(text: string): void {
    this.send({ op: { type: 'user_input', items: [{ type: 'text', text }] } });
  }

  /** The first event of this type (from `from` on) that matches; throws if the process exits first. */
  async waitFor<T extends EventType>(type: T, predicate: (msg: Extract<EventMsg, { type: T }>) => boolean = () => true, from = 0): Promise<Extract<EventMsg, { type: T }>> {
    let exited = false;
    void this.exited.then(() => {
      exited = true;
      for (const wake of this.waiters.splice(0)) wake();
    });
    for (let index = from; ; ) {
      for (; index < this.seen.length; index += 1) {
        const msg = this.seen[index]!.msg;
        if (msg.type === type && predicate(msg as Extract<EventMsg, { type: T }>)) return msg as Extract<EventMsg, { type: T }>;
      }
      if (exited) throw new Error(`proto exited while waiting for ${type}; saw ${this.seen.map((e) => e.msg.type).join(', ')}; stderr: ${this.stderr}`);
      await new Promise<void>((resolve) => this.waiters.push(resolve));
    }
  }

  /** Ends its input (the session shuts down) and resolves with the exit status. */
  async end(): Promise<number | null> {
    this.child.stdin.end();
    return this.exited;
  }

  async kill(): Promise<void> {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGKILL');
    await this.exited;
  }
}
