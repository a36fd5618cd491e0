// The user's day from the event store of a composed engine: coming events, the next one, in a
// meeting now, and the meetings with other people the agent prepares for.
import { beforeEach, describe, expect, it } from 'vitest';
import { calendarReadTools } from '../agent/broker/calendar-read-tools.js';
import type { EventKindStore } from '../items/event/event-kind.js';
import { parseIcs } from '../items/event/ics-parse.js';
import { memoryParts, type MemoryParts } from '../testing/memory-engine-parts.js';

const ME = 'emma@example.test';
const CAL = 'https://dav.example.test/emma/work/';

function ics(uid: string, summary: string, start: string, end: string, others: readonly string[] = []): string {
  return [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'BEGIN:VEVENT',
    `UID:${uid}`,
    'DTSTAMP:20261101T000000Z',
    `DTSTART:${start}`,
    `DTEND:${end}`,
    `SUMMARY:${summary}`,
    'DESCRIPTION:Agenda: the Q3 numbers.',
    ...(others.length > 0 ? [`ORGANIZER:mailto:${ME}`, `ATTENDEE;PARTSTAT=ACCEPTED:mailto:${ME}`, ...others.map((o) => `ATTENDEE;PARTSTAT=ACCEPTED:mailto:${o}`)] : []),
    'END:VEVENT',
    'END:VCALENDAR',
    '',
  ].join('\r\n');
}

let parts: MemoryParts;
let accountId: string;

beforeEach(() => {
  // The clock stands at 2026-11-25 09:00 UTC.
  parts = memoryParts();
  parts.config.set('user.timeZone', 'UTC');
  accountId = parts.accounts.insert({
    kind: 'caldav',
    email: ME,
    displayName: 'Emma',
    settings: { url: 'https://dav.example.test/', username: ME, homeUrl: null, serverSchedules: false, addresses: [ME], smtp: null },
  }).id;
  const store = parts.stores.event as EventKindStore;
  const resources = [
    ics('standup', 'Standup', '20261125T083000Z', '20261125T093000Z', ['bob@example.test']),
    ics('focus', 'Writing', '20261125T100000Z', '20261125T110000Z'),
    ics('review', 'Design review', '20261125T113000Z', '20261125T123000Z', ['ana@example.test']),
    ics('later', 'Offsite', '20261203T090000Z', '20261203T170000Z', ['ana@example.test']),
  ].map((text, index) => ({ calendarId: CAL, href: `${CAL}${index}.ics`, objects: parseIcs(text, { calendarId: CAL, href: `${CAL}${index}.ics`, etag: null }).objects }));
  parts.db.transaction(() => store.upsert(accountId, resources))();
});

describe('the calendar view', () => {
  it('lists the coming events, with the one under way, soonest first', () => {
    const events = parts.calendar.upcoming(7);
    expect(events.map((e) => e.title)).toEqual(['Standup', 'Writing', 'Design review']);
    expect(events[0]).toMatchObject({ calendar: 'work', attendees: 1, myAnswer: 'accepted', accountId });
    expect(parts.calendar.upcoming(14).map((e) => e.title)).toContain('Offsite');
  });

  it('knows the user is in a meeting now, until when, and what comes next', () => {
    expect(parts.calendar.inMeetingNow()).toBe(true);
    expect(parts.calendar.dayStatus()).toEqual({ next: { title: 'Writing', start: '2026-11-25T10:00:00.000Z' }, inMeetingUntil: '2026-11-25T09:30:00.000Z' });
    parts.clock.advance(45 * 60_000);
    expect(parts.calendar.inMeetingNow()).toBe(false);
  });

  it('gives the agent the meetings with other people about to start, and their data', () => {
    const soon = parts.calendar.meetingSource().startingBetween(new Date('2026-11-25T09:00:00Z'), new Date('2026-11-25T12:00:00Z'));
    // Writing has nobody else in it: no brief for it.
    expect(soon).toMatchObject([{ title: 'Design review', startsAt: '2026-11-25T11:30:00.000Z', attendees: ['ana@example.test'], accountId }]);
    const data = parts.calendar.meetingSource().eventData(soon[0]!.eventItemId);
    expect(data).toMatchObject({ kind: 'event', fields: { title: 'Design review' }, body: 'Agenda: the Q3 numbers.' });
  });

  it('answers the agent’s calendar read tools over the allowed accounts', async () => {
    const tools = calendarReadTools({ calendar: parts.calendar });
    const account = parts.accounts.get(accountId)!;
    const call = (tool: string, args: Record<string, unknown>) => ({ runId: 'r1', tool, capability: 'calendar.read' as const, args, signal: new AbortController().signal });
    const listed = await tools.read(call('calendar_list_events', { from: '2026-11-25T10:00:00Z', to: '2026-11-26T00:00:00Z', query: 'review', limit: 20 }), [{ account, within: null }]);
    expect(listed).toMatchObject({ ok: true, items: [{ kind: 'event', fields: { title: 'Design review', calendar: 'work' } }] });
    const id = listed.ok ? listed.items[0]!.id : '';
    expect(await tools.read(call('calendar_get_event', { eventId: id }), [{ account, within: null }])).toMatchObject({ ok: true, items: [{ body: 'Agenda: the Q3 numbers.' }] });
    // An account the gate did not allow: nothing.
    expect(await tools.read(call('calendar_list_events', { from: '2026-11-25T10:00:00Z', to: '2026-11-26T00:00:00Z', limit: 20 }), [])).toMatchObject({ ok: true, items: [] });
    expect(await calendarReadTools({}).read(call('calendar_get_event', { eventId: id }), [{ account, within: null }])).toEqual({ ok: false, error: 'No calendar is connected, so Steward knows no events.' });
  });

  it('says nothing of the day without a calendar, and keeps no events of a removed account', () => {
    parts.accounts.remove(accountId);
    expect(parts.calendar.dayStatus()).toBeNull();
    // Its events left with it.
    expect(parts.db.prepare('SELECT COUNT(*) AS n FROM calendar_objects').get()).toEqual({ n: 0 });
    expect(parts.calendar.inMeetingNow()).toBe(false);
  });
});
