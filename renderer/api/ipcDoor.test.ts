import { describe, expect, it, vi } from 'vitest';
import type { HostEvent, HostParams, HostRequestName, HostResult, TandemApi } from '../../shared/host/contract.js';
import { HostRequestError, hostErrorCodeOf, type HostRefusal } from '../../shared/host/host-error.js';
import { ipcDoorApi } from './ipcDoor.js';

/**
 * The preload's API as the page receives it through contextBridge: a refusal arrives as the plain data the
 * preload rejects with (an Error's own fields would not cross), a failure of the bridge itself as an Error.
 */
class BridgedPreload implements TandemApi {
  readonly door = 'ipc' as const;
  refusal: HostRefusal | Error = { message: 'No such folder: /nope', code: null };
  readonly listeners: ((event: HostEvent) => void)[] = [];

  async request<N extends HostRequestName>(name: N, _params: HostParams<N>): Promise<HostResult<N>> {
    if (name === 'recent_projects') return { projects: ['/work/a'] } as HostResult<N>;
    throw this.refusal;
  }

  onEvent(listener: (event: HostEvent) => void): () => void {
    this.listeners.push(listener);
    return () => undefined;
  }

  pathForFile(): string | null {
    return '/dropped';
  }
}

describe('the page side of the Electron door', () => {
  it('turns a refusal back into a HostRequestError with its code', async () => {
    const bridged = new BridgedPreload();
    const api = ipcDoorApi(bridged);
    expect(await api.request('recent_projects', {})).toEqual({ projects: ['/work/a'] });

    bridged.refusal = { message: '/home/you is your home folder.', code: 'broad_folder' };
    const refused = await api.request('open_session', { cwd: '/home/you' }).catch((err: unknown) => err);
    expect(refused).toBeInstanceOf(HostRequestError);
    expect(refused).toMatchObject({ message: '/home/you is your home folder.' });
    expect(hostErrorCodeOf(refused)).toBe('broad_folder');

    bridged.refusal = { message: 'No such folder: /nope', code: null };
    const plain = await api.request('open_session', { cwd: '/nope' }).catch((err: unknown) => err);
    expect(plain).toMatchObject({ message: 'No such folder: /nope' });
    expect(hostErrorCodeOf(plain)).toBeNull();

    bridged.refusal = new Error('An object could not be cloned.');
    await expect(api.request('open_session', { cwd: '/x' })).rejects.toThrow('An object could not be cloned.');
  });

  it('passes the rest of the API through', () => {
    const bridged = new BridgedPreload();
    const api = ipcDoorApi(bridged);
    expect(api.door).toBe('ipc');
    expect(api.pathForFile({})).toBe('/dropped');
    api.onEvent(() => undefined);
    expect(bridged.listeners).toHaveLength(1);
  });

  it('checks a batch of events on its own terms: one that does not fit is left out alone, the rest arrive in order', () => {
    const batchListeners: ((events: readonly unknown[]) => void)[] = [];
    const bridged: TandemApi = {
      door: 'ipc',
      request: () => Promise.reject(new Error('not asked')),
      onEvent: () => () => undefined,
      pathForFile: () => null,
      onEventBatch(listener) {
        batchListeners.push(listener);
        return () => undefined;
      },
    };
    const api = ipcDoorApi(bridged);
    const first: HostEvent[] = [];
    const second: number[] = [];
    api.onEvent((event) => first.push(event));
    api.onEvent((event) => second.push(event.seq ?? -1));
    // One subscription across the bridge, however many listeners the page has.
    expect(batchListeners).toHaveLength(1);
    const warnings = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const delta = (seq: number, text: string) => ({ session_id: 's-1', seq, event: { id: 'sub-1', msg: { type: 'agent_message_delta', delta: text } } });
    batchListeners[0]!([delta(0, 'one'), { session_id: 's-1', seq: 1, event: { id: 'sub-1', msg: { type: 'agent_message_delta' } } }, delta(2, 'two'), 'not an event', delta(3, 'three')]);
    expect(first.map((event) => (event.event.msg as { delta: string }).delta)).toEqual(['one', 'two', 'three']);
    expect(second).toEqual([0, 2, 3]);
    expect(warnings).toHaveBeenCalledTimes(2);
    expect(String(warnings.mock.calls[0]?.[0])).toContain('ignored an event that is not valid');
    warnings.mockRestore();
  });
});
