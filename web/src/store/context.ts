import { createContext, useCallback, useContext, useSyncExternalStore } from 'react';
import type { StudioState, StudioStore } from './studio';

export const StudioContext = createContext<StudioStore | null>(null);

export function useStudioStore(): StudioStore {
  const s = useContext(StudioContext);
  if (!s) throw new Error('StudioContext missing');
  return s;
}

/** A slice of the studio state; the component re-renders when the slice changes (compare by identity). */
export function useStudio<T>(select: (s: StudioState) => T): T {
  const store = useStudioStore();
  return useSyncExternalStore(store.subscribe, () => select(store.getState()));
}

/** Re-renders when node `id`'s live data changed (at most once per animation frame); returns the data. */
export function useLive(id: string) {
  const store = useStudioStore();
  const subscribe = useCallback((l: () => void) => store.live.subscribe(id, l), [store, id]);
  useSyncExternalStore(subscribe, () => store.live.version(id));
  return store.live.get(id);
}
