/**
 * What to say about an invitation waiting for an answer: "Accept Design review? It conflicts
 * with nothing" or "… It conflicts with 1:1 with Ana". Pure: the caller passes the invitation,
 * the event with the same UID in the user's calendars (if any) and the user's occurrences
 * around it. Clock times are the UI's to format; the words here name events and durations only.
 */
import { conflictsWith } from './conflicts.js';
import type { EventInstance, EventItem } from './event-item.js';
import { expandObject, type ExpansionWindow } from './expand.js';
import { invitationState, type Invitation, type InvitationState } from './imip.js';

export interface RsvpAdvice {
  readonly invitation: Invitation;
  readonly state: Extract<InvitationState, { kind: 'needs-answer' }>;
  /** The invitation's occurrences in the window (one for a single event). */
  readonly occurrences: readonly EventInstance[];
  /** The user's busy occurrences any of them overlaps, soonest first. */
  readonly conflicts: readonly EventInstance[];
  /** "It conflicts with nothing" / 'It conflicts with "1:1 with Ana"'. */
  readonly why: string;
  /** What Steward proposes: accept when it fits, tentative when it clashes (the user picks). */
  readonly proposedAnswer: 'accepted' | 'tentative';
}

/**
 * Advice for an invitation that needs an answer, or null when it needs none (answered, outdated,
 * cancelled, not addressed to the user, or entirely in the past).
 */
export function adviseOnInvitation(
  invitation: Invitation,
  existing: EventItem | null,
  instances: readonly EventInstance[],
  self: ReadonlySet<string>,
  window: ExpansionWindow,
  userZone: string,
): RsvpAdvice | null {
  const state = invitationState(invitation, existing, self);
  if (state.kind !== 'needs-answer' || !invitation.object) return null;
  const occurrences = expandObject(invitation.object, window, { userZone, limits: { maxInstances: 50 } }).instances;
  if (occurrences.length === 0) return null;
  const clashes = new Map<string, EventInstance>();
  for (const occurrence of occurrences) {
    for (const other of conflictsWith({ startMs: occurrence.startMs, endMs: occurrence.endMs, uid: invitation.uid }, instances, self)) clashes.set(other.key, other);
  }
  const conflicts = [...clashes.values()].sort((a, b) => a.startMs - b.startMs);
  return { invitation, state, occurrences, conflicts, why: describeClashes(conflicts), proposedAnswer: conflicts.length === 0 ? 'accepted' : 'tentative' };
}

export function describeClashes(conflicts: readonly EventInstance[]): string {
  if (conflicts.length === 0) return 'It conflicts with nothing';
  const names = [...new Set(conflicts.map((c) => `"${c.item.summary || 'Untitled event'}"`))];
  if (names.length === 1) return `It conflicts with ${names[0]}`;
  if (names.length === 2) return `It conflicts with ${names[0]} and ${names[1]}`;
  return `It conflicts with ${names[0]} and ${names.length - 1} more`;
}
