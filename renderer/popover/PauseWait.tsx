import type { Operation } from '../state';
import { WaitBar } from './WaitBar';

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
  return <WaitBar icon="pause" words={HELD_WORDS} testId="pause-wait" action="Don’t run" busyAction="Cancelling…" undo={undo} onAction={onCancel} />;
}

/** What a step a pause holds is waiting for, as every view of it says it. */
export const HELD_WORDS = 'Waiting: Steward is paused. Runs when you resume';
