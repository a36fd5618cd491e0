/**
 * The agent's part of the engine API: model settings and the key, runs and preferences.
 * api/handlers.ts spreads these in.
 */
import type { Handlers } from '../api/handlers.js';
import type { AgentService } from './agent-service.js';

type AgentMethods = 'getModelSettings' | 'setApiKey' | 'listRuns' | 'listPreferences' | 'addPreference' | 'updatePreference' | 'removePreference';

export function createAgentHandlers(agent: AgentService): Pick<Handlers, AgentMethods> {
  return {
    getModelSettings: async () => agent.modelSettings(),
    setApiKey: async (input, actor) => agent.setApiKey(input.apiKey, actor),
    listRuns: async (input) => agent.listRuns(input),
    listPreferences: async () => agent.listPreferences(),
    addPreference: async (input) => agent.preferences.add(input.text),
    updatePreference: async (input) => agent.preferences.update(input.id, input.text),
    removePreference: async (input) => {
      agent.preferences.remove(input.id);
      return { id: input.id, removed: true as const };
    },
  };
}
