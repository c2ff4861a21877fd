import { describe, expect, it } from 'vitest';
import { parseSubmission, parseEvent } from './index.js';

describe('parseSubmission', () => {
  it('accepts a well-formed user_input', () => {
    const parsed = parseSubmission('{"id":"1","op":{"type":"user_input","items":[{"type":"text","text":"hi"}]}}');
    expect(parsed).toEqual({ ok: true, value: { id: '1', op: { type: 'user_input', items: [{ type: 'text', text: 'hi' }] } } });
  });

  it('names the bad field', () => {
    const parsed = parseSubmission('{"op":{"type":"exec_approval","id":"c1","decision":"maybe"}}');
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.error).toMatch(/^op\.decision: /);
  });

  it('names an unknown op type', () => {
    const parsed = parseSubmission('{"op":{"type":"launch_rockets"}}');
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.error).toMatch(/^op\.type: /);
  });

  it('reports malformed JSON', () => {
    const parsed = parseSubmission('{"op":');
    expect(parsed).toMatchObject({ ok: false, error: expect.stringMatching(/^malformed JSON/) });
  });
});

describe('parseEvent', () => {
  it('round-trips a session_configured with replayed events', () => {
    const event = {
      id: '0',
      msg: {
        type: 'session_configured', session_id: 's', model: 'm', cwd: '/p', approval_policy: 'on-request',
        sandbox_policy: { mode: 'workspace-write' }, rollout_path: null,
        initial_messages: [{ type: 'agent_message', message: 'hello' }],
      },
    };
    expect(parseEvent(JSON.stringify(event))).toEqual({ ok: true, value: event });
  });
});
