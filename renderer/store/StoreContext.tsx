import { createContext, useContext, useRef, type ReactNode } from 'react';
import { useStore } from 'zustand';
import type { AppActions, AppState, AppStore } from './appStore.js';

const StoreContext = createContext<AppStore | null>(null);

export function AppStoreProvider({ store, children }: { store: AppStore; children: ReactNode }) {
  return <StoreContext.Provider value={store}>{children}</StoreContext.Provider>;
}

export function useAppStore(): AppStore {
  const store = useContext(StoreContext);
  if (!store) throw new Error('useAppStore needs an AppStoreProvider above it');
  return store;
}

/** Reads a slice of the app's state; the component re-renders when that slice changes. */
export function useApp<T>(selector: (state: AppState & AppActions) => T): T {
  return useStore(useAppStore(), selector);
}

/**
 * Like useApp, for a value computed afresh from the state (a list, say): while `equal` holds between the old
 * and the new value, the old one is returned, so the component does not render again. The sidebar uses it to
 * stay still while a session streams, which changes the state a hundred times a second.
 */
export function useAppStable<T>(selector: (state: AppState & AppActions) => T, equal: (a: T, b: T) => boolean): T {
  const last = useRef<{ value: T } | null>(null);
  return useApp((state) => {
    const next = selector(state);
    if (last.current !== null && equal(last.current.value, next)) return last.current.value;
    last.current = { value: next };
    return next;
  });
}
