import type { HostEvent, LiveSession } from '../../shared/host/contract.js';
import type { Session } from '../agent/session.js';
import { SessionEventLog } from './event-log.js';

/** A session the host is running, with everything it has said. */
export interface RunningSession {
  readonly session: Session;
  readonly cwd: string;
  readonly startedAt: Date;
  readonly log: SessionEventLog;
  /** Resolves when the session has ended and every event was delivered. */
  readonly ended: Promise<void>;
  /** A shutdown was submitted: the session takes no more submissions. */
  closing: boolean;
}

/**
 * The sessions running in the host. Each session's events are read by one pump, numbered into its log and
 * delivered to the host's listeners; a session leaves the set when its event stream ends.
 */
export class LiveSessions {
  private readonly running = new Map<string, RunningSession>();

  constructor(private readonly deliver: (event: HostEvent) => void) {}

  adopt(session: Session, cwd: string): RunningSession {
    const log = new SessionEventLog(session.sessionId);
    let finish = (): void => {};
    const ended = new Promise<void>((resolve) => (finish = resolve));
    const running: RunningSession = { session, cwd, startedAt: new Date(), log, ended, closing: false };
    this.running.set(session.sessionId, running);
    void this.pump(running).finally(() => {
      this.running.delete(session.sessionId);
      finish();
    });
    return running;
  }

  get(sessionId: string): RunningSession | undefined {
    return this.running.get(sessionId);
  }

  /** Oldest first. */
  list(): LiveSession[] {
    return [...this.running.values()].map((running) => ({
      session_id: running.session.sessionId,
      cwd: running.cwd,
      started_at: running.startedAt.toISOString(),
    }));
  }

  get size(): number {
    return this.running.size;
  }

  /**
   * Asks a session to shut down and waits up to `graceMs` for it to end. False when there was no such
   * session running.
   */
  async close(sessionId: string, graceMs: number): Promise<boolean> {
    const running = this.running.get(sessionId);
    if (!running) return false;
    if (!running.closing) {
      running.closing = true;
      running.session.submit({ type: 'shutdown' });
    }
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([running.ended, new Promise<void>((resolve) => (timer = setTimeout(resolve, graceMs)))]);
    clearTimeout(timer);
    return true;
  }

  async closeAll(graceMs: number): Promise<void> {
    await Promise.all([...this.running.keys()].map((id) => this.close(id, graceMs)));
  }

  private async pump(running: RunningSession): Promise<void> {
    for (;;) {
      const event = await running.session.nextEvent();
      if (event === null) return;
      if (event.msg.type === 'shutdown_complete') running.closing = true;
      this.deliver(running.log.append(event));
    }
  }
}
