/**
 * What a card needs to know about a plan that composes a message (a reply): which step writes
 * it, whether it can still be edited or sent, and a send waiting in the outbox. Pure.
 */
import type { Action, Suggestion } from '@shared/domain/types';

const COMPOSING = new Set(['email.draft', 'email.send']);
const UNSTARTED = new Set<Action['status']>(['proposed', 'failed', 'cancelled']);

/** The step that writes the message, while nothing of it has happened; undefined otherwise. */
export function composingStep(suggestion: Suggestion): Action | undefined {
  return suggestion.actions.find((a) => COMPOSING.has(a.capability) && UNSTARTED.has(a.status) && a.preview.kind === 'draft');
}

/** A send waiting out its undo window. */
export function queuedSend(suggestion: Suggestion): Action | undefined {
  return suggestion.actions.find((a) => a.status === 'scheduled');
}

/** A step approved before a pause that waits for the resume. */
export function heldStep(suggestion: Suggestion): Action | undefined {
  return suggestion.actions.find((a) => a.status === 'held');
}

/** A send whose window has passed and that is on its way. */
export function sendingNow(suggestion: Suggestion): Action | undefined {
  return suggestion.actions.find((a) => a.capability === 'email.send' && (a.status === 'running' || a.status === 'approved'));
}

/** Who a composed message goes to, as the preview shows it. */
export function recipientsOf(action: Action): string {
  return action.preview.kind === 'draft' ? action.preview.to : '';
}

/** Seconds left until `dueAt` (never negative), rounded up so "0 s" means it is leaving. */
export function secondsLeft(dueAt: string, now: number): number {
  return Math.max(0, Math.ceil((Date.parse(dueAt) - now) / 1000));
}
