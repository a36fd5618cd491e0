/**
 * An invitation in the user's calendar still waiting for their answer → "Accept Design review,
 * Tue 10:00? It conflicts with nothing", or, when it clashes, a tentative answer with "It
 * conflicts with "1:1 with Ana"". The plan is the answer (calendar.respond), which tells the
 * organiser; the user approves it or not. An invitation first seen in the mail (the event had not
 * synced yet) had a suggestion of its own: this one retires it, so the user sees one card.
 */
import { findSelf, type EventInstance } from '../../items/event/event-item.js';
import type { StoredEvent } from '../../items/event/event-kind.js';
import { conflictsWith } from '../../items/event/conflicts.js';
import { describeClashes } from '../../items/event/invitation-advice.js';
import type { Proposal } from '../../suggestions/suggestion-draft.js';
import { invitationKeyOf } from '../invitation.js';
import type { Detector } from '../types.js';
import { comingOccurrences, eventSource, selfOf, titleOf, whenInWords, whenOf, zoneOf } from './event-facts.js';

/** The first coming occurrence that asks the user for an answer they have not given. */
function awaitingAnswer(event: StoredEvent, self: ReadonlySet<string>, nowMs: number): EventInstance | null {
  return (
    comingOccurrences(event, nowMs).find((instance) => {
      const { organizer, attendees, status } = instance.item;
      if (status === 'cancelled' || (organizer && self.has(organizer.email))) return false;
      return findSelf(attendees, self)?.partstat === 'needs-action';
    }) ?? null
  );
}

export const rsvpDetector: Detector<StoredEvent> = {
  id: 'rsvp',
  itemKind: 'event',
  detect(fresh, context) {
    const self = selfOf(context.account);
    const zone = zoneOf(context);
    const nowMs = context.now.getTime();
    const waiting = fresh.filter((event) => event.present).flatMap((event) => {
      const instance = awaitingAnswer(event, self, nowMs);
      return instance ? [{ event, instance }] : [];
    });
    const covered = context.covered('rsvp', waiting.map(({ instance }) => instance.uid));
    return waiting
      .filter(({ instance }) => !covered.has(instance.uid))
      .map(({ event, instance }): Proposal => {
        const clashes = conflictsWith({ startMs: instance.startMs, endMs: instance.endMs, uid: instance.uid }, event.around, self);
        const answer = clashes.length === 0 ? 'accepted' : 'tentative';
        const title = titleOf(instance);
        const organiser = instance.item.organizer?.name || instance.item.organizer?.email || 'Someone';
        return {
          kind: 'rsvp',
          accountId: context.account.id,
          dedupeKey: `rsvp:${context.account.id}:${instance.uid}`,
          // The invitation may have come by mail before the event synced: this card replaces that one.
          replaces: [invitationKeyOf(instance.uid)],
          title: `${answer === 'accepted' ? 'Accept' : 'Tentatively accept'} ${title}, ${whenInWords(instance, zone)}?`,
          why: `${describeClashes(clashes)}. ${organiser} is waiting for your answer.`,
          urgency: 'normal',
          flags: clashes.length > 0 ? [`${describeClashes(clashes)}: Steward proposes a tentative answer.`] : [],
          sources: [eventSource(event, instance)],
          items: [{ id: event.id, key: instance.uid }],
          intents: [{ type: 'calendar.respond', answer, event: { href: event.href, recurrenceId: null, title, when: whenOf(instance) } }],
        };
      });
  },
};
