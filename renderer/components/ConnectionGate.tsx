import type { ReactNode } from 'react';
import { useSteward, useStewardActions } from '../state';
import { Icon } from './Icon';
import { StartingScreen } from './StartingScreen';
import { TokenRequiredScreen } from './TokenRequiredScreen';

interface ConnectionGateProps {
  /** True once the window has what it needs to draw itself. */
  readonly ready: boolean;
  /** Why the first load failed, if it did. */
  readonly error: string | null;
  readonly children: ReactNode;
}

/**
 * Holds back a window's content until the engine has answered once, and replaces it when the
 * browser has no valid token. After that the content stays, stale if need be, while the link
 * reconnects (a banner says so).
 */
export function ConnectionGate({ ready, error, children }: ConnectionGateProps) {
  const link = useSteward((state) => state.link);
  const { refresh } = useStewardActions();
  if (link.kind === 'needs-token') return <TokenRequiredScreen reason={link.reason} />;
  if (ready) return <>{children}</>;
  if (error && link.kind === 'open') {
    return (
      <div className="gate-screen" role="alert">
        <div className="gate-screen__icon gate-screen__icon--attention">
          <Icon name="alert" size={24} />
        </div>
        <h1 className="gate-screen__title">Steward did not answer</h1>
        <p className="gate-screen__text">{error}</p>
        <button type="button" className="button button--secondary" onClick={() => void refresh('status')}>
          Try again
        </button>
      </div>
    );
  }
  return <StartingScreen />;
}
