import { APIError } from 'openai';
import { describe, expect, it } from 'vitest';
import { CYBER_POLICY_MESSAGE, ModelError, errorFromFailedResponse, errorFromSdk } from './errors.js';

const FLAGGED = 'This request has been flagged for potentially high-risk cyber activity.';

function httpError(status: number, error: object): unknown {
  return errorFromSdk(APIError.generate(status, { error }, undefined, new Headers()));
}

describe('a cyber_policy refusal', () => {
  it('in a response.failed event is final, in plain words, with what the server said', () => {
    const error = errorFromFailedResponse({ code: 'cyber_policy', message: FLAGGED });
    expect(error).toBeInstanceOf(ModelError);
    expect(error.kind).toBe('policy');
    expect(error.retryable).toBe(false);
    expect(error.message).toBe(`${CYBER_POLICY_MESSAGE} The server said: ${FLAGGED}`);
    expect(error.message).toMatch(/refused this request/);
    expect(error.message).toMatch(/Rephrase the request/);
  });

  it('without a message from the server still says what happened', () => {
    const error = errorFromFailedResponse({ code: 'cyber_policy', message: null });
    expect(error.message).toBe(CYBER_POLICY_MESSAGE);
    expect(error.retryable).toBe(false);
  });

  it.each([400, 403])('in an HTTP %i error body is final too, and not taken for a bad API key', (status) => {
    const error = httpError(status, { message: FLAGGED, type: 'invalid_request', param: null, code: 'cyber_policy' });
    expect(error).toBeInstanceOf(ModelError);
    expect(error).toMatchObject({ kind: 'policy', retryable: false, message: `${CYBER_POLICY_MESSAGE} The server said: ${FLAGGED}` });
  });

  it('leaves other failures as they were', () => {
    expect(errorFromFailedResponse({ code: 'server_error', message: 'boom' })).toMatchObject({ kind: 'stream', retryable: true });
    expect(httpError(403, { message: 'bad key', code: 'invalid_api_key' })).toMatchObject({ kind: 'unauthorized', retryable: false });
    expect(httpError(400, { message: 'nope', code: 'invalid_value' })).toMatchObject({ kind: 'request', retryable: false });
  });
});
