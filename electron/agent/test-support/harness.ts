import { mkdtemp, realpath, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Event, EventMsg, EventType, Op } from '../../../shared/protocol/index.js';
import { startFakeModelServer, type FakeModelServer, type ScriptedResponse } from '../../../e2e/fake-model-server/index.js';
import { Session } from '../session.js';
import type { SessionOptions } from '../config.js';

/** A session wired to a fresh fake model server and a temporary project folder, with event helpers. */
export class SessionHarness {
  readonly seen: Event[] = [];
  private cursor = 0;

  private constructor(
    readonly session: Session,
    readonly server: FakeModelServer,
    readonly project: string,
    readonly home: string,
  ) {}

  static async start(
    options: Partial<SessionOptions> & { script?: ScriptedResponse[]; setup?: (project: string) => Promise<void> } = {},
  ): Promise<SessionHarness> {
    const server = await startFakeModelServer({ script: options.script ?? [] });
    const project = await realpath(await mkdtemp(path.join(os.tmpdir(), 'tandem-project-')));
    const home = await realpath(await mkdtemp(path.join(os.tmpdir(), 'tandem-home-')));
    await options.setup?.(project);
    const { script: _script, setup: _setup, ...sessionOptions } = options;
    const session = await Session.create({
      cwd: project,
      baseUrl: server.baseUrl,
      apiKey: 'test-key',
      home,
      approvalPolicy: 'on-request',
      sandboxPolicy: { mode: 'workspace-write' },
      model: 'test-model',
      ...sessionOptions,
    });
    return new SessionHarness(session, server, project, home);
  }

  submit(op: Op): string {
    return this.session.submit(op);
  }

  send(text: string): string {
    return this.submit({ type: 'user_input', items: [{ type: 'text', text }] });
  }

  /** Reads events until one matches; returns it. Events already read are skipped. */
  async waitFor<T extends EventType>(type: T, predicate: (msg: Extract<EventMsg, { type: T }>) => boolean = () => true, timeoutMs = 20_000): Promise<Extract<EventMsg, { type: T }>> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      while (this.cursor < this.seen.length) {
        const event = this.seen[this.cursor++]!;
        if (event.msg.type === type && predicate(event.msg as Extract<EventMsg, { type: T }>)) return event.msg as Extract<EventMsg, { type: T }>;
      }
      const remaining = deadline - Date.now();
      if (remaining <= 0) throw new Error(`timed out waiting for ${type}; saw: ${this.seen.map((e) => e.msg.type).join(', ')}`);
      const next = await Promise.race([this.session.nextEvent(), new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), remaining))]);
      if (next === 'timeout') continue;
      if (next === null) throw new Error(`session closed while waiting for ${type}; saw: ${this.seen.map((e) => e.msg.type).join(', ')}`);
      this.seen.push(next);
    }
  }

  /** Waits until the turn ends either way. */
  async waitForTurnEnd(timeoutMs = 20_000): Promise<Extract<EventMsg, { type: 'task_complete' | 'turn_aborted' }>> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      while (this.cursor < this.seen.length) {
        const msg = this.seen[this.cursor++]!.msg;
        if (msg.type === 'task_complete' || msg.type === 'turn_aborted') return msg;
      }
      if (Date.now() > deadline) throw new Error(`turn did not end; saw: ${this.seen.map((e) => e.msg.type).join(', ')}`);
      const next = await this.session.nextEvent();
      if (next === null) throw new Error('session closed before the turn ended');
      this.seen.push(next);
    }
  }

  /** What the model was given back for a call (of any tool), as the next request carried it. */
  outputFor(callId: string): string | undefined {
    for (const request of this.server.requests) {
      const found = (request.body.input as { type: string; call_id?: string; output?: string }[]).find(
        (item) => item.type.endsWith('_output') && item.call_id === callId,
      );
      if (found) return found.output;
    }
    return undefined;
  }

  types(): string[] {
    return this.seen.map((event) => event.msg.type);
  }

  of<T extends EventType>(type: T): Extract<EventMsg, { type: T }>[] {
    return this.seen.map((event) => event.msg).filter((msg): msg is Extract<EventMsg, { type: T }> => msg.type === type);
  }

  async close(): Promise<void> {
    this.session.submit({ type: 'shutdown' });
    while ((await this.session.nextEvent()) !== null) {
      /* drain */
    }
    await this.server.close();
    await rm(this.project, { recursive: true, force: true });
    await rm(this.home, { recursive: true, force: true });
  }
}
