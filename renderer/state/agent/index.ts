export { createAgentStore } from './agent-store';
export type { AgentActions, AgentSlice, AgentState, AgentStore } from './agent-store';
export { AgentStoreProvider, useAgent } from './AgentStoreProvider';
