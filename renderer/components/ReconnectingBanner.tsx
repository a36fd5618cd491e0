import { useEffect, useState } from 'react';
import { useSteward, useStewardActions } from '../state';
import { Spinner } from './Spinner';

/** A thin bar while the link to the engine is down; what is on screen may be out of date. */
export function ReconnectingBanner() {
  const link = useSteward((state) => state.link);
  const transport = useSteward((state) => state.transport);
  const { retryConnection } = useStewardActions();
  const secondsLeft = useSecondsUntil(link.kind === 'reconnecting' ? link.retryAt : null);

  if (link.kind !== 'reconnecting') return null;
  const waiting = secondsLeft !== null && secondsLeft > 1;
  if (link.reason) {
    // The desktop shell gave up restarting the engine: nothing will reconnect by itself.
    return (
      <div className="reconnecting" role="alert">
        <span className="reconnecting__text">
          Steward’s engine stopped
          <span className="reconnecting__hint"> · {link.reason} Choose Restart Engine in the tray menu, or quit Steward and start it again.</span>
        </span>
      </div>
    );
  }
  return (
    <div className="reconnecting" role="status">
      <Spinner size={12} />
      <span className="reconnecting__text">
        Reconnecting…
        <span className="reconnecting__hint"> · showing the last known state</span>
      </span>
      {transport === 'browser' && waiting ? (
        <button
          type="button"
          className="button button--link button--small"
          title={`Next try in ${secondsLeft} s`}
          onClick={retryConnection}
        >
          Try now
        </button>
      ) : null}
    </div>
  );
}

function useSecondsUntil(at: number | null): number | null {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (at === null) return;
    const timer = window.setInterval(() => setNow(Date.now()), 1000);
    return () => window.clearInterval(timer);
  }, [at]);
  return at === null ? null : Math.max(0, Math.ceil((at - now) / 1000));
}
