import path from 'node:path';
import { SessionSearch, listSessions } from '../store/index.js';
import { defaultTandemHome } from '../agent/config.js';

/** `tandem sessions`: saved sessions, newest first, to resume with `--resume ID`; with `--search`, where words are. */
export async function runSessions(opts: { cd?: string; limit?: number; json?: boolean; search?: string }): Promise<void> {
  const home = defaultTandemHome();
  if (opts.limit !== undefined && !(opts.limit > 0)) throw new Error('--limit must be a positive number.');
  if (opts.search !== undefined) {
    await searchSessions(home, opts.search, opts);
    return;
  }
  const sessions = await listSessions(home, { cwd: opts.cd ? path.resolve(opts.cd) : undefined, limit: opts.limit });
  if (opts.json) {
    for (const { id, cwd, title, created_at, updated_at } of sessions) process.stdout.write(`${JSON.stringify({ id, cwd, title, created_at, updated_at })}\n`);
    return;
  }
  if (sessions.length === 0) {
    process.stdout.write(`No saved sessions in ${home}.\n`);
    return;
  }
  for (const session of sessions) {
    process.stdout.write(`${session.id}  ${session.updated_at.slice(0, 16).replace('T', ' ')}  ${session.cwd}\n    ${session.title || '(no request yet)'}\n`);
  }
}

async function searchSessions(home: string, query: string, opts: { cd?: string; limit?: number; json?: boolean }): Promise<void> {
  if (query.trim() === '') throw new Error('--search wants the words to look for.');
  const { hits, truncated } = await new SessionSearch(home).search(query, { cwd: opts.cd ? path.resolve(opts.cd) : undefined, limit: opts.limit });
  if (opts.json) {
    for (const hit of hits) process.stdout.write(`${JSON.stringify(hit)}\n`);
    return;
  }
  if (hits.length === 0) {
    process.stdout.write(`No saved session in ${home} holds "${query}".\n`);
    return;
  }
  let last = '';
  for (const hit of hits) {
    if (hit.session_id !== last) process.stdout.write(`${hit.session_id}  ${hit.updated_at.slice(0, 16).replace('T', ' ')}  ${hit.cwd}\n    ${hit.title || '(no request yet)'}\n`);
    last = hit.session_id;
    if (hit.kind !== 'title') process.stdout.write(`      ${hit.kind}: ${hit.snippet}\n`);
  }
  if (truncated) process.stdout.write(`(more hits left out: give --limit to see more)\n`);
}
