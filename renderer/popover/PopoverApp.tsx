import { useEffect, useState } from 'react';
import { desktopShell, onShowSuggestion } from '../api';
import { ConnectionGate } from '../components/ConnectionGate';
import { LiveRegion } from '../components/LiveRegion';
import { ReconnectingBanner } from '../components/ReconnectingBanner';
import { useSteward } from '../state';
import { ActivityList } from './ActivityList';
import { InterruptionsPanel } from './InterruptionsPanel';
import { Onboarding } from './Onboarding';
import { WorkingOn } from './WorkingOn';
import { PopoverFooter } from './PopoverFooter';
import { PopoverHeader } from './PopoverHeader';
import { PopoverTabs, panelId, tabId, type PopoverTab } from './PopoverTabs';
import { RecentLedger } from './RecentLedger';
import { SuggestionList, type FocusRequest } from './SuggestionList';
import { TrayAdvice } from './TrayAdvice';
import { useShellState } from './use-shell-state';

/**
 * The tray popover (or, where a popover cannot work, Steward's window): status and pause at the
 * top, then either the onboarding (no account yet) or the tabs: suggestions, interruptions,
 * activity and the latest of the ledger.
 */
export function PopoverApp() {
  const ready = useSteward((state) => state.status.data !== null);
  const error = useSteward((state) => state.status.error);
  const needsToken = useSteward((state) => state.link.kind === 'needs-token');
  const hasAccount = useSteward((state) => (state.status.data?.accounts.length ?? 0) > 0);
  const waiting = useSteward((state) => state.suggestions.data?.length ?? 0);
  const shellState = useShellState();
  const [tab, setTab] = useState<PopoverTab>('for-you');
  const [focusRequest, setFocusRequest] = useState<FocusRequest | null>(null);

  useHideOnEscape(shellState?.surface !== 'window');
  // A clicked notification: For you, with that suggestion focused.
  useEffect(
    () =>
      onShowSuggestion((suggestionId) => {
        setTab('for-you');
        setFocusRequest((previous) => ({ suggestionId, serial: (previous?.serial ?? 0) + 1 }));
      }),
    [],
  );

  if (!ready || needsToken) {
    const gate = (
      <ConnectionGate ready={false} error={error}>
        {null}
      </ConnectionGate>
    );
    return (
      <div className="popover">
        {/* The token screen is a main landmark of its own; the others get one here. */}
        {needsToken ? (
          gate
        ) : (
          <main className="popover__gate">
            <h1 className="visually-hidden">Steward</h1>
            {gate}
          </main>
        )}
        <LiveRegion />
      </div>
    );
  }

  return (
    <div className="popover">
      <PopoverHeader />
      <ReconnectingBanner />
      <main className="popover__main">
        {shellState?.trayAdvice ? <TrayAdvice advice={shellState.trayAdvice} /> : null}
        {hasAccount ? (
          <>
            <PopoverTabs active={tab} waiting={waiting} onChange={setTab} />
            {/* Focusable, as the tabs pattern asks: a panel may scroll and hold nothing else to focus. */}
            <div className="popover__body" role="tabpanel" tabIndex={0} id={panelId(tab)} aria-labelledby={tabId(tab)}>
              {tab === 'for-you' ? (
                <>
                  <WorkingOn />
                  <SuggestionList focusRequest={focusRequest} />
                </>
              ) : null}
              {tab === 'interruptions' ? <InterruptionsPanel /> : null}
              {tab === 'activity' ? <ActivityList /> : null}
              {tab === 'ledger' ? <RecentLedger /> : null}
            </div>
          </>
        ) : (
          <div className="popover__body">
            <Onboarding />
          </div>
        )}
        <LiveRegion />
      </main>
      <PopoverFooter />
    </div>
  );
}

/** On the desktop, Escape hides the popover, as it does for the system's own menus. */
function useHideOnEscape(enabled: boolean) {
  useEffect(() => {
    const shell = desktopShell();
    if (!shell || !enabled) return;
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.key === 'Escape' && !event.defaultPrevented) shell.hidePopover();
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [enabled]);
}
