import { Icon } from '../components/Icon';
import { Spinner } from '../components/Spinner';
import type { Operation } from '../state';

interface PauseWaitProps {
  readonly undo: Operation | undefined;
  /** Cancels the steps that wait (the engine's undo of a held step). */
  readonly onCancel: () => void;
}

/**
 * "Waiting: Steward is paused. Runs when you resume · Don't run": approved steps a pause holds.
 * Not the outbox's countdown: nothing counts down, and resuming is what lets them run.
 */
export function PauseWait({ undo, onCancel }: PauseWaitProps) {
  return (
    <div className="send-countdown" role="status">
      <Icon name="pause" size={14} />
      <span className="send-countdown__words" data-testid="pause-wait">
        {HELD_WORDS}
      </span>
      <span aria-hidden="true">·</span>
      <button type="button" className="button button--link send-countdown__undo" disabled={undo?.busy} onClick={onCancel}>
        {undo?.busy ? (
          <>
            <Spinner size={12} /> Cancelling…
          </>
        ) : (
          'Don’t run'
        )}
      </button>
    </div>
  );
}

/** What a step a pause holds is waiting for, as every view of it says it. */
export const HELD_WORDS = 'Waiting: Steward is paused. Runs when you resume';
