import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { openEngineLink, startShellEvents } from '../api';
import { createStewardStore, StoreProvider } from '../state';
import { createFoldersStore, FoldersStoreProvider } from '../state/folders';
import { PopoverApp } from './PopoverApp';

// The link listens for the engine's port before React renders, so an early port is not lost;
// so do the shell's events (a notification clicked while the page loads).
const link = openEngineLink();
startShellEvents();
const store = createStewardStore(link, ['status', 'suggestions', 'activity', 'ledger', 'interruptions', 'config']);
document.documentElement.dataset.transport = link.transport;
store.getState().actions.start();
const foldersStore = createFoldersStore(link.api, store);

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root');
createRoot(root).render(
  <StrictMode>
    <StoreProvider store={store}>
      <FoldersStoreProvider store={foldersStore}>
        <PopoverApp />
      </FoldersStoreProvider>
    </StoreProvider>
  </StrictMode>,
);
