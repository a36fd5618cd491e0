import type { Action } from '@shared/domain/types';
import { Spinner } from '../components/Spinner';
import type { Operation } from '../state';
import { secondsLeft } from './compose-plan';
import { WaitBar } from './WaitBar';
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
  return <WaitBar icon="clock" words={words} testId="send-countdown" action="Undo" busyAction="Recalling…" undo={undo} onAction={onUndo} ariaLive="off" />;
}

/** After the window: on its way, and from now on it cannot be recalled. */
export function SendingNow() {
  return (
    <p className="send-countdown send-countdown--gone" role="status">
      <Spinner size={12} /> Sending now: it can no longer be undone.
    </p>
  );
}
