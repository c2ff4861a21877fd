import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseScript, parseScriptedResponse } from './script-file.js';

describe('parseScript', () => {
  it('accepts the sample multi-step script', () => {
    const json: unknown = JSON.parse(readFileSync(new URL('./scripts/multi-step.json', import.meta.url), 'utf8'));

    const script = parseScript(json);

    expect(script).toHaveLength(4);
  });

  it('accepts every kind of answer', () => {
    const script = parseScript([
      { items: [{ type: 'local_shell_call', command: ['ls'] }], deltaChunks: 3, deltaDelayMs: 2 },
      { httpError: 429, retryAfter: '1' },
      { closeEarly: true },
      { failed: { code: 'insufficient_quota', message: 'no' } },
      { incomplete: { reason: 'max_output_tokens' } },
      { stall: true },
      { malformed: true },
      { rawEvents: [{ type: 'response.created' }] },
    ]);

    expect(script).toHaveLength(8);
  });

  it('names the place of a mistake', () => {
    expect(() => parseScript([{ items: [] }, { items: [{ type: 'function_call', arguments: '{}' }] }])).toThrow('script[1].items[0].name: expected a string');
    expect(() => parseScriptedResponse({ item: [] }, '--fallback')).toThrow('--fallback: expected one of items');
    expect(() => parseScript({ items: [] })).toThrow('expected an array');
  });
});
