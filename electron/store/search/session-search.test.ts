import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EventMsg, ReplayedEventMsg } from '../../../shared/protocol/index.js';
import { loadSession, parseSavedEvents } from '../../agent/resume.js';
import { renameSavedSession, restoreSession, SessionRecorder, trashSession, type RecordableLine } from '../index.js';
import { placeOf } from './places.js';
import { SessionSearch } from './session-search.js';
import { SessionText, searchCacheDir } from './session-text.js';

let home: string;
beforeEach(() => {
  home = fs.mkdtempSync(path.join(os.tmpdir(), 'tandem-search-'));
});
afterEach(() => {
  fs.rmSync(home, { recursive: true, force: true });
});

const event = (msg: EventMsg): RecordableLine => ({ type: 'event', msg });
const request = (message: string) => event({ type: 'user_message', message });
const answer = (message: string) => event({ type: 'agent_message', message });
const command = (id: string, line: string[], output: string): RecordableLine[] => [
  event({ type: 'exec_command_begin', call_id: id, command: line, cwd: '/p' }),
  event({ type: 'exec_command_end', call_id: id, command: line, cwd: '/p', stdout: output, stderr: '', aggregated_output: output, exit_code: 0, duration_ms: 5, formatted_output: output }),
];

function record(id: string, lines: RecordableLine[], options: { cwd?: string; created?: string; keepOpen?: boolean } = {}): SessionRecorder {
  const recorder = SessionRecorder.create(home, {
    session_id: id,
    created_at: options.created ?? '2026-01-01T00:00:00.000Z',
    cwd: options.cwd ?? '/work/a',
    model: 'm',
    approval_policy: 'never',
    sandbox_policy: { mode: 'read-only' },
  });
  for (const line of lines) recorder.record(line);
  if (!options.keepOpen) recorder.close();
  return recorder;
}

const pause = () => new Promise((resolve) => setTimeout(resolve, 5));

describe('the places of a session', () => {
  it('are the replay’s events a window draws, in its order, rollbacks applied as a resume applies them', async () => {
    record('s1', [
      event({ type: 'task_started' }),
      request('first request'),
      event({ type: 'agent_reasoning', text: 'thinking about it' }),
      ...command('c1', ['bash', '-lc', 'npm test'], 'ok 12 tests'),
      event({ type: 'patch_apply_begin', call_id: 'p1', auto_approved: true, changes: { 'src/a.ts': { type: 'update', unified_diff: '@@ -1 +1 @@\n-old\n+new' }, 'b.md': { type: 'add', content: 'hello file' } } }),
      answer('done'),
      event({ type: 'task_complete', last_agent_message: 'done' }),
      event({ type: 'task_started' }),
      request('second request, rolled back'),
      answer('an answer that goes'),
      { type: 'rollback', num_turns: 1 },
      event({ type: 'thread_rolled_back', num_turns: 1 }),
      request('third request'),
      event({ type: 'token_count', info: null as never }),
    ]);
    const text = new SessionText('s1', (await loadSession(home, 's1')).path);
    await text.catchUp();
    const replay: ReplayedEventMsg[] = parseSavedEvents((await loadSession(home, 's1')).events, () => undefined);
    expect(text.places).toEqual(replay.map(placeOf).filter((place) => place !== null));
    expect(text.places.map((place) => place.kind)).toEqual(['user', 'reasoning', 'command', 'output', 'patch', 'assistant', 'user']);
    expect(text.places[2]?.text).toBe('bash -lc npm test');
    expect(text.places[4]?.text).toBe('src/a.ts\n@@ -1 +1 @@\n-old\n+new\nb.md\nhello file');
  });
});

