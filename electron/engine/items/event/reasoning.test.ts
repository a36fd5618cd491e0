import { describe, expect, it } from 'vitest';
import { inMeetingNow, meetingsStartingWithin, nextEvent } from './agenda.js';
import { freeBusy, isBusy } from './busy.js';
import { conflictsWith, describeConflict, findConflicts } from './conflicts.js';
import { selfAddresses } from './event-item.js';
import { analyzeDay, focusBlockEvent } from './focus-block.js';
import { parseInvitation, type Invitation } from './imip.js';
import { adviseOnInvitation } from './invitation-advice.js';
import { instance, ME, type InstanceSpec } from './testing/instances.js';

const self = selfAddresses([ME.toUpperCase()]);
const at = (hhmm: string) => Date.parse(`2024-05-15T${hhmm}:00Z`);
const day = (...specs: InstanceSpec[]) => specs.map(instance);
const on = (start: string, end: string) => ({ start: `2024-05-15T${start}`, end: `2024-05-15T${end}` });

describe('isBusy', () => {
  it.each([
    { name: 'a plain timed event', spec: { summary: 'A', ...on('09:00', '10:00') }, busy: true },
    { name: 'an invitation not yet answered', spec: { summary: 'A', ...on('09:00', '10:00'), my: 'needs-action' as const }, busy: true },
    { name: 'a declined invitation', spec: { summary: 'A', ...on('09:00', '10:00'), my: 'declined' as const }, busy: false },
    { name: 'a cancelled event', spec: { summary: 'A', ...on('09:00', '10:00'), status: 'cancelled' as const }, busy: false },
    { name: 'an event shown as free', spec: { summary: 'A', ...on('09:00', '10:00'), transparency: 'transparent' as const }, busy: false },
    { name: 'an all-day event that says nothing', spec: { summary: 'Birthday', start: '2024-05-15', end: '2024-05-16' }, busy: false },
    { name: 'an all-day event marked busy', spec: { summary: 'Offsite', start: '2024-05-15', end: '2024-05-16', transparency: 'opaque' as const }, busy: true },
    { name: 'a zero-length reminder', spec: { summary: 'Ping', ...on('09:00', '09:00') }, busy: false },
  ])('$name → busy: $busy', ({ spec, busy }) => {
    expect(isBusy(instance(spec), self)).toBe(busy);
  });
});

describe('freeBusy', () => {
  it('merges overlapping and touching events and lists the free time between', () => {
    const events = day({ summary: 'A', ...on('09:00', '10:00') }, { summary: 'B', ...on('09:30', '10:30') }, { summary: 'C', ...on('10:30', '11:00') }, { summary: 'D', ...on('13:00', '14:00'), my: 'declined' }, { summary: 'E', ...on('15:00', '16:00') });
    const { busy, free } = freeBusy(events, { startMs: at('08:00'), endMs: at('18:00') }, self);
    expect(busy.map((b) => [b.startMs, b.endMs, b.instances.map((i) => i.item.summary)])).toEqual([
      [at('09:00'), at('11:00'), ['A', 'B', 'C']],
      [at('15:00'), at('16:00'), ['E']],
    ]);
    expect(free).toEqual([
      { startMs: at('08:00'), endMs: at('09:00') },
      { startMs: at('11:00'), endMs: at('15:00') },
      { startMs: at('16:00'), endMs: at('18:00') },
    ]);
  });
});

describe('findConflicts', () => {
  it.each([
    { name: 'two overlapping meetings', specs: [{ summary: 'Design review', ...on('10:00', '11:00') }, { summary: '1:1 with Ana', ...on('10:30', '11:00') }], expected: ['"Design review" overlaps "1:1 with Ana" by 30 min'] },
    { name: 'back to back is no conflict', specs: [{ summary: 'A', ...on('10:00', '11:00') }, { summary: 'B', ...on('11:00', '12:00') }], expected: [] },
    { name: 'a declined one is no conflict', specs: [{ summary: 'A', ...on('10:00', '11:00') }, { summary: 'B', ...on('10:00', '11:00'), my: 'declined' as const }], expected: [] },
    { name: 'the same event in two calendars is no conflict', specs: [{ summary: 'Sync', uid: 'same', ...on('10:00', '11:00') }, { summary: 'Sync', uid: 'same', ...on('10:00', '11:00') }], expected: [] },
    { name: 'an all-day holiday is no conflict', specs: [{ summary: 'Holiday', start: '2024-05-15', end: '2024-05-16' }, { summary: 'A', ...on('10:00', '11:00') }], expected: [] },
    {
      name: 'three at once make three pairs',
      specs: [{ summary: 'A', ...on('10:00', '12:00') }, { summary: 'B', ...on('10:30', '11:00') }, { summary: 'C', ...on('10:45', '11:30') }],
      expected: ['"A" overlaps "B" by 30 min', '"A" overlaps "C" by 45 min', '"B" overlaps "C" by 15 min'],
    },
    { name: 'a long overlap reads in hours', specs: [{ summary: 'Workshop', ...on('09:00', '12:00') }, { summary: 'Training', ...on('09:00', '10:30') }], expected: ['"Training" overlaps "Workshop" by 1 h 30 min'] },
  ])('$name', ({ specs, expected }) => {
    expect(findConflicts(day(...specs), self).map(describeConflict)).toEqual(expected);
  });

  it('names what a proposed time clashes with, leaving out the event itself', () => {
    const events = day({ summary: 'Design review', uid: 'review', ...on('10:00', '11:00') }, { summary: '1:1 with Ana', ...on('10:30', '11:00') }, { summary: 'Lunch', ...on('12:00', '13:00') });
    expect(conflictsWith({ startMs: at('10:00'), endMs: at('11:00'), uid: 'review' }, events, self).map((i) => i.item.summary)).toEqual(['1:1 with Ana']);
    expect(conflictsWith({ startMs: at('14:00'), endMs: at('15:00') }, events, self)).toEqual([]);
  });
});

