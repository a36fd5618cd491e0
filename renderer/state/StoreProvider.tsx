import { createContext, useContext, type ReactNode } from 'react';
import { useStore } from 'zustand';
import type { StewardState, StewardStore } from './store';

const StoreContext = createContext<StewardStore | null>(null);

export function StoreProvider({ store, children }: { store: StewardStore; children: ReactNode }) {
  return <StoreContext.Provider value={store}>{children}</StoreContext.Provider>;
}

/** Reads from the window's store; re-renders only when the selected value changes. */
export function useSteward<T>(selector: (state: StewardState) => T): T {
  const store = useContext(StoreContext);
  if (!store) throw new Error('useSteward needs a <StoreProvider> above it');
  return useStore(store, selector);
}

export function useStewardActions(): StewardState['actions'] {
  return useSteward((state) => state.actions);
}