describe('SessionSearch', () => {
  it('finds words in every kind of place, newest sessions first, the title first, at most 3 more per session', async () => {
    record('old', [request('Fix the parser'), answer('The PARSER is fixed'), ...command('c1', ['grep', 'parser', 'src'], 'src/parser.ts:1')], { created: '2026-01-01T00:00:00.000Z' });
    await pause();
    record('new', [request('Unrelated'), event({ type: 'agent_reasoning', text: 'look at parser.ts' }), answer('parser one'), answer('parser two'), answer('parser three')], { created: '2026-01-02T00:00:00.000Z' });
    const search = new SessionSearch(home);
    const { hits, truncated } = await search.search('Parser');
    expect(truncated).toBe(false);
    expect(hits.map((hit) => [hit.session_id, hit.kind, hit.occurrence])).toEqual([
      ['new', 'reasoning', 0],
      ['new', 'assistant', 1],
      ['new', 'assistant', 2],
      ['old', 'title', 0],
      ['old', 'user', 0],
      ['old', 'assistant', 1],
      ['old', 'command', 2],
    ]);
    for (const hit of hits) expect(hit.snippet.slice(...hit.match).toLowerCase()).toBe('parser');
    expect(hits[3]).toMatchObject({ title: 'Fix the parser', cwd: '/work/a', snippet: 'Fix the parser', match: [8, 14] });
  });

  it('keeps to one folder with cwd, and to `limit` hits, saying when it left some out', async () => {
    record('a1', [request('alpha one'), answer('alpha')], { cwd: '/work/a' });
    record('b1', [request('alpha two'), answer('alpha')], { cwd: '/work/b' });
    const search = new SessionSearch(home);
    expect((await search.search('alpha', { cwd: '/work/b/' })).hits.map((hit) => hit.session_id)).toEqual(['b1', 'b1', 'b1']);
    expect(await search.search('alpha', { limit: 3 })).toMatchObject({ truncated: true });
    expect((await search.search('alpha', { limit: 3 })).hits).toHaveLength(3);
    expect((await search.search('alpha', { limit: 6 })).truncated).toBe(false);
    expect((await search.search('alpha', { limit: 5 })).truncated).toBe(true);
    expect((await search.search('no such words')).hits).toEqual([]);
  });

  it('follows a session being written, reading only what was appended, and a renamed, deleted or restored one', async () => {
    const live = record('s1', [request('first words')], { keepOpen: true });
    const search = new SessionSearch(home);
    expect((await search.search('later words', { live: new Set(['s1']) })).hits).toEqual([]);
    live.record(answer('later words'));
    expect((await search.search('later words', { live: new Set(['s1']) })).hits.map((hit) => hit.kind)).toEqual(['assistant']);
    const cache = JSON.parse(fs.readFileSync(path.join(searchCacheDir(home), 's1.json'), 'utf8')) as { size: number };
    expect(cache.size).toBe(fs.statSync(live.path).size);
    live.close();

    await renameSavedSession(home, 's1', 'Quarterly report');
    expect((await search.search('QUARTERLY')).hits.map((hit) => hit.kind)).toEqual(['title']);
    await trashSession(home, 's1');
    expect((await search.search('first words')).hits).toEqual([]);
    await restoreSession(home, 's1');
    expect((await search.search('first words')).hits.map((hit) => hit.session_id)).toEqual(['s1']);
  });

  it('reads a file again whole when it shrank, as a rollout replaced by hand would', async () => {
    const recorder = record('s1', [request('kept words'), answer('dropped words')]);
    const search = new SessionSearch(home);
    expect((await search.search('dropped')).hits).toHaveLength(1);
    const lines = fs.readFileSync(recorder.path, 'utf8').split('\n');
    fs.writeFileSync(recorder.path, `${lines.slice(0, 2).join('\n')}\n`);
    // The index says it changed (a write by hand would not; a later listing's rebuild would).
    const again = SessionRecorder.openForAppend(recorder.path);
    again.record(answer('new words'));
    again.close();
    expect((await search.search('dropped')).hits).toEqual([]);
    expect((await search.search('new words')).hits).toHaveLength(1);
    expect((await search.search('kept words')).hits.map((hit) => hit.kind)).toEqual(['title', 'user']);
  });

  it('starts a later host from the cache files rather than the rollouts', async () => {
    record('s1', [request('from the rollout')]);
    await new SessionSearch(home).search('anything');
    const file = path.join(searchCacheDir(home), 's1.json');
    const cache = JSON.parse(fs.readFileSync(file, 'utf8')) as { places: [number, string][] };
    // Only the cache says this; a search that finds it read the cache.
    cache.places.push([1, 'only in the cache']);
    fs.writeFileSync(file, JSON.stringify(cache));
    expect((await new SessionSearch(home).search('only in the cache')).hits.map((hit) => hit.kind)).toEqual(['assistant']);
    // A damaged cache is read past: the rollout is the truth.
    fs.writeFileSync(file, '{"v":1,');
    const fresh = await new SessionSearch(home).search('from the rollout');
    expect(fresh.hits.map((hit) => hit.kind)).toEqual(['title', 'user']);
  });

  it('forgets a deleted session’s words, cache file included', async () => {
    record('s1', [request('private words')]);
    const search = new SessionSearch(home);
    await search.search('private');
    await search.forget('s1');
    expect(fs.existsSync(path.join(searchCacheDir(home), 's1.json'))).toBe(false);
  });
});

