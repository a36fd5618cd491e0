/**
 * The agent's slice of the settings window (Model and budget, Runs, Memory), a store of its own
 * beside the window's main one. Engine events only say "status changed"; the main store refetches
 * the status on them, and this store follows: when the status changes (a run ended, the spend
 * moved, a setting changed), it refetches what its pages show.
 */
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { EngineApi } from '@shared/api/contract';
import type { ConfigEntry } from '@shared/config/index';
import type { AgentRunView, ModelSettingsView, Preference } from '@shared/domain/agent';
import type { Loadable, Operation, StewardStore } from '../index';
import { errorMessage } from '../error-message';

export type AgentSlice = 'model' | 'runs' | 'preferences' | 'config';

export interface AgentState {
  readonly model: Loadable<ModelSettingsView>;
  readonly runs: Loadable<readonly AgentRunView[]>;
  readonly preferences: Loadable<readonly Preference[]>;
  readonly config: Loadable<readonly ConfigEntry[]>;
  /** Keyed by what is being saved: 'apiKey', a setting's key, a preference's id, 'newPreference'. */
  readonly saving: Readonly<Record<string, Operation>>;
  readonly actions: AgentActions;
}

export interface AgentActions {
  readonly refresh: (slice: AgentSlice) => Promise<void>;
  /** Sends the key once; it is never read back. Null removes it. Resolves true when saved. */
  readonly saveApiKey: (apiKey: string | null) => Promise<boolean>;
  readonly saveSetting: (key: string, value: unknown) => Promise<boolean>;
  readonly addPreference: (text: string) => Promise<boolean>;
  readonly updatePreference: (id: string, text: string) => Promise<boolean>;
  readonly removePreference: (id: string) => Promise<boolean>;
}

export type AgentStore = StoreApi<AgentState>;

const RUNS_SHOWN = 100;

export function createAgentStore(api: EngineApi, steward: StewardStore): AgentStore {
  const store = createStore<AgentState>()((set, get) => {
    const fetchSlice = async (slice: AgentSlice) => {
      try {
        switch (slice) {
          case 'model':
            set({ model: { data: await api.getModelSettings(), error: null } });
            break;
          case 'runs':
            set({ runs: { data: await api.listRuns({ limit: RUNS_SHOWN }), error: null } });
            break;
          case 'preferences':
            set({ preferences: { data: await api.listPreferences(), error: null } });
            break;
          case 'config':
            set({ config: { data: await api.getConfig(), error: null } });
            break;
        }
      } catch (error) {
        set((state) => ({ [slice]: { ...state[slice], error: errorMessage(error) } }));
      }
    };

    const mark = (key: string, operation: Operation | undefined) => {
      const next = { ...get().saving };
      if (operation) next[key] = operation;
      else delete next[key];
      set({ saving: next });
    };

    /** Runs a change, keeps its error under `key`, and refetches what it touched. */
    const change = async (key: string, run: () => Promise<unknown>, touched: readonly AgentSlice[]): Promise<boolean> => {
      mark(key, { busy: true, error: null });
      try {
        await run();
        mark(key, undefined);
        return true;
      } catch (error) {
        mark(key, { busy: false, error: errorMessage(error) });
        return false;
      } finally {
        await Promise.all(touched.map(fetchSlice));
      }
    };

    return {
      model: { data: null, error: null },
      runs: { data: null, error: null },
      preferences: { data: null, error: null },
      config: { data: null, error: null },
      saving: {},
      actions: {
        refresh: fetchSlice,
        saveApiKey: (apiKey) => change('apiKey', () => api.setApiKey({ apiKey }), ['model']),
        saveSetting: (key, value) => change(key, () => api.setConfig({ key, value }), ['model', 'config']),
        addPreference: (text) => change('newPreference', () => api.addPreference({ text }), ['preferences']),
        updatePreference: (id, text) => change(id, () => api.updatePreference({ id, text }), ['preferences']),
        removePreference: (id) => change(id, () => api.removePreference({ id }), ['preferences']),
      },
    };
  });

  // Follow the engine through the main store's status: a new status means something moved.
  let lastStatus = steward.getState().status.data;
  steward.subscribe((state) => {
    if (state.status.data === lastStatus) return;
    lastStatus = state.status.data;
    const { model, runs, preferences } = store.getState();
    if (model.data || model.error) void store.getState().actions.refresh('model');
    if (runs.data || runs.error) void store.getState().actions.refresh('runs');
    if (preferences.data || preferences.error) void store.getState().actions.refresh('preferences');
  });
  return store;
}
