import { describe, expect, it } from 'vitest';
import { formatExecOutputForModel } from './format.js';
import type { ExecResult } from './request.js';

function result(fields: Partial<ExecResult>): ExecResult {
  return {
    exitCode: 0,
    stdout: '',
    stderr: '',
    aggregatedOutput: '',
    durationMs: 0,
    timedOut: false,
    aborted: false,
    sandboxed: false,
    droppedBytes: 0,
    ...fields,
  };
}

describe('formatExecOutputForModel', () => {
  it('gives exit code, wall time with one decimal, then the output', () => {
    const text = formatExecOutputForModel(result({ exitCode: 2, durationMs: 1234, aggregatedOutput: 'a\nb\n' }), 'a\nb\n');
    expect(text).toBe('Exit code: 2\nWall time: 1.2 seconds\nOutput:\na\nb\n');
  });

  it('writes a zero wall time as 0.0', () => {
    expect(formatExecOutputForModel(result({ durationMs: 3 }), '')).toBe('Exit code: 0\nWall time: 0.0 seconds\nOutput:\n');
  });

  it('gives the original line count when truncation removed lines', () => {
    const full = Array.from({ length: 500 }, (_, i) => `line ${i}`).join('\n');
    const text = formatExecOutputForModel(result({ aggregatedOutput: full, durationMs: 20_000 }), 'line 0\n…\nline 499');
    expect(text).toBe('Exit code: 0\nWall time: 20.0 seconds\nTotal output lines: 500\nOutput:\nline 0\n…\nline 499');
  });
});
