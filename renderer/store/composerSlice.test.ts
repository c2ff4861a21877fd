import { describe, expect, it } from 'vitest';
import { hostRequests, type HostEvent, type HostParams, type HostRequestName, type HostResult, type TandemApi } from '../../shared/host/contract.js';
import { createAppStore } from './appStore.js';

const PNG = 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGO4IycHAALyARlzRAvLAAAAAElFTkSuQmCC';

/** A host that opens one session, takes submissions and lists files, checking every request against the contract. */
class SmallHost implements TandemApi {
  readonly door = 'ipc' as const;
  readonly requests: { name: HostRequestName; params: unknown }[] = [];
  async request<N extends HostRequestName>(name: N, params: HostParams<N>): Promise<HostResult<N>> {
    hostRequests[name].params.parse(params);
    this.requests.push({ name, params });
    const answers: Partial<Record<HostRequestName, unknown>> = {
      open_session: { session_id: 's1' },
      submit: { id: 'x' },
      session_events: { events: [] },
      list_files: { paths: ['src/app.ts'], matched: 1, total: 3, truncated: false },
    };
    if (name === 'list_files' && (params as HostParams<'list_files'>).query === 'boom') throw new Error('No session s1 is running here.');
    return hostRequests[name].result.parse(answers[name]) as HostResult<N>;
  }
  onEvent(_listener: (event: HostEvent) => void) {
    return () => undefined;
  }
  pathForFile() {
    return null;
  }
}

async function openStore() {
  const api = new SmallHost();
  const store = createAppStore(api, { scheduleFlush: (flush) => flush() });
  await store.getState().openFolder('/p');
  return { api, store };
}

describe('the composer slice', () => {
  it('keeps attached images per session and sends them as image items after the text', async () => {
    const { api, store } = await openStore();
    store.getState().attachImages('s1', [{ url: PNG, name: 'a.png' }, { url: PNG, name: 'b.png' }]);
    const [first] = store.getState().composerImages.s1!;
    store.getState().removeImage('s1', first!.id);
    expect(store.getState().composerImages.s1!.map((image) => image.name)).toEqual(['b.png']);
    expect(await store.getState().sendMessage('look', [PNG])).toBe(true);
    const submit = api.requests.find((request) => request.name === 'submit')!.params as HostParams<'submit'>;
    expect(submit.submission.op).toEqual({ type: 'user_input', items: [{ type: 'text', text: 'look' }, { type: 'image', image_url: PNG }] });
    expect(store.getState().sessions.s1!.cells.at(-1)).toMatchObject({ kind: 'user', text: 'look', images: [PNG] });
    store.getState().clearImages('s1');
    expect(store.getState().composerImages.s1).toBeUndefined();
  });

  it('asks the host for files and says why when it cannot', async () => {
    const { store } = await openStore();
    expect(await store.getState().searchFiles('s1', 'app')).toEqual({ ok: true, paths: ['src/app.ts'], matched: 1 });
    expect(await store.getState().searchFiles('s1', 'boom')).toEqual({ ok: false, problem: 'No session s1 is running here.' });
  });
});
