import type { Action } from '@shared/domain/types';
import { Icon } from '../components/Icon';
import { Spinner } from '../components/Spinner';
import type { Operation } from '../state';
import { secondsLeft } from './compose-plan';
import { useNow } from './use-now';

interface SendCountdownProps {
  readonly action: Action;
  readonly undo: Operation | undefined;
  readonly onUndo: () => void;
}

/**
 * "Sending in 8 s · Undo": a message in the outbox, live. The engine decides whether Undo is
 * still in time (the step may leave the very moment it is pressed); the card says what it said.
 */
export function SendCountdown({ action, undo, onUndo }: SendCountdownProps) {
  const wait = action.outbox;
  const now = useNow(wait?.dueAt != null);
  const words =
    wait?.dueAt != null
      ? secondsLeft(wait.dueAt, now) > 0
        ? `Sending in ${secondsLeft(wait.dueAt, now)} s`
        : 'Sending now'
      : `Held while Steward is paused${wait?.heldMs != null ? ` (${Math.ceil(wait.heldMs / 1000)} s left after you resume)` : ''}`;
  return (
    <div className="send-countdown" role="status" aria-live="off">
      <Icon name="clock" size={14} />
      <span className="send-countdown__words" data-testid="send-countdown">
        {words}
      </span>
      <span aria-hidden="true">·</span>
      <button type="button" className="button button--link send-countdown__undo" disabled={undo?.busy} onClick={onUndo}>
        {undo?.busy ? (
          <>
            <Spinner size={12} /> Recalling…
          </>
        ) : (
          'Undo'
        )}
      </button>
    </div>
  );
}

/** After the window: on its way, and from now on it cannot be recalled. */
export function SendingNow() {
  return (
    <p className="send-countdown send-countdown--gone" role="status">
      <Spinner size={12} /> Sending now: it can no longer be undone.
    </p>
  );
}