describe('the background warm-up', () => {
  /** Sessions s00 (oldest) to s{n-1} (newest), each with one request naming it and a shared word. */
  function recordMany(count: number): void {
    for (let i = 0; i < count; i++) {
      const id = `s${String(i).padStart(2, '0')}`;
      record(id, [request(`request ${id} shared`), answer(`answer of ${id}`)], { created: new Date(Date.parse('2026-01-01T00:00:00.000Z') + i * 60_000).toISOString() });
    }
  }

  it('reads every session newest first, writes their caches, and then searches answer whole', async () => {
    recordMany(20);
    const search = new SessionSearch(home, undefined, { background: true, warmBatch: 3, warmSliceMs: 0 });
    await search.warmUp();
    expect(fs.readdirSync(searchCacheDir(home)).sort()).toEqual(Array.from({ length: 20 }, (_, i) => `s${String(i).padStart(2, '0')}.json`));
    const answer = await search.search('shared');
    expect(answer.partial).toBe(false);
    expect(new Set(answer.hits.map((hit) => hit.session_id)).size).toBe(20);
  });

  it('lets a search meanwhile answer from the sessions read so far, saying it is partial, and the next ones find more', async () => {
    recordMany(20);
    // One batch of 4 per slice, and a search that reads nothing itself: the first search comes right after the
    // warm-up's first slice, which it starts.
    const search = new SessionSearch(home, undefined, { background: true, warmBatch: 4, warmSliceMs: 0, searchReadBudgetMs: 0 });
    const first = await search.search('shared');
    expect(first.partial).toBe(true);
    expect([...new Set(first.hits.map((hit) => hit.session_id))]).toEqual(['s19', 's18', 's17', 's16']);
    await search.warmUp();
    const later = await search.search('shared');
    expect(later.partial).toBe(false);
    expect(new Set(later.hits.map((hit) => hit.session_id)).size).toBe(20);
  });

  it('finds a session written during the warm-up: at once while it is being written, and once closed', async () => {
    recordMany(12);
    const search = new SessionSearch(home, undefined, { background: true, warmBatch: 2, warmSliceMs: 0, searchReadBudgetMs: 0 });
    const warming = search.warmUp();
    const live = record('writing', [request('words of the new one')], { keepOpen: true, created: '2026-02-01T00:00:00.000Z' });
    live.record(answer('more words of the new one'));
    const during = await search.search('new one', { live: new Set(['writing']) });
    expect(during.partial).toBe(true);
    expect(during.hits.map((hit) => [hit.session_id, hit.kind])).toEqual([
      ['writing', 'title'],
      ['writing', 'user'],
      ['writing', 'assistant'],
    ]);
    live.close();
    record('closed', [request('a late session')], { created: '2026-02-02T00:00:00.000Z' });
    await warming;
    const after = await search.search('late session');
    expect(after.partial).toBe(false);
    expect(after.hits.map((hit) => hit.session_id)).toEqual(['closed', 'closed']);
    expect((await search.search('new one')).hits.map((hit) => hit.session_id)).toEqual(['writing', 'writing', 'writing']);
  });

  it('stops when asked (a host shutting down), a later search starts it again, and a search without one reads everything', async () => {
    recordMany(10);
    const search = new SessionSearch(home, undefined, { background: true, warmBatch: 1, warmSliceMs: 0, searchReadBudgetMs: 0 });
    const warming = search.warmUp();
    await search.stopWarmUp();
    await warming;
    const answer = await search.search('shared');
    expect(answer.partial).toBe(true);
    // A search that is not `background` (the CLI's) warms nothing up: it reads everything first.
    const whole = await new SessionSearch(home).search('shared');
    expect(whole.partial).toBe(false);
    expect(new Set(whole.hits.map((hit) => hit.session_id)).size).toBe(10);
  });
});
