import { useRef, type KeyboardEvent } from 'react';

export type PopoverTab = 'for-you' | 'activity';

const TABS: readonly { id: PopoverTab; label: string }[] = [
  { id: 'for-you', label: 'For you' },
  { id: 'activity', label: 'Activity' },
];

export function tabId(tab: PopoverTab): string {
  return `tab-${tab}`;
}
export function panelId(tab: PopoverTab): string {
  return `panel-${tab}`;
}

/** *For you* and *Activity*, as an ARIA tab list (arrow keys switch tabs). */
export function PopoverTabs({ active, waiting, onChange }: { active: PopoverTab; waiting: number; onChange: (tab: PopoverTab) => void }) {
  const refs = useRef<Partial<Record<PopoverTab, HTMLButtonElement | null>>>({});
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key !== 'ArrowLeft' && event.key !== 'ArrowRight') return;
    const index = TABS.findIndex((tab) => tab.id === active);
    const next = TABS[(index + (event.key === 'ArrowRight' ? 1 : TABS.length - 1)) % TABS.length];
    if (!next) return;
    event.preventDefault();
    onChange(next.id);
    refs.current[next.id]?.focus();
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
