/**
 * The undo window of outward steps, as pure decisions: which steps wait in the outbox, when one
 * leaves, what a pause keeps of its window, and whether it can still be recalled. The outbox
 * (outbox.ts) and the runner do the I/O around these.
 */
import type { CapabilityId } from '@shared/domain/capabilities.js';
import type { ActionStatus } from '@shared/domain/types.js';

/**
 * Capabilities whose steps wait out an undo window before they run, whatever connector carries
 * them out (IMAP+SMTP, Gmail): once a message has left, nothing can bring it back.
 */
const OUTBOX_CAPABILITIES: ReadonlySet<CapabilityId> = new Set<CapabilityId>(['email.send']);

export function waitsInOutbox(capability: CapabilityId): boolean {
  return OUTBOX_CAPABILITIES.has(capability);
}

/** When a step approved at `now` leaves. */
export function dueAfter(now: Date, windowMs: number): string {
  return new Date(now.getTime() + Math.max(0, windowMs)).toISOString();
}

/**
 * What is left of a window when a pause began: the countdown stops for the pause (a pause means
 * "nothing leaves"), and what was left is given back on resume, so the user still has that long
 * to recall it after they resume. Never negative: a step that was due is due at once on resume.
 */
export function heldRemainder(dueAt: string, pausedAt: string): number {
  return Math.max(0, Date.parse(dueAt) - Date.parse(pausedAt));
}

/** Milliseconds until a due time (0 when it is due). */
export function msUntil(dueAt: string, now: Date): number {
  return Math.max(0, Date.parse(dueAt) - now.getTime());
}

/**
 * Why a step can no longer be recalled, in words; null when it can (it still waits in the
 * outbox: nothing has left, and no ticket was used).
 */
export function recallRefusal(status: ActionStatus, executedAt: string | null, when: (iso: string) => string): string | null {
  switch (status) {
    case 'scheduled':
      return null;
    case 'approved':
    case 'running':
      return 'Too late to recall: the undo window has passed and the message is being sent now. Mail cannot be unsent once it has left.';
    case 'done':
      return `Too late to recall: the message was sent${executedAt ? ` at ${when(executedAt)}` : ''}. Mail cannot be unsent once it has left.`;
    case 'cancelled':
      return 'It was already recalled (or cancelled): nothing was sent.';
    case 'failed':
    case 'interrupted':
      return 'There is nothing to recall: sending it did not complete. See its error on the card.';
    default:
      return 'There is nothing to recall: it is not waiting to be sent.';
  }
}
