import { describe, expect, it } from 'vitest';
import { explainError, explainRetry, retryProgress } from './advice.js';

describe('explainError', () => {
  it.each([
    ['Missing API key: set OPENAI_API_KEY', 'Settings', true],
    ['unexpected status 401 Unauthorized: Incorrect API key provided', 'Settings', true],
    ['Quota exceeded. Check your plan and billing details.', 'billing', false],
    ['context_length_exceeded: Your input exceeds the context window of this model', 'new session', false],
    ['429 Too Many Requests', 'Wait a minute', false],
    ['connect ECONNREFUSED 127.0.0.1:9', 'base URL', false],
    ['stream closed before response.completed', 'network', false],
    ['The model `gpt-9` does not exist', 'model name', false],
  ])('%s -> advice mentioning %s', (message, hint, needsApiKey) => {
    const explained = explainError(message);
    expect(explained.advice).toContain(hint);
    expect(explained.needsApiKey).toBe(needsApiKey);
    expect(explained.text).not.toBe('');
  });

  it('keeps an unknown message as it is, with a next step', () => {
    expect(explainError('the disk is full')).toEqual({
      text: 'the disk is full',
      advice: 'Send your message again. If it keeps happening, check Settings.',
      needsApiKey: false,
    });
  });
});

describe('retries', () => {
  it('reads n/5 from the message when the fields are absent', () => {
    expect(retryProgress('Reconnecting... 2/5')).toEqual({ attempt: 2, maxAttempts: 5 });
    expect(retryProgress('Reconnecting... 2/5', 3, 6)).toEqual({ attempt: 3, maxAttempts: 6 });
    expect(retryProgress('Reconnecting...')).toEqual({ attempt: null, maxAttempts: null });
  });

  it('says which try it is', () => {
    expect(explainRetry({ attempt: 2, maxAttempts: 5 }).text).toBe('The connection to the model dropped; Tandem is trying again (try 2 of 5).');
    expect(explainRetry({ attempt: 2, maxAttempts: 5 }, 'Reconnecting... 2/5 (The model stream failed: stream closed before response.completed)').text).toContain('dropped');
    expect(explainRetry({ attempt: null, maxAttempts: null }).text).toBe('The connection to the model dropped; Tandem is trying again.');
  });
});

describe('a connection that was never made', () => {
  const refused = 'Reconnecting... 1/5 (Could not reach the model: Connection error. (ECONNREFUSED))';

  it('is called refused while Tandem tries again, not dropped', () => {
    const text = explainRetry(retryProgress(refused), refused).text;
    expect(text).toBe('Tandem could not connect to the model provider: the connection was refused; Tandem is trying again (try 1 of 5).');
    expect(text).not.toMatch(/dropped/);
  });

  it('names an unknown host and a server that does not answer in time', () => {
    expect(explainRetry({ attempt: 1, maxAttempts: 5 }, 'Could not reach the model: Connection error. (ENOTFOUND)').text).toMatch(/^Tandem could not find the model provider/);
    expect(explainRetry({ attempt: 1, maxAttempts: 5 }, 'The model stream failed: Request timed out.').text).toMatch(/^The model provider did not answer in time/);
  });

  it('leads to the base URL and its connection test once Tandem gives up', () => {
    const explained = explainError('Could not reach the model: Connection error. (ECONNREFUSED)');
    expect(explained.text).toMatch(/connection was refused/);
    expect(explained.advice).toMatch(/base URL in Settings \(Test connection/);
  });
});
