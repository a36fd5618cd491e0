import { useState } from 'react';
import { ConnectionGate } from '../components/ConnectionGate';
import { Icon } from '../components/Icon';
import { LiveRegion } from '../components/LiveRegion';
import { ReconnectingBanner } from '../components/ReconnectingBanner';
import { useSteward } from '../state';
import { AccountsPage } from './accounts/AccountsPage';
import { MemoryPage } from './agent/MemoryPage';
import { ModelPage } from './agent/ModelPage';
import { RunsPage } from './agent/RunsPage';
import { InterruptionsPage } from './interruptions/InterruptionsPage';
import { FoldersPage } from './folders/FoldersPage';
import { LedgerPage } from './ledger/LedgerPage';
import { PermissionsPage } from './permissions/PermissionsPage';
import { RulesPage } from './rules/RulesPage';
import { SETTINGS_PAGES, SettingsSidebar, type SettingsPage } from './SettingsSidebar';

/** The settings window: a sidebar of pages and the page beside it. */
export function SettingsApp() {
  const ready = useSteward((state) => state.status.data !== null);
  const error = useSteward((state) => state.status.error);
  const paused = useSteward((state) => state.status.data?.paused ?? false);
  const needsToken = useSteward((state) => state.link.kind === 'needs-token');
  const [page, setPage] = useState<SettingsPage>(initialPage);

  const select = (next: SettingsPage) => {
    setPage(next);
    rememberPage(next);
  };

  // Before the engine answers, the gate's screen is the page: it gets the main landmark and
  // the page's h1 (the token screen has its own).
  if (!ready && !needsToken) {
    return (
      <div className="settings">
        <main className="settings__gate">
          <h1 className="visually-hidden">Steward Settings</h1>
          <ConnectionGate ready={false} error={error}>
            {null}
          </ConnectionGate>
        </main>
        <LiveRegion />
      </div>
    );
  }

  return (
    <div className="settings">
      <ConnectionGate ready={ready} error={error}>
        <SettingsSidebar active={page} onSelect={select} />
        <main className="settings__main" aria-label={SETTINGS_PAGES.find((p) => p.id === page)?.label}>
          <ReconnectingBanner />
          {paused ? (
            <p className="paused-strip" role="status">
              <Icon name="pause" size={14} /> Paused: Steward will not act until you resume it from the tray.
            </p>
          ) : null}
          <div className="settings__page">
            {page === 'accounts' ? <AccountsPage /> : null}
            {page === 'folders' ? <FoldersPage /> : null}
            {page === 'permissions' ? <PermissionsPage /> : null}
            {page === 'rules' ? <RulesPage /> : null}
            {page === 'interruptions' ? <InterruptionsPage /> : null}
            {page === 'ledger' ? <LedgerPage /> : null}
            {page === 'model' ? <ModelPage /> : null}
            {page === 'runs' ? <RunsPage /> : null}
            {page === 'memory' ? <MemoryPage /> : null}
          </div>
        </main>
      </ConnectionGate>
      <LiveRegion />
    </div>
  );
}

const PAGE_KEY = 'steward.settingsPage';

/** `?page=ledger` in the URL wins (a link can open a page), then the page last shown. */
function initialPage(): SettingsPage {
  const fromUrl = new URLSearchParams(window.location.search).get('page');
  const wanted = fromUrl ?? rememberedPage();
  return SETTINGS_PAGES.find((p) => p.id === wanted)?.id ?? 'accounts';
}

function rememberedPage(): string | null {
  try {
    return window.sessionStorage.getItem(PAGE_KEY);
  } catch {
    return null;
  }
}

function rememberPage(page: SettingsPage): void {
  try {
    window.sessionStorage.setItem(PAGE_KEY, page);
  } catch {
    // Not remembering the page is harmless.
  }
}
