import { describe, expect, it } from 'vitest';
import type { Cell, CommandCell, PatchCell } from './cells.js';
import { cellIndexForHit, findMatches, firstMatchFrom, foldHidesMatch, matchCountText, matchRanges, placesOf, stepMatch } from './find.js';
import { revealTarget } from './findReveal.js';

let ids = 0;
const id = () => `c${(ids += 1)}`;
const user = (text: string): Cell => ({ id: id(), kind: 'user', text, delivery: 'recorded' });
const assistant = (text: string): Cell => ({ id: id(), kind: 'assistant', text, streaming: false });
const command = (line: string[], output: string): CommandCell => ({
  id: id(),
  kind: 'command',
  callId: 'call',
  command: line,
  cwd: '/p',
  output,
  outputTrimmed: false,
  state: 'done',
  exitCode: 0,
  durationMs: 3,
  startedAt: 0,
});
const patch = (changes: PatchCell['changes']): Cell => ({ id: id(), kind: 'patch', callId: 'p', changes, autoApproved: true, state: 'applied', output: '', turnId: null, undone: false, reverted: [] });

describe('placesOf', () => {
  it('gives a command two places, its line and its output, and a patch one with every path and change', () => {
    expect(placesOf(command(['bash', '-lc', 'grep -n foo'], 'x:1 foo\n'))).toEqual([
      { kind: 'command', text: 'bash -lc grep -n foo' },
      { kind: 'output', text: 'x:1 foo\n' },
    ]);
    const places = placesOf(
      patch({ 'a.ts': { type: 'add', content: 'const added = 1;' }, 'b.ts': { type: 'update', unified_diff: '@@ -1 +1 @@\n-old\n+new', move_path: 'c.ts' } }),
    );
    expect(places).toHaveLength(1);
    expect(places[0]?.kind).toBe('patch');
    for (const word of ['a.ts', 'const added', 'b.ts', 'c.ts', '+new']) expect(places[0]?.text).toContain(word);
  });

  it('keeps what the host does not index as `other`: notices with their advice, plans, approvals, diffs', () => {
    expect(placesOf({ id: 'n', kind: 'notice', level: 'error', text: 'The model refused.', advice: 'Try again.', detail: null })).toEqual([
      { kind: 'other', text: 'The model refused.\nTry again.' },
    ]);
    expect(placesOf({ id: 'p', kind: 'plan', explanation: 'Why', plan: [{ step: 'Read', status: 'completed' }] })[0]?.text).toBe('Why\nRead');
    const approval = placesOf({ id: 'a', kind: 'approval', callId: 'c', request: { type: 'exec', command: ['rm', '-rf', 'dist'] }, cwd: '/p', reason: 'clean up', state: 'pending' });
    expect(approval).toEqual([{ kind: 'other', text: 'rm -rf dist\nclean up' }]);
    expect(placesOf({ id: 'd', kind: 'turn_diff', unifiedDiff: '+line', turnId: null, undone: false, reverted: [] })).toEqual([{ kind: 'other', text: '+line' }]);
  });
});

describe('findMatches', () => {
  it('finds the cells holding the query, in order, ignoring case, literally', () => {
    const cells = [user('Fix the Parser'), assistant('the parser is fixed'), command(['ls'], 'PARSER.ts'), assistant('a.b*c')];
    expect(findMatches(cells, 'parser')).toEqual([0, 1, 2]);
    expect(findMatches(cells, 'PaRsEr')).toEqual([0, 1, 2]);
    expect(findMatches(cells, 'b*c')).toEqual([3]);
    expect(findMatches(cells, '.*')).toEqual([]);
    expect(findMatches(cells, '')).toEqual([]);
  });

  it('matches letters outside the Basic Multilingual Plane, including their case', () => {
    // U+10400 DESERET CAPITAL LONG I lower-cases to U+10428.
    const cells = [assistant('emoji 😀 here'), assistant('Deseret 𐐀 capital')];
    expect(findMatches(cells, '😀')).toEqual([0]);
    expect(findMatches(cells, '𐐨')).toEqual([1]);
    expect(matchRanges('a 😀 b 😀', '😀')).toEqual([
      [2, 4],
      [7, 9],
    ]);
  });

  it('searches 10,000 cells quickly, and faster again once their text is folded', () => {
    const cells: Cell[] = [];
    for (let i = 0; i < 10_000; i += 1) cells.push(i % 3 === 1 ? command(['bash', '-c', `grep -n export src/m${i}.ts`], `3:export function part${i}() {}\n`) : assistant(`The module exports part${i} and LIMIT_${i}.`));
    cells[4_321] = assistant('the needle-in-the-haystack word');
    const first = performance.now();
    expect(findMatches(cells, 'NEEDLE-in')).toEqual([4_321]);
    const firstMs = performance.now() - first;
    const again = performance.now();
    expect(findMatches(cells, 'part9999')).toEqual([9_999]);
    const againMs = performance.now() - again;
    expect(firstMs).toBeLessThan(500);
    expect(againMs).toBeLessThan(50);
    expect(findMatches(cells, 'export')).toHaveLength(10_000 - 1);
  });
});

