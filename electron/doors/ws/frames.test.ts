import { describe, expect, it } from 'vitest';
import { MAX_WS_FRAME_BYTES } from '../../../shared/host/wire.js';
import { peekFrameId, readFrame, replyFrame } from './frames.js';

const frame = (value: unknown) => Buffer.from(JSON.stringify(value));

describe('readFrame', () => {
  it('reads a request frame', () => {
    expect(readFrame(frame({ kind: 'request', id: 3, name: 'get_settings', params: {} }), false)).toEqual({ ok: true, id: 3, name: 'get_settings', params: {} });
  });

  it('names what is wrong, keeping the id when there is a usable one', () => {
    expect(readFrame(Buffer.from('{"kind":'), false)).toMatchObject({ ok: false, id: null, error: expect.stringMatching(/^malformed JSON: /) });
    expect(readFrame(frame({ kind: 'request', id: 4, name: '', params: {} }), false)).toMatchObject({ ok: false, id: 4, error: expect.stringMatching(/^invalid frame: name: /) });
    expect(readFrame(frame({ kind: 'reply', id: -1, name: 'x', params: {} }), false)).toMatchObject({ ok: false, id: null, error: expect.stringMatching(/^invalid frame: /) });
    expect(readFrame(frame(null), false)).toMatchObject({ ok: false, id: null });
    expect(readFrame(frame({ kind: 'request', id: 5, name: 'x', params: {} }), true)).toMatchObject({ ok: false, id: null, error: expect.stringMatching(/^Binary frames/) });
  });

  it('refuses a frame over the limit without parsing it, naming its request when the id leads', () => {
    const params = { text: 'x'.repeat(MAX_WS_FRAME_BYTES) };
    expect(readFrame(frame({ kind: 'request', id: 12, name: 'submit', params }), false)).toEqual({
      ok: false,
      id: 12,
      error: expect.stringMatching(/over the limit of 1048576/),
    });
    expect(readFrame(frame({ params, id: 12 }), false)).toMatchObject({ ok: false, id: null });
  });
});

describe('peekFrameId', () => {
  it('reads the id only from before the params', () => {
    expect(peekFrameId(Buffer.from('{"kind":"request","id":42,"name":"submit","params":{"id":7}}'))).toBe(42);
    expect(peekFrameId(Buffer.from('{"kind":"request","name":"submit","params":{"id":7}}'))).toBeNull();
    expect(peekFrameId(Buffer.from('["id":1]'))).toBeNull();
    expect(peekFrameId(Buffer.from('{"kind":"request","id":4.5,"params":{}}'))).toBeNull();
  });
});

describe('replyFrame', () => {
  it('carries the id and the host reply', () => {
    expect(JSON.parse(replyFrame(1, { ok: true, result: { a: 1 } }))).toEqual({ kind: 'reply', id: 1, ok: true, result: { a: 1 } });
    expect(JSON.parse(replyFrame(null, { ok: false, error: 'no' }))).toEqual({ kind: 'reply', id: null, ok: false, error: 'no' });
  });
});
