// The calendar detectors over stored events with the user's day around them: an invitation
// waiting for an answer, a double booking, a day with no break; and an invitation in the mail
// whose event is in a calendar makes no second suggestion.
import { describe, expect, it } from 'vitest';
import type { StoredAccount } from '../../accounts/account-store.js';
import { planCaldav } from '../../connectors/caldav/planner.js';
import type { EventInstance } from '../../items/event/event-item.js';
import type { StoredEvent } from '../../items/event/event-kind.js';
import { instance, ME, type InstanceSpec } from '../../items/event/testing/instances.js';
import { invitationDetector } from '../invitation.js';
import { contextAt, mailItem } from '../testing/mail-item.js';
import type { DetectorContext } from '../types.js';
import { conflictDetector } from './conflict.js';
import { focusDetector } from './focus-day.js';
import { rsvpDetector } from './rsvp.js';

const calendarAccount: StoredAccount<'caldav'> = {
  id: 'acc-cal',
  kind: 'caldav',
  email: ME,
  displayName: 'Emma',
  settings: { url: 'https://dav.example.test/', username: ME, homeUrl: null, serverSchedules: false, addresses: [ME], smtp: null },
  createdAt: '2024-05-01T00:00:00Z',
};

/** Wednesday 15 May 2024, 09:00 in UTC (the zone of these tests). */
const NOW = new Date('2024-05-15T09:00:00Z');

function context(covered: ReadonlySet<string> = new Set()): DetectorContext {
  return { ...contextAt(NOW, { 'user.timeZone': 'UTC' }, covered), account: calendarAccount };
}

/** The stored event for one of the day's instances, with the whole day around it. */
function stored(mine: EventInstance, around: readonly EventInstance[]): StoredEvent {
  return {
    id: `item-${mine.uid}`,
    accountId: calendarAccount.id,
    stream: mine.calendarId,
    externalId: mine.href,
    present: true,
    calendarId: mine.calendarId,
    href: mine.href,
    objects: [],
    around,
    window: { startMs: NOW.getTime() - 86_400_000, endMs: NOW.getTime() + 14 * 86_400_000 },
  };
}

function day(...specs: InstanceSpec[]): EventInstance[] {
  return specs.map(instance);
}

describe('an invitation waiting for an answer', () => {
  const review: InstanceSpec = { summary: 'Design review', start: '2024-05-21T10:00', end: '2024-05-21T11:00', my: 'needs-action', organizer: 'ana@example.test', others: ['ana@example.test'] };

  it('proposes accepting when it conflicts with nothing, as an answer through calendar.respond', () => {
    const around = day(review);
    const [proposal] = rsvpDetector.detect([stored(around[0]!, around)], context());
    expect(proposal).toMatchObject({ kind: 'rsvp', title: 'Accept Design review, Tue 10:00?', why: 'It conflicts with nothing. ana@example.test is waiting for your answer.' });
    const [step] = planCaldav(proposal!.intents[0]!, calendarAccount) ?? [];
    expect(step).toMatchObject({ capability: 'calendar.respond', args: { url: 'cal/design-review.ics', answer: 'accepted', recurrenceId: null } });
    expect(step?.preview).toMatchObject({ kind: 'event', undoNote: 'Undo sends your previous answer again: the organiser sees both answers.' });
  });

  it('names what it conflicts with and proposes a tentative answer', () => {
    const around = day(review, { summary: '1:1 with Ana', start: '2024-05-21T10:30', end: '2024-05-21T11:00', my: 'accepted', others: ['ana@example.test'], organizer: ME });
    const [proposal] = rsvpDetector.detect([stored(around[0]!, around)], context());
    expect(proposal?.title).toBe('Tentatively accept Design review, Tue 10:00?');
    expect(proposal?.why).toContain('It conflicts with "1:1 with Ana"');
    expect(proposal?.intents[0]).toMatchObject({ type: 'calendar.respond', answer: 'tentative' });
  });

  it('stays quiet once answered, for the user’s own events, in the past, or when already proposed', () => {
    const answered = day({ ...review, my: 'accepted' });
    const own = day({ ...review, organizer: ME });
    const past = day({ ...review, start: '2024-05-14T10:00', end: '2024-05-14T11:00' });
    for (const around of [answered, own, past]) expect(rsvpDetector.detect([stored(around[0]!, around)], context())).toEqual([]);
    const fresh = day(review);
    expect(rsvpDetector.detect([stored(fresh[0]!, fresh)], context(new Set(['design-review'])))).toEqual([]);
  });
});

