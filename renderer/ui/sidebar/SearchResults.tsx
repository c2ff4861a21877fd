import type { SearchHit } from '../../../shared/host/contract.js';
import { useApp } from '../../store/StoreContext.js';
import { folderName } from '../start/folderName.js';

const KIND_WORDS: Record<SearchHit['kind'], string> = {
  title: 'Title',
  user: 'You',
  assistant: 'Agent',
  reasoning: 'Reasoning',
  command: 'Command',
  output: 'Output',
  patch: 'Change',
};

function Snippet({ hit }: { hit: SearchHit }) {
  const [start, end] = hit.match;
  return (
    <span className="search-hit__snippet">
      {hit.snippet.slice(0, start)}
      <mark>{hit.snippet.slice(start, end)}</mark>
      {hit.snippet.slice(end)}
    </span>
  );
}

interface SessionHits {
  sessionId: string;
  title: string;
  cwd: string;
  hits: SearchHit[];
}

function bySession(hits: readonly SearchHit[]): SessionHits[] {
  const groups = new Map<string, SessionHits>();
  for (const hit of hits) {
    let group = groups.get(hit.session_id);
    if (!group) {
      group = { sessionId: hit.session_id, title: hit.title, cwd: hit.cwd, hits: [] };
      groups.set(hit.session_id, group);
    }
    group.hits.push(hit);
  }
  return [...groups.values()];
}

/** What the sessions search found: per session its title, then each hit with its words marked. */
export function SearchResults() {
  const search = useApp((s) => s.search);
  const openHit = useApp((s) => s.openHit);
  const groups = bySession(search.hits);
  const waiting = search.busy && search.answered !== search.query.trim();
  return (
    <div className="search-results" aria-busy={waiting}>
      <p className="search-results__count" role="status">
        {search.problem ??
          (waiting
            ? 'Searching…'
            : search.hits.length === 0
              ? `Nothing found for “${search.answered}”${search.partial ? ' yet (still reading the saved sessions…)' : '.'}`
              : `${groups.length} ${groups.length === 1 ? 'session' : 'sessions'}${search.truncated ? ' (the first ones)' : ''}${search.partial ? ' so far (still reading the saved sessions…)' : ''}`)}
      </p>
      <ul className="search-results__list" aria-label="Search results">
        {groups.map((group) => (
          <li key={group.sessionId} className="search-group">
            <div className="search-group__head" title={group.cwd}>
              <span className="search-group__title">{group.title || 'New session'}</span>
              <span className="search-group__project">{folderName(group.cwd)}</span>
            </div>
            <ul>
              {group.hits.map((hit, i) => (
                <li key={`${hit.kind}-${hit.occurrence}-${i}`}>
                  <button type="button" className="search-hit" onClick={() => void openHit(hit)}>
                    <span className="search-hit__kind">{KIND_WORDS[hit.kind]}</span>
                    <Snippet hit={hit} />
                  </button>
                </li>
              ))}
            </ul>
          </li>
        ))}
      </ul>
    </div>
  );
}
