import path from 'node:path';
import { listSessions } from '../store/index.js';
import { defaultTandemHome } from '../agent/config.js';

/** `tandem sessions`: saved sessions, newest first, to resume with `--resume ID`. */
export async function runSessions(opts: { cd?: string; limit?: number; json?: boolean }): Promise<void> {
  const home = defaultTandemHome();
  if (opts.limit !== undefined && !(opts.limit > 0)) throw new Error('--limit must be a positive number.');
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
