import type { ReactNode } from 'react';
import { Icon, type IconName } from '../components/Icon';
import { Spinner } from '../components/Spinner';
import type { Operation } from '../state';

interface WaitBarProps {
  readonly icon: IconName;
  readonly words: string;
  readonly testId: string;
  /** The button's word, and what it says while the engine answers. */
  readonly action: string;
  readonly busyAction: string;
  readonly undo: Operation | undefined;
  readonly onAction: () => void;
  readonly ariaLive?: 'off' | 'polite';
}

/** A step that waits, in one line, with the one thing the user can do about it (recall, don't run). */
export function WaitBar({ icon, words, testId, action, busyAction, undo, onAction, ariaLive }: WaitBarProps): ReactNode {
  return (
    <div className="send-countdown" role="status" aria-live={ariaLive}>
      <Icon name={icon} size={14} />
      <span className="send-countdown__words" data-testid={testId}>
        {words}
      </span>
      <span aria-hidden="true">·</span>
      <button type="button" className="button button--link send-countdown__undo" disabled={undo?.busy} onClick={onAction}>
        {undo?.busy ? (
          <>
            <Spinner size={12} /> {busyAction}
          </>
        ) : (
          action
        )}
      </button>
    </div>
  );
}
