import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { message, shellCommand } from '../../e2e/fake-model-server/index.js';
import type { ScriptedResponse } from '../../e2e/fake-model-server/index.js';
import { Session } from './session.js';
import { SessionHarness } from './test-support/harness.js';

/*
 * "Keep the conversation on the server": requests are stored and chained with previous_response_id, each
 * carrying only what is new. The fake model server keeps stored responses as the real one does, and says
 * what the model effectively saw, so chained and full-history runs can be compared.
 */

let harness: SessionHarness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

/** Two turns, the first with two commands: four requests. */
const SCRIPT: ScriptedResponse[] = [
  { items: [shellCommand('echo one', { callId: 'c1' })] },
  { items: [shellCommand('echo two', { callId: 'c2' })] },
  { items: [message('First turn done.')] },
  { items: [message('Second turn done.')] },
];

async function twoTurns(serverState: boolean, script: ScriptedResponse[] = SCRIPT, between?: (h: SessionHarness) => void): Promise<SessionHarness> {
  harness = await SessionHarness.start({ approvalPolicy: 'never', serverState, script });
  harness.send('run two commands');
  await harness.waitForTurnEnd();
  between?.(harness);
  harness.send('and now a second turn');
  await harness.waitForTurnEnd();
  return harness;
}

/** What a request's input holds, by kind: a message's role, or an item's type. */
function kinds(request: { body: { input?: unknown } } | undefined): string[] {
  const input = (request?.body.input ?? []) as { type: string; role?: string }[];
  return input.map((item) => item.role ?? item.type);
}

/** The model's view, for comparing runs: the server's own ids off, the project folder and wall times made alike. */
function seen(h: SessionHarness): unknown[] {
  const text = JSON.stringify(h.server.requests.map((request) => request.effectiveInput), (key, value) => (key === 'id' ? undefined : value));
  return JSON.parse(text.replaceAll(h.project, '<project>').replace(/Wall time: [\d.]+ seconds/g, 'Wall time: <t>')) as unknown[];
}

describe('keeping the conversation on the server', () => {
  it('sends no store and no previous_response_id while the setting is off', async () => {
    const h = await twoTurns(false);
    for (const request of h.server.requests) {
      expect(request.body.store).toBe(false);
      expect(request.body.previous_response_id).toBeUndefined();
    }
  });

  it('chains every request after the first, sending only what is new, and the model sees what full history sends', async () => {
    const chained = await twoTurns(true);
    const [first, ...rest] = chained.server.requests;
    expect(first!.body.store).toBe(true);
    expect(first!.body.previous_response_id).toBeUndefined();
    for (const request of rest) {
      expect(request.body.store).toBe(true);
      expect(typeof request.body.previous_response_id).toBe('string');
    }
    // After a command: only its output. After a turn: only the person's new message.
    expect(kinds(rest[0])).toEqual(['function_call_output']);
    expect(kinds(rest[2])).toEqual(['user']);
    const chainedView = seen(chained);
    await harness!.close();
    harness = undefined;

    const full = await twoTurns(false);
    expect(chainedView).toEqual(seen(full));
    // And it uploads less: every chained request after the first is smaller than its full-history twin.
    for (let i = 1; i < full.server.requests.length; i++) {
      expect(JSON.stringify(chained.server.requests[i]!.body.input).length).toBeLessThan(JSON.stringify(full.server.requests[i]!.body.input).length);
    }
  });

  it('sends the whole conversation again when the server has forgotten the response, then chains from there', async () => {
    const h = await twoTurns(true, SCRIPT, (h) => h.server.forgetResponses());
    const requests = h.server.requests;
    // The first request of turn two named a forgotten response and was refused; the same request followed whole.
    const refused = requests.findIndex((request, i) => i > 0 && request.body.previous_response_id !== undefined && requests[i + 1]?.body.previous_response_id === undefined);
    expect(refused).toBeGreaterThan(0);
    const resent = requests[refused + 1]!;
    expect(resent.body.store).toBe(true);
    expect(resent.effectiveInput).toEqual(resent.body.input);
    expect(h.of('stream_error')).toEqual([]);
    expect(h.of('error')).toEqual([]);
    expect(h.of('task_complete').at(-1)?.last_agent_message).toBe('Second turn done.');
  });

  it('starts a new chain after compaction, after a rollback and after a model switch', async () => {
    const script: ScriptedResponse[] = [
      { items: [message('one')] },
      { items: [message('Summary of the conversation.')] },
      { items: [message('two')] },
      { items: [message('three')] },
      { items: [message('four')] },
      { items: [message('five')] },
    ];
    harness = await SessionHarness.start({ approvalPolicy: 'never', serverState: true, script });
    harness.send('first');
    await harness.waitForTurnEnd();
    harness.submit({ type: 'compact' });
    await harness.waitFor('context_compacted');
    await harness.waitForTurnEnd();
    harness.send('after compaction');
    await harness.waitForTurnEnd();
    harness.send('to be rolled back');
    await harness.waitForTurnEnd();
    harness.submit({ type: 'thread_rollback', num_turns: 1 });
    await harness.waitFor('thread_rolled_back');
    harness.send('after the rollback');
    await harness.waitForTurnEnd();
    harness.submit({ type: 'override_turn_context', model: 'another-model' });
    harness.send('with another model');
    await harness.waitForTurnEnd();
    const previous = harness.server.requests.map((request) => request.body.previous_response_id ?? null);
    // 0 first; 1 the compaction (never chained); 2 new chain after compaction; 3 chained; 4 new chain after
    // the rollback; 5 new chain for the other model.
    expect(previous[2]).toBeNull();
    expect(previous[3]).not.toBeNull();
    expect(previous[4]).toBeNull();
    expect(previous[5]).toBeNull();
    expect(harness.server.requests[5]!.body.model).toBe('another-model');
  });

  it('keeps each response id in the session file, and a resumed session continues the chain', async () => {
    harness = await SessionHarness.start({ approvalPolicy: 'never', serverState: true, script: [{ items: [message('one')] }, { items: [message('two')] }] });
    harness.send('first');
    await harness.waitForTurnEnd();
    const rollout = harness.session.rolloutPath!;
    const stored = readFileSync(rollout, 'utf8').split('\n').filter((line) => line.includes('"type":"response"')).map((line) => JSON.parse(line) as { response_id: string; items: number });
    expect(stored).toHaveLength(1);
    const { session, server, home } = harness;
    session.submit({ type: 'shutdown' });
    while ((await session.nextEvent()) !== null) {
      /* drain */
    }
    const resumed = await Session.create({ cwd: harness.project, baseUrl: server.baseUrl, apiKey: 'test-key', home, resumeId: session.sessionId, approvalPolicy: 'never', serverState: true, model: 'test-model' });
    resumed.submit({ type: 'user_input', items: [{ type: 'text', text: 'second, after resuming' }] });
    for (let event = await resumed.nextEvent(); event && event.msg.type !== 'task_complete'; event = await resumed.nextEvent()) {
      /* until the turn ends */
    }
    resumed.submit({ type: 'shutdown' });
    while ((await resumed.nextEvent()) !== null) {
      /* drain */
    }
    const last = server.requests.at(-1)!;
    expect(last.body.previous_response_id).toBe(stored[0]!.response_id);
    expect(kinds(last)).toEqual(['user']);
  });
});
