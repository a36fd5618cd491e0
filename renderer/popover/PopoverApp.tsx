import { useEffect, useState } from 'react';
import { desktopShell } from '../api';
import { ConnectionGate } from '../components/ConnectionGate';
import { LiveRegion } from '../components/LiveRegion';
import { ReconnectingBanner } from '../components/ReconnectingBanner';
import { useSteward } from '../state';
import { ActivityList } from './ActivityList';
import { PopoverFooter } from './PopoverFooter';
import { PopoverHeader } from './PopoverHeader';
import { PopoverTabs, panelId, tabId, type PopoverTab } from './PopoverTabs';
import { SuggestionList } from './SuggestionList';

/** The tray popover: status and pause at the top, suggestions and activity below. */
export function PopoverApp() {
  const ready = useSteward((state) => state.status.data !== null);
  const error = useSteward((state) => state.status.error);
  const waiting = useSteward((state) => state.suggestions.data?.length ?? 0);
  const [tab, setTab] = useState<PopoverTab>('for-you');

  useHideOnEscape();

  return (
    <div className="popover">
      <ConnectionGate ready={ready} error={error}>
        <PopoverHeader />
        <ReconnectingBanner />
        <PopoverTabs active={tab} waiting={waiting} onChange={setTab} />
        <div className="popover__body" role="tabpanel" id={panelId(tab)} aria-labelledby={tabId(tab)}>
          {tab === 'for-you' ? <SuggestionList /> : <ActivityList />}
        </div>
        <PopoverFooter />
      </ConnectionGate>
      <LiveRegion />
    </div>
  );
}

/** On the desktop, Escape hides the popover, as it does for the system's own menus. */
function useHideOnEscape() {
  useEffect(() => {
    const shell = desktopShell();
    if (!shell) return;
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.key === 'Escape' && !event.defaultPrevented) shell.hidePopover();
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, []);
}
