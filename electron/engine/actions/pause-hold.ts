/**
 * What a pause does to approved steps that have not started, as words and pure decisions: they
 * wait ('held') instead of being cancelled, run when the user resumes (the gate checks each one
 * again then), and can be cancelled until then. The runner does the I/O around these.
 */
import type { ActionStatus } from '@shared/domain/types.js';

/** On a held step's card and in its ledger entry. */
export const HELD = 'Waiting: Steward is paused. Runs when you resume.';

/**
 * Whether a pause by `pausedBy` holds a step `approver` approved, or calls it off. The safety
 * brake pauses because too much ran without asking: what was approved without asking (a rule,
 * an Allow) is then cancelled, so that resuming does not carry the runaway on; what a person
 * approved waits like under any other pause.
 */
export function pauseHolds(pausedBy: string | null, approver: string): boolean {
  return pausedBy !== 'breaker' || approver.startsWith('user:') || approver === 'shell';
}

/** Why the safety brake called off an unasked step instead of holding it. */
export const BRAKED = 'Not run: the safety brake stopped what ran without asking. Look at Activity; approve it yourself to run it.';

/** The ledger's words when a pause holds a step; `undo` is how to call it off. */
export function heldSummary(title: string): string {
  return `${title}: waits while Steward is paused. It runs when you resume; until then you can cancel it (Don’t run, or steward undo).`;
}

/**
 * The ledger's words when a held step is taken up after the resume, before the gate checks it
 * again. `approver` is the actor that approved it; `ruleName` names a rule's.
 */
export function resumedSummary(title: string, approver: string, ruleName: (id: string) => string): string {
  return `${title}: Steward was resumed, so it runs now as approved by ${approverWords(approver, ruleName)}, if your permissions still allow it.`;
}

/** Who approved a step, in words: "you (in the app)", "your rule “Newsletters”", "your permissions". */
export function approverWords(approver: string, ruleName: (id: string) => string): string {
  if (approver.startsWith('rule:')) return `your rule “${ruleName(approver.slice('rule:'.length))}”`;
  switch (approver) {
    case 'user:ui':
      return 'you (in the app)';
    case 'user:web':
      return 'you (in the browser)';
    case 'user:cli':
      return 'you (steward approve)';
    case 'shell':
      return 'you';
    default:
      return approver.startsWith('user:') ? 'you' : 'your permissions';
  }
}

/**
 * The step that was running when the pause landed, and that the server shows not done: it is
 * not held (it had started), so it says how to run it again.
 */
export const CUT_SHORT = 'The pause stopped this step before it completed. Approve the plan again once it has finished: a step is never done twice.';

/** A held step the user cancelled: nothing of it ever happened. */
export const CANCELLED_WHILE_HELD = 'Cancelled while Steward was paused: it never ran.';

/** The steps after a cancelled one: they waited for it. */
export const AFTER_CANCELLED = 'Not run because you cancelled an earlier step.';

/**
 * Why a step that was held can no longer be cancelled, in words; null when it can (it still
 * waits). Between the click and the engine, a resume may have run it.
 */
export function heldCancelRefusal(status: ActionStatus): string | null {
  switch (status) {
    case 'held':
      return null;
    case 'approved':
    case 'running':
      return 'Too late to cancel: Steward was resumed and it is running now. Undo it once it is done.';
    case 'done':
      return 'Too late to cancel: it already ran after the resume. Undo it instead, if it can be undone.';
    case 'cancelled':
      return 'It was already cancelled: it never ran.';
    default:
      return 'There is nothing to cancel: it is no longer waiting. See its card for what happened.';
  }
}
