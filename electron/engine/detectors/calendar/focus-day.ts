/**
 * A working day with no break (meetings back to back, or no free hour left) → a tentative focus
 * block in the longest gap, which the user approves or not. Weekdays 09:00 to 17:00 in the
 * user's zone; only days still to come.
 */
import type { StoredEvent } from '../../items/event/event-kind.js';
import { analyzeDay, focusBlockEvent } from '../../items/event/focus-block.js';
import { dateInZone } from '../../items/event/zones.js';
import type { Proposal } from '../../suggestions/suggestion-draft.js';
import type { Detector } from '../types.js';
import { comingOccurrences, selfOf, zoneOf } from './event-facts.js';

const WORK = { start: '09:00', end: '17:00' } as const;

function isWeekday(date: string): boolean {
  const day = new Date(`${date}T12:00:00Z`).getUTCDay();
  return day !== 0 && day !== 6;
}

export const focusDetector: Detector<StoredEvent> = {
  id: 'focus',
  itemKind: 'event',
  detect(fresh, context) {
    const self = selfOf(context.account);
    const zone = zoneOf(context);
    const nowMs = context.now.getTime();
    const today = dateInZone(nowMs, zone);
    // Each day once, with the first fresh event of that day (its calendar gets the block).
    const days = new Map<string, StoredEvent>();
    for (const event of fresh.filter((e) => e.present)) {
      for (const instance of comingOccurrences(event, nowMs).filter((i) => !i.allDay)) {
        const date = dateInZone(instance.startMs, zone);
        if (date > today && isWeekday(date) && !days.has(date)) days.set(date, event);
      }
    }
    const covered = context.covered('focus', [...days.keys()]);
    return [...days.entries()].flatMap(([date, event]): Proposal[] => {
      if (covered.has(date)) return [];
      const verdict = analyzeDay(event.around, { date, zone, workStart: WORK.start, workEnd: WORK.end }, self);
      if (verdict.kind !== 'no-break' || !verdict.proposal) return [];
      const spec = focusBlockEvent(verdict.proposal, zone);
      const weekday = new Intl.DateTimeFormat('en-GB', { timeZone: 'UTC', weekday: 'long', day: 'numeric', month: 'short' }).format(new Date(`${date}T12:00:00Z`));
      return [
        {
          kind: 'focus',
          accountId: context.account.id,
          dedupeKey: `focus:${context.account.id}:${date}`,
          title: `Hold an hour of focus time on ${weekday}`,
          why: `${verdict.reason} that day. Steward would add a tentative block in the longest gap.`,
          urgency: 'low',
          flags: [],
          sources: [],
          items: [{ id: event.id, key: date }],
          intents: [
            {
              type: 'calendar.create',
              calendarId: event.calendarId,
              event: spec,
              when: { start: new Date(verdict.proposal.startMs).toISOString(), end: new Date(verdict.proposal.endMs).toISOString(), allDay: false },
            },
          ],
        },
      ];
    });
  },
};