describe('analyzeDay (focus block)', () => {
  const workday = { date: '2024-05-15', zone: 'UTC', workStart: '09:00', workEnd: '17:00' };
  it.each([
    { name: 'an empty day is fine', specs: [], verdict: { kind: 'fine', longestGapMinutes: 480 } },
    { name: 'a day with a free afternoon is fine', specs: [{ summary: 'A', ...on('09:00', '12:00') }], verdict: { kind: 'fine', longestGapMinutes: 300 } },
    {
      name: 'back to back from 9 to 13:30 proposes the afternoon',
      specs: [{ summary: 'A', ...on('09:00', '10:00') }, { summary: 'B', ...on('10:00', '11:30') }, { summary: 'C', ...on('11:40', '13:30') }],
      verdict: { kind: 'no-break', reason: 'Meetings run back to back for 4 h 30 min', proposal: { startMs: at('13:30'), endMs: at('14:30') } },
    },
    {
      name: 'only a 45-minute gap left proposes holding it',
      specs: [{ summary: 'A', ...on('09:00', '12:00') }, { summary: 'B', ...on('12:45', '14:00') }, { summary: 'C', ...on('14:00', '17:00') }],
      verdict: { kind: 'no-break', reason: 'Meetings run back to back for 4 h 15 min', proposal: { startMs: at('12:00'), endMs: at('12:45') } },
    },
    {
      name: 'a day booked solid has nothing to propose',
      specs: [{ summary: 'A', ...on('08:00', '12:50') }, { summary: 'B', ...on('13:00', '17:30') }],
      verdict: { kind: 'no-break', reason: 'Meetings run back to back for 8 h', proposal: null },
    },
    {
      name: 'short meetings with 20-minute gaps all day leave no free hour',
      specs: [{ summary: 'A', ...on('09:20', '10:00') }, { summary: 'B', ...on('10:40', '11:20') }, { summary: 'C', ...on('12:00', '12:40') }, { summary: 'D', ...on('13:20', '14:00') }, { summary: 'E', ...on('14:40', '15:20') }, { summary: 'F', ...on('16:00', '16:40') }],
      verdict: { kind: 'no-break', reason: 'No free hour is left in working hours; the longest gap is 40 min', proposal: { startMs: at('10:00'), endMs: at('10:40') } },
    },
    { name: 'declined meetings do not fill the day', specs: [{ summary: 'A', ...on('09:00', '17:00'), my: 'declined' as const }], verdict: { kind: 'fine', longestGapMinutes: 480 } },
  ])('$name', ({ specs, verdict }) => {
    expect(analyzeDay(day(...specs), workday, self)).toMatchObject(verdict);
  });

  it('turns a proposal into a tentative busy event in the user’s zone', () => {
    expect(focusBlockEvent({ startMs: at('11:30'), endMs: at('12:30') }, 'Europe/Berlin')).toMatchObject({
      summary: 'Focus time',
      start: { kind: 'zoned', local: '2024-05-15T13:30:00', tzid: 'Europe/Berlin' },
      end: { kind: 'zoned', local: '2024-05-15T14:30:00', tzid: 'Europe/Berlin' },
      status: 'tentative',
      transparency: 'opaque',
    });
  });

  it('reads working hours in the user’s zone', () => {
    const verdict = analyzeDay(day({ summary: 'A', ...on('07:00', '15:00') }), { ...workday, zone: 'Europe/Berlin' }, self);
    // 09:00–17:00 in Berlin is 07:00–15:00 UTC in May: the whole day is one meeting.
    expect(verdict).toMatchObject({ kind: 'no-break', proposal: null });
  });
});