describe('a double booking', () => {
  it('names both events; declines nothing of the user’s own', () => {
    const around = day({ summary: 'Client Presentation', start: '2024-05-17T14:00', end: '2024-05-17T15:30' }, { summary: 'Dentist', start: '2024-05-17T15:00', end: '2024-05-17T16:00' });
    const [proposal] = conflictDetector.detect([stored(around[1]!, around)], context());
    expect(proposal).toMatchObject({ kind: 'conflict', title: 'Double-booked Fri 14:00: Client Presentation and Dentist', intents: [] });
    expect(proposal?.why).toBe('"Client Presentation" overlaps "Dentist" by 30 min. Both are yours: move one in your calendar.');
    // The same pair from the other event is the same suggestion.
    const [again] = conflictDetector.detect([stored(around[0]!, around)], context());
    expect(again?.dedupeKey).toBe(proposal?.dedupeKey);
  });

  it('proposes declining the invitation from someone else', () => {
    const around = day(
      { summary: 'Standup', start: '2024-05-17T09:00', end: '2024-05-17T09:30' },
      { summary: 'Vendor call', start: '2024-05-17T09:15', end: '2024-05-17T10:00', my: 'accepted', organizer: 'bob@vendor.test', others: ['bob@vendor.test'] },
    );
    const [proposal] = conflictDetector.detect([stored(around[1]!, around)], context());
    expect(proposal?.intents).toMatchObject([{ type: 'calendar.respond', answer: 'declined', event: { title: 'Vendor call' } }]);
  });

  it('ignores what does not take time: declined, cancelled, free, all-day', () => {
    const around = day(
      { summary: 'Busy', start: '2024-05-17T14:00', end: '2024-05-17T15:00' },
      { summary: 'Declined', start: '2024-05-17T14:00', end: '2024-05-17T15:00', my: 'declined', organizer: 'x@y.test' },
      { summary: 'Cancelled', start: '2024-05-17T14:00', end: '2024-05-17T15:00', status: 'cancelled' },
      { summary: 'Free', start: '2024-05-17T14:00', end: '2024-05-17T15:00', transparency: 'transparent' },
      { summary: 'Holiday', start: '2024-05-17', end: '2024-05-18' },
    );
    expect(conflictDetector.detect([stored(around[0]!, around)], context())).toEqual([]);
  });
});

describe('a day with no break', () => {
  it('proposes a tentative focus block in the longest gap', () => {
    const around = day(
      { summary: 'A', start: '2024-05-20T09:00', end: '2024-05-20T11:00' },
      { summary: 'B', start: '2024-05-20T11:00', end: '2024-05-20T13:00' },
      { summary: 'C', start: '2024-05-20T13:00', end: '2024-05-20T15:30' },
    );
    const [proposal] = focusDetector.detect([stored(around[0]!, around)], context());
    expect(proposal).toMatchObject({ kind: 'focus', title: 'Hold an hour of focus time on Monday 20 May' });
    expect(proposal?.why).toContain('Meetings run back to back for 6 h 30 min');
    const [step] = planCaldav(proposal!.intents[0]!, calendarAccount) ?? [];
    expect(step).toMatchObject({ capability: 'calendar.create', args: { event: { summary: 'Focus time', status: 'tentative' } }, preview: { start: '2024-05-20T15:30:00.000Z', end: '2024-05-20T16:30:00.000Z' } });
  });

  it('leaves a day with breaks, and weekends, alone', () => {
    const fine = day({ summary: 'A', start: '2024-05-20T09:00', end: '2024-05-20T10:00' }, { summary: 'B', start: '2024-05-20T14:00', end: '2024-05-20T15:00' });
    expect(focusDetector.detect([stored(fine[0]!, fine)], context())).toEqual([]);
    const saturday = day({ summary: 'Conference', start: '2024-05-18T08:00', end: '2024-05-18T18:00' });
    expect(focusDetector.detect([stored(saturday[0]!, saturday)], context())).toEqual([]);
  });
});

describe('an invitation in the mail', () => {
  const invite = mailItem({ subject: 'Invitation: Design review', from: { name: 'Ana', address: 'ana@example.test' }, attachments: [{ contentType: 'text/calendar', method: 'REQUEST', uid: 'design-review-42@example.test' }] });

  it('makes no second suggestion when its event is in a calendar Steward reads', () => {
    const inCalendar: DetectorContext = { ...contextAt(NOW), itemsWithKey: (kind, key) => (kind === 'event' && key === 'design-review-42@example.test' ? [{ id: 'ev-1', accountId: 'acc-cal' }] : []) };
    expect(invitationDetector.detect([invite], inCalendar)).toEqual([]);
  });

  it('is offered as a reply when its event is in no calendar', () => {
    expect(invitationDetector.detect([invite], contextAt(NOW))).toHaveLength(1);
  });
});
