import { afterEach, describe, expect, it, vi } from 'vitest';
import { message, startFakeModelServer } from '../../../e2e/fake-model-server/index.js';
import type { HostEvent } from '../../../shared/host/contract.js';
import { useCleanups } from '../../../test-support/cleanups.js';
import { FileSecretStore, Host } from '../../host/index.js';
import { EventBatch } from './event-batch.js';
import { EventFanOut } from './event-fan-out.js';

/*
 * The IPC door's events as they travel: the host's events into an EventBatch (what ipc-door.ts does), each
 * batch cloned as Electron's IPC clones a message, into the preload's EventFanOut. Electron cannot run here;
 * these are the parts of the door that hold its logic, with a real host and a real model stream.
 */

const { defer, tempDir } = useCleanups();
afterEach(() => vi.restoreAllMocks());

async function streamingHost(words: number): Promise<{ host: Host; project: string }> {
  const text = Array.from({ length: words }, (_, i) => `w${i}`).join(' ');
  const server = await startFakeModelServer({ script: [{ items: [message(text)], deltaChunks: words }] });
  defer(() => server.close());
  const home = await tempDir('tandem-ipc-home-');
  const project = await tempDir('tandem-ipc-project-');
  const host = new Host({
    home,
    secrets: new FileSecretStore(home),
    env: { PATH: process.env.PATH, HOME: process.env.HOME, OPENAI_API_KEY: 'test-key', OPENAI_BASE_URL: server.baseUrl, TANDEM_MODEL: 'test-model' },
    warn: () => {},
  });
  defer(() => host.shutdown());
  return { host, project };
}

function hostEvent(seq: number, delta: string): HostEvent {
  return { session_id: 'session-1', seq, event: { id: 'sub-1', msg: { type: 'agent_message_delta', delta } } };
}

describe('the IPC door sending events in batches', () => {
  it("sends a turn of the host's event loop as one message, every event in order", async () => {
    const { host, project } = await streamingHost(300);
    const messages: HostEvent[][] = [];
    const fanOut = new EventFanOut();
    const batch = new EventBatch((events) => {
      const cloned = structuredClone(events);
      messages.push(cloned);
      fanOut.receive(cloned);
    });
    host.onEvent((event) => batch.add(event));
    const batches: number[] = [];
    const received: HostEvent[] = [];
    fanOut.onEventBatch((events) => batches.push(events.length));
    fanOut.onEvent((event) => received.push(event));

    const { session_id: sessionId } = await host.request('open_session', { cwd: project });
    await host.request('submit', { session_id: sessionId, submission: { op: { type: 'user_input', items: [{ type: 'text', text: 'hello' }] } } });
    while (!received.some((event) => event.event.msg.type === 'task_complete')) await new Promise((resolve) => setTimeout(resolve, 10));

    // The model server writes the deltas back to back: they reach the host a read at a time, many to a turn.
    expect(messages.length).toBeLessThan(received.length);
    expect(Math.max(...batches)).toBeGreaterThan(1);
    expect(batches).toEqual(messages.map((events) => events.length));
    const seqs = received.map((event) => event.seq as number);
    expect(seqs).toEqual(seqs.map((_, i) => seqs[0]! + i));
    const text = received.flatMap((event) => (event.event.msg.type === 'agent_message_delta' ? [event.event.msg.delta] : [])).join('');
    expect(text).toBe(Array.from({ length: 300 }, (_, i) => `w${i}`).join(' '));
  });

  it('sends what is queued at once when flushed (before a reply, at shutdown), and splits a long burst', async () => {
    const sent: string[][] = [];
    const batch = new EventBatch((events) => sent.push(events.map((event) => (event.event.msg as { delta: string }).delta)), 3);
    batch.add(hostEvent(0, 'a'));
    batch.add(hostEvent(1, 'b'));
    batch.flush();
    expect(sent).toEqual([['a', 'b']]);
    batch.flush();
    expect(sent).toHaveLength(1);
    for (const [i, delta] of ['c', 'd', 'e', 'f'].entries()) batch.add(hostEvent(2 + i, delta));
    expect(sent).toEqual([['a', 'b'], ['c', 'd', 'e']]);
    await new Promise((resolve) => setImmediate(resolve));
    expect(sent).toEqual([['a', 'b'], ['c', 'd', 'e'], ['f']]);
  });

  it("hands a host's last events to the window when the door flushes at shutdown", async () => {
    const { host, project } = await streamingHost(3);
    const received: HostEvent[] = [];
    const batch = new EventBatch((events) => received.push(...structuredClone(events)));
    host.onEvent((event) => batch.add(event));
    const { session_id: sessionId } = await host.request('open_session', { cwd: project });
    await host.shutdown();
    batch.flush();
    expect(received.filter((event) => event.session_id === sessionId).map((event) => event.event.msg.type)).toContain('shutdown_complete');
  });

  it('drops a message that is not a batch, and a failing listener costs the others nothing', () => {
    const errors = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const fanOut = new EventFanOut();
    const received: unknown[] = [];
    fanOut.onEvent(() => {
      throw new Error('a broken listener');
    });
    fanOut.onEvent((event) => received.push(event.seq));
    fanOut.receive(hostEvent(0, 'alone'));
    fanOut.receive([hostEvent(1, 'x'), hostEvent(2, 'y')]);
    expect(received).toEqual([1, 2]);
    expect(errors.mock.calls.map((call) => String(call[0]))).toEqual([
      'Tandem: ignored an event message that is not a batch of events',
      'Tandem: an event listener failed',
      'Tandem: an event listener failed',
    ]);
  });
});