describe('cellIndexForHit', () => {
  // Places holding "foo", numbered as the host numbers them: 0 the user's request, 1 the command line,
  // 2 its output, 3 the patch, 4 the answer. The notice is not indexed.
  const cells: Cell[] = [
    user('find foo'),
    { id: 'n', kind: 'notice', level: 'warning', text: 'foo warning', advice: null, detail: null },
    command(['grep', 'foo'], 'src/foo.ts: foo'),
    assistant('nothing here'),
    patch({ 'foo.ts': { type: 'add', content: 'x' } }),
    assistant('Found FOO.'),
  ];

  it('counts a command as two places and skips what the host does not index', () => {
    expect([0, 1, 2, 3, 4].map((occurrence) => cellIndexForHit(cells, 'foo', occurrence))).toEqual([0, 2, 2, 4, 5]);
  });

  it('falls back to the first cell holding the query, and to null when none does', () => {
    expect(cellIndexForHit(cells, 'foo', 99)).toBe(0);
    expect(cellIndexForHit(cells, 'warning', 0)).toBe(1);
    expect(cellIndexForHit(cells, 'absent', 0)).toBeNull();
  });
});

describe('matchRanges', () => {
  it('gives the offsets of every match, ignoring case, even where lower-casing changes the length', () => {
    expect(matchRanges('Foo foo FOO', 'foo')).toEqual([
      [0, 3],
      [4, 7],
      [8, 11],
    ]);
    // "İ" lower-cases to two code units; the offsets must still be the original text's.
    expect(matchRanges('İstanbul and Ankara', 'ankara')).toEqual([[13, 19]]);
    expect(matchRanges('abc', '')).toEqual([]);
  });
});

describe('moving through matches', () => {
  it('steps forward and back, wrapping', () => {
    expect(stepMatch([3, 8, 20], 2, 1)).toBe(0);
    expect(stepMatch([3, 8, 20], 0, -1)).toBe(2);
    expect(stepMatch([3, 8, 20], null, -1)).toBe(2);
    expect(stepMatch([], 0, 1)).toBeNull();
  });

  it('starts from the first match at or after a cell, wrapping to the first', () => {
    expect(firstMatchFrom([3, 8, 20], 0)).toBe(0);
    expect(firstMatchFrom([3, 8, 20], 8)).toBe(1);
    expect(firstMatchFrom([3, 8, 20], 9)).toBe(2);
    expect(firstMatchFrom([3, 8, 20], 21)).toBe(0);
    expect(firstMatchFrom([], 5)).toBeNull();
  });
});

describe('what the finder shows', () => {
  it('counts "3 of 17", or says there are none', () => {
    expect(matchCountText('foo', 17, 2)).toBe('3 of 17');
    expect(matchCountText('foo', 0, null)).toBe('No matches');
    expect(matchCountText('', 0, null)).toBe('');
  });

  it('opens a fold only when the match is in what it hides', () => {
    const cell = command(['grep', 'needle'], 'found a Needle\n');
    expect(foldHidesMatch(cell, 'NEEDLE')).toBe(true);
    expect(foldHidesMatch(command(['grep', 'needle'], 'nothing\n'), 'needle')).toBe(false);
    expect(foldHidesMatch(user('needle'), 'needle')).toBe(false);
    expect(foldHidesMatch({ id: 'r', kind: 'reasoning', text: 'Thinking about the needle', streaming: false }, 'needle')).toBe(true);
  });
});

describe('revealTarget', () => {
  const cells = [user('hello world'), command(['echo', 'world'], 'world\n')];

  it('waits for the cells, then applies each nonce once', () => {
    const reveal = { query: 'WORLD', occurrence: 2, nonce: 7 };
    expect(revealTarget(reveal, null, [])).toBeNull();
    expect(revealTarget(reveal, null, cells)).toEqual({ nonce: 7, query: 'WORLD', index: 1 });
    expect(revealTarget(reveal, 7, cells)).toBeNull();
    expect(revealTarget({ ...reveal, nonce: 8, occurrence: 0 }, 7, cells)).toEqual({ nonce: 8, query: 'WORLD', index: 0 });
    expect(revealTarget(null, null, cells)).toBeNull();
  });

  it('still opens the finder on the words when the hit is not among the cells', () => {
    expect(revealTarget({ query: 'absent', occurrence: 0, nonce: 1 }, null, cells)).toEqual({ nonce: 1, query: 'absent', index: null });
  });
});
