import { describe, expect, it } from 'vitest';
import type { Cell } from './cells.js';
import { EXPORT_OUTPUT_LINES, cappedOutput, conversationMarkdown, exportFileName } from './exportMarkdown.js';

const AT = new Date('2025-03-04T05:06:07Z');
const base = { turnId: 't1', undone: false, reverted: [] as string[] };

describe('the Markdown export', () => {
  it('has the messages, commands with output, patches, approvals with answers and the turn diff', () => {
    const cells: Cell[] = [
      { id: '1', kind: 'user', text: 'fix the test', delivery: 'recorded' },
      { id: '2', kind: 'approval', callId: 'c', request: { type: 'exec', command: ['npm', 'test'] }, cwd: '/p', reason: 'run the tests', state: 'approved' },
      { id: '3', kind: 'command', callId: 'c', command: ['npm', 'test'], cwd: '/p', output: 'ok 1\n```\n', outputTrimmed: false, state: 'done', exitCode: 0, durationMs: 5, startedAt: 0 },
      { id: '4', kind: 'patch', callId: 'p', changes: { 'a.ts': { type: 'update', unified_diff: '@@ -1 +1 @@\n-a\n+b\n' } }, autoApproved: false, state: 'applied', output: '', ...base, undone: true },
      { id: '5', kind: 'turn_diff', unifiedDiff: 'diff --git a/a.ts b/a.ts\n', ...base, reverted: ['a.ts'] },
      { id: '6', kind: 'assistant', text: 'Done: **fixed**.', streaming: false },
      { id: '7', kind: 'approval', callId: 'd', request: { type: 'exec', command: ['rm', '-rf', '/'] }, cwd: '/p', reason: null, state: 'denied' },
      { id: '8', kind: 'compaction', note: null, summary: 'We fixed the test.' },
    ];
    const text = conversationMarkdown(cells, { title: 'Fix the test', cwd: '/p', model: 'gpt-5', at: AT });
    expect(text).toContain('# Fix the test');
    expect(text).toContain('## You\n\nfix the test');
    expect(text).toContain('**Approval asked** to run `npm test` in `/p`. Reason: run the tests. **Answer:** approved.');
    expect(text).toContain('**Command** (exit 0):\n\n```sh\n$ npm test\n```');
    // Output holding a fence gets a longer fence.
    expect(text).toContain('````text\nok 1\n```\n````');
    expect(text).toContain('**Patch** (applied) (undone since): a.ts');
    expect(text).toContain('```diff\n--- a.ts\n+++ a.ts\n@@ -1 +1 @@\n-a\n+b\n```');
    expect(text).toContain('**Changes in this turn** (reverted since: a.ts)');
    expect(text).toContain('## Agent\n\nDone: **fixed**.');
    expect(text).toContain('**Answer:** denied.');
    expect(text).toContain('We fixed the test.');
  });

  it('keeps the last lines of a long output and says how many were left out', () => {
    const output = Array.from({ length: 500 }, (_, i) => `line ${i + 1}`).join('\n');
    const capped = cappedOutput(output);
    expect(capped.split('\n')).toHaveLength(EXPORT_OUTPUT_LINES + 1);
    expect(capped).toMatch(/^… 440 earlier lines not shown …\nline 441\n/);
    expect(capped.endsWith('line 500')).toBe(true);
  });

  it('names the file after the title and the day', () => {
    expect(exportFileName('Fix the flaky test!', AT)).toBe('fix-the-flaky-test-2025-03-04.md');
    expect(exportFileName('', AT)).toBe('conversation-2025-03-04.md');
  });
});
