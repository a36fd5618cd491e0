import { createContext, useContext, type ReactNode } from 'react';
import { useStore } from 'zustand';
import type { FoldersState, FoldersStore } from './folders-store';

const FoldersContext = createContext<FoldersStore | null>(null);

export function FoldersStoreProvider({ store, children }: { store: FoldersStore; children: ReactNode }) {
  return <FoldersContext.Provider value={store}>{children}</FoldersContext.Provider>;
}

/** Reads from the folders' store; re-renders only when the selected value changes. */
export function useFolders<T>(selector: (state: FoldersState) => T): T {
  const store = useContext(FoldersContext);
  if (!store) throw new Error('useFolders needs a <FoldersStoreProvider> above it');
  return useStore(store, selector);
}
