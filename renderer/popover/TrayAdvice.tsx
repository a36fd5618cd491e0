import { useState } from 'react';
import { Icon } from '../components/Icon';

const CLOSED_KEY = 'steward.trayAdviceClosed';

function remembered(): boolean {
  try {
    return window.localStorage.getItem(CLOSED_KEY) === '1';
  } catch {
    return false;
  }
}

/**
 * Where the desktop shows no tray icons (stock GNOME) Steward is an ordinary window: this says
 * why and how to get an icon. Open until the user closes it once.
 */
export function TrayAdvice({ advice }: { advice: string }) {
  const [open, setOpen] = useState(() => !remembered());
  return (
    <details
      className="tray-advice"
      open={open}
      onToggle={(event) => {
        const next = event.currentTarget.open;
        setOpen(next);
        try {
          window.localStorage.setItem(CLOSED_KEY, next ? '0' : '1');
        } catch {
          // Not remembering is harmless: it opens again next time.
        }
      }}
    >
      <summary className="tray-advice__summary">
        <Icon name="alert" size={14} />
        No tray icon on this desktop
      </summary>
      <p className="tray-advice__text">{advice}</p>
    </details>
  );
}
