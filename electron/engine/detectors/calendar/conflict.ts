/**
 * Two busy events at the same time → a suggestion naming both: '"Design review" overlaps
 * "1:1 with Ana" by 30 min'. When one of them is someone else's invitation the user has not
 * declined, the plan declines it (the user approves or not); when both are the user's own, the
 * card only points it out (a plan without steps: nothing of theirs is changed unasked).
 */
import { conflictsWith, describeConflict, type Conflict } from '../../items/event/conflicts.js';
import { findSelf, type EventInstance } from '../../items/event/event-item.js';
import type { StoredEvent } from '../../items/event/event-kind.js';
import type { StepIntent } from '../../intents/intents.js';
import type { Proposal } from '../../suggestions/suggestion-draft.js';
import type { Detector } from '../types.js';
import { comingOccurrences, eventSource, selfOf, titleOf, whenInWords, whenOf, zoneOf } from './event-facts.js';

/** One key per pair, whichever of the two was fresh. */
function pairKey(a: EventInstance, b: EventInstance): string {
  return [a.key, b.key].sort().join(' & ');
}

function invitedBySomeoneElse(instance: EventInstance, self: ReadonlySet<string>): boolean {
  const organiser = instance.item.organizer;
  return organiser !== null && organiser.email !== '' && !self.has(organiser.email) && findSelf(instance.item.attendees, self) !== undefined;
}

export const conflictDetector: Detector<StoredEvent> = {
  id: 'conflict',
  itemKind: 'event',
  detect(fresh, context) {
    const self = selfOf(context.account);
    const zone = zoneOf(context);
    const nowMs = context.now.getTime();
    const pairs = new Map<string, { event: StoredEvent; conflict: Conflict }>();
    for (const event of fresh.filter((e) => e.present)) {
      for (const mine of comingOccurrences(event, nowMs).filter((instance) => !instance.allDay)) {
        for (const other of conflictsWith({ startMs: mine.startMs, endMs: mine.endMs, uid: mine.uid }, event.around, self)) {
          if (other.allDay) continue;
          const [first, second] = mine.startMs <= other.startMs ? [mine, other] : [other, mine];
          pairs.set(pairKey(mine, other), { event, conflict: { first, second, startMs: Math.max(mine.startMs, other.startMs), endMs: Math.min(mine.endMs, other.endMs) } });
        }
      }
    }
    const covered = context.covered('conflict', [...pairs.keys()]);
    return [...pairs.entries()]
      .filter(([key]) => !covered.has(key))
      .map(([key, { event, conflict }]): Proposal => {
        // Decline the later invitation from someone else, if there is one on this account.
        const declinable = [conflict.second, conflict.first].find((instance) => invitedBySomeoneElse(instance, self) && instance.href === event.href);
        const intents: StepIntent[] = declinable
          ? [{ type: 'calendar.respond', answer: 'declined', event: { href: declinable.href, recurrenceId: null, title: titleOf(declinable), when: whenOf(declinable) } }]
          : [];
        return {
          kind: 'conflict',
          accountId: context.account.id,
          dedupeKey: `conflict:${context.account.id}:${key}`,
          title: `Double-booked ${whenInWords(conflict.first, zone)}: ${titleOf(conflict.first)} and ${titleOf(conflict.second)}`,
          why: `${describeConflict(conflict)}.${declinable ? ` Steward proposes declining "${titleOf(declinable)}".` : ' Both are yours: move one in your calendar.'}`,
          urgency: 'normal',
          flags: [],
          sources: [eventSource(event, conflict.first), eventSource(event, conflict.second)],
          items: [{ id: event.id, key }],
          intents,
        };
      });
  },
};
