/**
 * The folders' slice of a window (Settings → Folders, the popover's "Working on"), a store of
 * its own beside the window's main one. It refetches when the engine's status changes (a folder
 * granted, a scan finished) and, while a folder is still being scanned, every two seconds.
 */
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { EngineApi } from '@shared/api/contract';
import type { GrantedFolder, WorkingOnGroup } from '@shared/domain/folders';
import type { Loadable, Operation, StewardStore } from '../index';
import { errorMessage } from '../error-message';

export type FoldersSlice = 'folders' | 'workingOn';

export interface FoldersState {
  readonly folders: Loadable<readonly GrantedFolder[]>;
  readonly workingOn: Loadable<readonly WorkingOnGroup[]>;
  /** Keyed by 'add' or a folder's id. */
  readonly saving: Readonly<Record<string, Operation>>;
  readonly actions: FoldersActions;
}

export interface FoldersActions {
  readonly refresh: (slice: FoldersSlice) => Promise<void>;
  /** Resolves true when the folder was granted. */
  readonly add: (path: string, name?: string) => Promise<boolean>;
  readonly remove: (id: string) => Promise<boolean>;
}

export type FoldersStore = StoreApi<FoldersState>;

const SCAN_POLL_MS = 2_000;

export function createFoldersStore(api: EngineApi, steward: StewardStore): FoldersStore {
  const store = createStore<FoldersState>()((set, get) => {
    const fetchSlice = async (slice: FoldersSlice) => {
      try {
        if (slice === 'folders') set({ folders: { data: await api.listFolders(), error: null } });
        else set({ workingOn: { data: await api.workingOn({ days: 7 }), error: null } });
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
    const change = async (key: string, run: () => Promise<unknown>): Promise<boolean> => {
      mark(key, { busy: true, error: null });
      try {
        await run();
        mark(key, undefined);
        return true;
      } catch (error) {
        mark(key, { busy: false, error: errorMessage(error) });
        return false;
      } finally {
        await Promise.all([fetchSlice('folders'), fetchSlice('workingOn')]);
      }
    };
    return {
      folders: { data: null, error: null },
      workingOn: { data: null, error: null },
      saving: {},
      actions: {
        refresh: fetchSlice,
        add: (path, name) => change('add', () => api.addFolder({ path, ...(name ? { name } : {}) })),
        remove: (id) => change(id, () => api.removeFolder({ id })),
      },
    };
  });

  const refreshLoaded = () => {
    const { folders, workingOn, actions } = store.getState();
    if (folders.data || folders.error) void actions.refresh('folders');
    if (workingOn.data || workingOn.error) void actions.refresh('workingOn');
  };
  let lastStatus = steward.getState().status.data;
  steward.subscribe((state) => {
    if (state.status.data === lastStatus) return;
    lastStatus = state.status.data;
    refreshLoaded();
  });
  // A first scan reports no status change per file: look again while one is under way.
  setInterval(() => {
    const busy = store.getState().folders.data?.some((folder) => folder.state === 'starting' || folder.state === 'scanning' || folder.scan.contentPending > 0);
    if (busy) refreshLoaded();
  }, SCAN_POLL_MS);
  return store;
}
