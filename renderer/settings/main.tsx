import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { openEngineLink } from '../api';
import { createStewardStore, StoreProvider } from '../state';
import { AgentStoreProvider, createAgentStore } from '../state/agent';
import { createFoldersStore, FoldersStoreProvider } from '../state/folders';
import { SettingsApp } from './SettingsApp';

const link = openEngineLink();
const store = createStewardStore(link, ['status', 'accounts', 'grants', 'rules', 'ledger', 'config']);
document.documentElement.dataset.transport = link.transport;
store.getState().actions.start();
const agentStore = createAgentStore(link.api, store);
const foldersStore = createFoldersStore(link.api, store);

const root = document.getElementById('root');
if (!root) throw new Error('settings.html has no #root');
createRoot(root).render(
  <StrictMode>
    <StoreProvider store={store}>
      <AgentStoreProvider store={agentStore}>
        <FoldersStoreProvider store={foldersStore}>
          <SettingsApp />
        </FoldersStoreProvider>
      </AgentStoreProvider>
    </StoreProvider>
  </StrictMode>,
);
