import { useRef, type KeyboardEvent } from 'react';

export type PopoverTab = 'for-you' | 'interruptions' | 'activity' | 'ledger';

const TABS: readonly { id: PopoverTab; label: string }[] = [
  { id: 'for-you', label: 'For you' },
  { id: 'interruptions', label: 'Interruptions' },
  { id: 'activity', label: 'Activity' },
  { id: 'ledger', label: 'Ledger' },
];

export function tabId(tab: PopoverTab): string {
  return `tab-${tab}`;
}
export function panelId(tab: PopoverTab): string {
  return `panel-${tab}`;
}

/** The popover's tabs, as an ARIA tab list: arrow keys, Home and End switch tabs. */
export function PopoverTabs({ active, waiting, onChange }: { active: PopoverTab; waiting: number; onChange: (tab: PopoverTab) => void }) {
  const refs = useRef<Partial<Record<PopoverTab, HTMLButtonElement | null>>>({});
  const onKeyDown = (event: KeyboardEvent) => {
    const index = TABS.findIndex((tab) => tab.id === active);
    const target =
      event.key === 'ArrowRight'
        ? TABS[(index + 1) % TABS.length]
        : event.key === 'ArrowLeft'
          ? TABS[(index + TABS.length - 1) % TABS.length]
          : event.key === 'Home'
            ? TABS[0]
            : event.key === 'End'
              ? TABS[TABS.length - 1]
              : undefined;
    if (!target) return;
    event.preventDefault();
    onChange(target.id);
    refs.current[target.id]?.focus();
  };
  return (
    <div className="tabs" role="tablist" aria-label="Steward" onKeyDown={onKeyDown}>
      {TABS.map((tab) => (
        <button
          key={tab.id}
          ref={(element) => {
            refs.current[tab.id] = element;
          }}
          type="button"
          role="tab"
          id={tabId(tab.id)}
          aria-selected={active === tab.id}
          aria-controls={panelId(tab.id)}
          tabIndex={active === tab.id ? 0 : -1}
          className="tabs__tab"
          onClick={() => onChange(tab.id)}
        >
          {tab.label}
          {tab.id === 'for-you' && waiting > 0 ? (
            <span className="tabs__count" aria-label={`${waiting} waiting`}>
              {waiting}
            </span>
          ) : null}
        </button>
      ))}
    </div>
  );
}
