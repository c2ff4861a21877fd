import type { HostEvent, LiveSession } from '../../shared/host/contract.js';
import type { Event } from '../../shared/protocol/index.js';
import type { Session } from '../agent/session.js';
import { SessionEventLog } from './event-log.js';
import { SessionReplay, withReplay } from './session-replay.js';

/** A session the host is running, with everything it has said. */
export interface RunningSession {
  readonly session: Session;
  readonly cwd: string;
  readonly startedAt: Date;
  readonly log: SessionEventLog;
  /** What a resumed session started from; null until its session_configured, and for a new session. */
  replay: SessionReplay | null;
  /** How the opener asked for the replay to be pushed: whole (undefined) or as its newest page. */
  readonly replayLimit: number | undefined;
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

  constructor(
    private readonly deliver: (event: HostEvent) => void,
    private readonly warn: (message: string) => void,
  ) {}

  /**
   * `replayLimit`: the opener asked for a resumed session's conversation in pages. Its session_configured
   * then goes to every client with only the newest page: the clients of one host are pages of one renderer.
   */
  adopt(session: Session, cwd: string, options: { replayLimit?: number } = {}): RunningSession {
    const log = new SessionEventLog(session.sessionId);
    let finish = (): void => {};
    const ended = new Promise<void>((resolve) => (finish = resolve));
    const running: RunningSession = { session, cwd, startedAt: new Date(), log, replay: null, replayLimit: options.replayLimit, ended, closing: false };
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
      const logged = running.log.append(this.takeReplay(running, event));
      this.deliver(withReplay(logged, running.replay, running.replayLimit));
    }
  }

  /** Keeps a resumed session's replay beside the log; the log gets its session_configured without it. */
  private takeReplay(running: RunningSession, event: Event): Event {
    const { msg } = event;
    if (msg.type !== 'session_configured') return event;
    // Opened by the host, a session hands its replay over apart (replayApart), saved events still unparsed.
    const apart = running.session.takeResumedReplay();
    if (apart !== null) running.replay = new SessionReplay(apart, this.warn);
    if (msg.initial_messages === undefined) return event;
    const { initial_messages: replayed, ...configured } = msg;
    running.replay = new SessionReplay(replayed, this.warn);
    return { ...event, msg: configured };
  }
}
