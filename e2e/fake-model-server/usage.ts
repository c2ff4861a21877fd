import type { Usage, UsageOverrides } from './scripted-response.js';

// The usual rule of thumb, also the agent's own: one token is about four bytes.
const BYTES_PER_TOKEN = 4;

export function estimateTokens(bytes: number): number {
  return Math.ceil(bytes / BYTES_PER_TOKEN);
}

/**
 * A usage block that looks like a real one: input from the request's size, output from what was streamed.
 * Overrides win field by field; the total follows the parts unless it is given too.
 */
export function buildUsage(
  measured: { requestBytes: number; outputChars: number; reasoningChars: number },
  overrides: UsageOverrides = {},
): Usage {
  const reasoningTokens = overrides.output_tokens_details?.reasoning_tokens ?? estimateTokens(measured.reasoningChars);
  const inputTokens = overrides.input_tokens ?? estimateTokens(measured.requestBytes);
  const outputTokens = overrides.output_tokens ?? estimateTokens(measured.outputChars) + reasoningTokens;
  return {
    input_tokens: inputTokens,
    input_tokens_details: { cached_tokens: overrides.input_tokens_details?.cached_tokens ?? 0 },
    output_tokens: outputTokens,
    output_tokens_details: { reasoning_tokens: reasoningTokens },
    total_tokens: overrides.total_tokens ?? inputTokens + outputTokens,
  };
}