describe('agenda', () => {
  const events = day(
    { summary: 'Standup', ...on('09:00', '09:15'), others: ['bob@example.test'] },
    { summary: 'Design review', ...on('09:15', '10:00'), others: ['ana@example.test'], my: 'accepted' },
    { summary: 'Declined sync', ...on('10:05', '10:30'), others: ['x@example.test'], my: 'declined' },
    { summary: 'Focus', ...on('10:30', '11:30') },
    { summary: 'Lunch with Ana', ...on('12:00', '13:00'), organizer: 'ana@example.test', my: 'accepted' },
    { summary: 'Company holiday', start: '2024-05-15', end: '2024-05-16', transparency: 'opaque' },
  );

  it.each([
    { now: '08:50', inMeeting: false, current: null, freeAt: null },
    { now: '09:00', inMeeting: true, current: 'Standup', freeAt: '10:00' },
    { now: '09:20', inMeeting: true, current: 'Design review', freeAt: '10:00' },
    { now: '10:10', inMeeting: false, current: null, freeAt: null },
    { now: '10:45', inMeeting: true, current: 'Focus', freeAt: '11:30' },
  ])('at $now in a meeting: $inMeeting', ({ now, inMeeting, current, freeAt }) => {
    const result = inMeetingNow(events, at(now), self);
    expect(result.inMeeting).toBe(inMeeting);
    expect(result.current?.item.summary ?? null).toBe(current);
    expect(result.freeAtMs).toBe(freeAt === null ? null : at(freeAt));
  });

  it.each([
    { now: '08:35', next: 'Standup', minutes: 25 },
    { now: '09:00', next: 'Design review', minutes: 15 },
    { now: '09:59:30', next: 'Focus', minutes: 31 },
    { now: '12:30', next: null, minutes: null },
  ])('at $now the next event is $next in $minutes min', ({ now, next, minutes }) => {
    const nowMs = Date.parse(`2024-05-15T${now.length === 5 ? `${now}:00` : now}Z`);
    const result = nextEvent(events, nowMs, self);
    expect(result?.instance.item.summary ?? null).toBe(next);
    expect(result?.minutesUntil ?? null).toBe(minutes);
  });

  it('finds meetings with people starting soon, leaving out solo, declined and all-day ones', () => {
    expect(meetingsStartingWithin(events, at('08:50'), 30 * 60_000, self).map((i) => i.item.summary)).toEqual(['Standup', 'Design review']);
    expect(meetingsStartingWithin(events, at('10:00'), 60 * 60_000, self).map((i) => i.item.summary)).toEqual([]);
    expect(meetingsStartingWithin(events, at('11:45'), 15 * 60_000, self).map((i) => i.item.summary)).toEqual(['Lunch with Ana']);
  });
});

describe('adviseOnInvitation', () => {
  const invitationIcs = (start: string, end: string) =>
    [
      'BEGIN:VCALENDAR', 'METHOD:REQUEST', 'BEGIN:VEVENT', 'UID:review@x', 'DTSTAMP:20240514T090000Z', `DTSTART:${start}`, `DTEND:${end}`, 'SUMMARY:Design review',
      'ORGANIZER:mailto:ana@example.test', 'ATTENDEE;PARTSTAT=ACCEPTED:mailto:ana@example.test', `ATTENDEE;PARTSTAT=NEEDS-ACTION;RSVP=TRUE:mailto:${ME}`, 'END:VEVENT', 'END:VCALENDAR',
    ].join('\r\n');
  const window = { startMs: Date.parse('2024-05-15T00:00:00Z'), endMs: Date.parse('2024-05-22T00:00:00Z') };
  const calendar = day({ summary: '1:1 with Ana', ...on('10:30', '11:00') }, { summary: 'Lunch', ...on('12:00', '13:00') }, { summary: 'Holiday', start: '2024-05-15', end: '2024-05-16' });

  it.each([
    { name: 'a free slot', start: '20240515T140000Z', end: '20240515T150000Z', why: 'It conflicts with nothing', answer: 'accepted' },
    { name: 'a clash with one event', start: '20240515T100000Z', end: '20240515T110000Z', why: 'It conflicts with "1:1 with Ana"', answer: 'tentative' },
    { name: 'a clash with two', start: '20240515T103000Z', end: '20240515T123000Z', why: 'It conflicts with "1:1 with Ana" and "Lunch"', answer: 'tentative' },
  ])('$name: $why', ({ start, end, why, answer }) => {
    const [invitation] = parseInvitation(invitationIcs(start, end)).invitations;
    const advice = adviseOnInvitation(invitation as Invitation, null, calendar, self, window, 'UTC');
    expect(advice).toMatchObject({ why, proposedAnswer: answer, state: { kind: 'needs-answer' } });
  });

  it('has nothing to say about an invitation already answered or entirely in the past', () => {
    const [answered] = parseInvitation(invitationIcs('20240515T140000Z', '20240515T150000Z').replace('PARTSTAT=NEEDS-ACTION', 'PARTSTAT=ACCEPTED')).invitations;
    expect(adviseOnInvitation(answered as Invitation, null, calendar, self, window, 'UTC')).toBeNull();
    const [past] = parseInvitation(invitationIcs('20240501T140000Z', '20240501T150000Z')).invitations;
    expect(adviseOnInvitation(past as Invitation, null, calendar, self, window, 'UTC')).toBeNull();
  });
});
