import { createContext, useContext, type ReactNode } from 'react';
import { useStore } from 'zustand';
import type { AgentState, AgentStore } from './agent-store';

const AgentContext = createContext<AgentStore | null>(null);

export function AgentStoreProvider({ store, children }: { store: AgentStore; children: ReactNode }) {
  return <AgentContext.Provider value={store}>{children}</AgentContext.Provider>;
}

/** Reads from the agent's store; re-renders only when the selected value changes. */
export function useAgent<T>(selector: (state: AgentState) => T): T {
  const store = useContext(AgentContext);
  if (!store) throw new Error('useAgent needs an <AgentStoreProvider> above it');
  return useStore(store, selector);
}
