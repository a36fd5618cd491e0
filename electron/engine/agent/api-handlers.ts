/**
 * The agent's part of the engine API: model settings and the key, runs, preferences, and the
 * edit of a draft before approval. api/handlers.ts spreads these in.
 */
import type { ParsedInputs } from '@shared/api/inputs.js';
import type { Handlers } from '../api/handlers.js';
import { editDraftStep, type DraftEditDeps } from '../suggestions/draft-edit.js';
import type { AgentService } from './agent-service.js';

type AgentMethods = 'getModelSettings' | 'setApiKey' | 'listRuns' | 'listPreferences' | 'addPreference' | 'updatePreference' | 'removePreference' | 'editSuggestion';

export function createAgentHandlers(agent: AgentService, edits: DraftEditDeps): Pick<Handlers, AgentMethods> {
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
    editSuggestion: async (input: ParsedInputs['editSuggestion'], actor) =>
      editDraftStep(edits, { id: input.id, revision: input.revision, actionId: input.actionId, edit: { to: input.to, subject: input.subject, body: input.body } }, actor),
  };
}
