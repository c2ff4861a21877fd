import fs from 'node:fs';
import path from 'node:path';
import { SessionRecorder } from '../index.js';
import { indexPath } from '../session-index-file.js';

/*
 * Ways a session index goes wrong behind Tandem's back, for the tests of every door that lists sessions:
 * each damages a home's index (or its rollouts), and says which sessions a listing must show afterwards.
 */

const meta = { model: 'test-model', approval_policy: 'never', sandbox_policy: { mode: 'read-only' } } as const;

/** Records a session as the agent does (created, a request, closed), `minutes` after 2025-01-01 UTC. */
export function recordSession(home: string, id: string, cwd: string, minutes: number): string {
  const recorder = SessionRecorder.create(home, { ...meta, cwd, session_id: id, created_at: new Date(Date.UTC(2025, 0, 1) + minutes * 60_000).toISOString() });
  recorder.record({ type: 'event', msg: { type: 'user_message', message: `request of ${id}` } });
  recorder.close();
  return recorder.path;
}

/** `count` sessions s000…, an hour apart so they spread over two day folders; their ids. */
export function recordSessions(home: string, cwd: string, count: number): string[] {
  return Array.from({ length: count }, (_, i) => {
    const id = `s${String(i).padStart(3, '0')}`;
    recordSession(home, id, cwd, i * 60 + 23 * 60);
    return id;
  });
}

export interface IndexDamage {
  name: string;
  /** Damages the home; returns the ids a listing must show afterwards, given those it showed before. */
  apply(home: string, ids: string[]): string[];
}

function rolloutOf(home: string, id: string): string {
  const root = path.join(home, 'sessions');
  for (const year of fs.readdirSync(root).filter((name) => /^\d{4}$/.test(name))) {
    for (const month of fs.readdirSync(path.join(root, year))) {
      for (const day of fs.readdirSync(path.join(root, year, month))) {
        const name = fs.readdirSync(path.join(root, year, month, day)).find((file) => file.endsWith(`-${id}.jsonl`));
        if (name) return path.join(root, year, month, day, name);
      }
    }
  }
  throw new Error(`no rollout of ${id} in ${home}`);
}

export const indexDamages: IndexDamage[] = [
  {
    name: 'truncated mid-line',
    apply(home, ids) {
      const text = fs.readFileSync(indexPath(home), 'utf8');
      // Into the middle of a line a little past half the file: the entries after it are lost.
      const lineStart = text.indexOf('\n', Math.floor(text.length / 2)) + 1;
      fs.truncateSync(indexPath(home), lineStart + 10);
      return ids;
    },
  },
  {
    name: 'truncated to whole lines',
    apply(home, ids) {
      const lines = fs.readFileSync(indexPath(home), 'utf8').split('\n');
      fs.writeFileSync(indexPath(home), `${lines.slice(0, 3).join('\n')}\n`);
      return ids;
    },
  },
  {
    name: 'garbage lines',
    apply(home, ids) {
      fs.appendFileSync(indexPath(home), 'garbage\n\u0000\u0001binary\n{"half": \n');
      return ids;
    },
  },
  {
    name: 'the wrong JSON',
    apply(home, ids) {
      fs.appendFileSync(indexPath(home), '[1, 2]\n"an entry"\n{"id": 7, "cwd": null}\n{"tandem_session_index": 99}\n');
      return ids;
    },
  },
  {
    name: 'an entry for a file that is not there',
    apply(home, ids) {
      const ghost = { id: 'ghost', cwd: '/nowhere', title: 'a ghost', created_at: '2025-01-02T00:00:00.000Z', updated_at: '2099-01-01T00:00:00.000Z', path: '2025/01/02/rollout-2025-01-02T00-00-00-ghost.jsonl' };
      fs.appendFileSync(indexPath(home), `${JSON.stringify(ghost)}\n`);
      return ids;
    },
  },
  {
    name: 'deleted',
    apply(home, ids) {
      fs.rmSync(indexPath(home));
      return ids;
    },
  },
  {
    name: 'stale: a session file added behind its back',
    apply(home, ids) {
      // Made in another home, as if copied in from another machine or left by a crash before its entry.
      const elsewhere = fs.mkdtempSync(`${home}-elsewhere-`);
      try {
        const file = recordSession(elsewhere, 'copied-in', '/proj', 30);
        const target = path.join(home, path.relative(elsewhere, file));
        fs.mkdirSync(path.dirname(target), { recursive: true });
        fs.copyFileSync(file, target);
      } finally {
        fs.rmSync(elsewhere, { recursive: true, force: true });
      }
      return [...ids, 'copied-in'];
    },
  },
  {
    name: 'stale: a session file removed behind its back',
    apply(home, ids) {
      const gone = ids[1]!;
      fs.rmSync(rolloutOf(home, gone));
      return ids.filter((id) => id !== gone);
    },
  },
];
