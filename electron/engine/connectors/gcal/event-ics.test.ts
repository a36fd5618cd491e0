import { describe, expect, it } from 'vitest';
import { seriesResource } from './event-resource.js';
import type { GoogleEvent } from './google-event.js';

const read = (events: GoogleEvent[], seriesId = events[0]?.id ?? '') => seriesResource('primary', seriesId, events).resource.objects;

describe('Google events as stored calendar objects', () => {
  it.each([
    {
      name: 'all-day',
      event: { id: 'a', iCalUID: 'a@google.com', summary: 'Offsite', start: { date: '2024-05-16' }, end: { date: '2024-05-18' } },
      start: { kind: 'date', date: '2024-05-16' },
      end: { kind: 'date', date: '2024-05-18' },
      allDay: true,
    },
    {
      name: 'timed with a zone, written as the wall time there',
      event: { id: 'b', summary: 'Standup', start: { dateTime: '2024-05-16T08:00:00Z', timeZone: 'Europe/Berlin' }, end: { dateTime: '2024-05-16T10:30:00+02:00', timeZone: 'Europe/Berlin' } },
      start: { kind: 'zoned', local: '2024-05-16T10:00:00', tzid: 'Europe/Berlin' },
      end: { kind: 'zoned', local: '2024-05-16T10:30:00', tzid: 'Europe/Berlin' },
      allDay: false,
    },
    {
      name: 'timed without a zone, as UTC',
      event: { id: 'c', summary: 'Call', start: { dateTime: '2024-05-16T10:00:00+02:00' }, end: { dateTime: '2024-05-16T11:00:00+02:00' } },
      start: { kind: 'utc', iso: '2024-05-16T08:00:00Z' },
      end: { kind: 'utc', iso: '2024-05-16T09:00:00Z' },
      allDay: false,
    },
  ] as const)('$name', ({ event, start, end, allDay }) => {
    const [object] = read([event]);
    expect(object?.master).toMatchObject({ summary: event.summary, start, end, allDay });
    expect(object?.uid).toBe('iCalUID' in event ? event.iCalUID : event.id);
  });

  it('a series with a moved instance (override) and a cancelled one (EXDATE)', () => {
    const zone = 'America/New_York';
    const objects = read([
      { id: 's', iCalUID: 's@google.com', summary: 'Weekly', recurrence: ['RRULE:FREQ=WEEKLY;COUNT=4'], start: { dateTime: '2024-05-07T09:00:00-04:00', timeZone: zone }, end: { dateTime: '2024-05-07T09:30:00-04:00', timeZone: zone } },
      { id: 's_20240514T130000Z', recurringEventId: 's', iCalUID: 's@google.com', summary: 'Weekly (moved)', originalStartTime: { dateTime: '2024-05-14T09:00:00-04:00', timeZone: zone }, start: { dateTime: '2024-05-14T11:00:00-04:00', timeZone: zone }, end: { dateTime: '2024-05-14T11:30:00-04:00', timeZone: zone } },
      { id: 's_20240521T130000Z', recurringEventId: 's', status: 'cancelled', originalStartTime: { dateTime: '2024-05-21T09:00:00-04:00', timeZone: zone } },
    ]);
    expect(objects).toHaveLength(1);
    const [object] = objects;
    expect(object?.master?.recurrence).toMatchObject({ rules: ['FREQ=WEEKLY;COUNT=4'], exdates: [{ kind: 'zoned', local: '2024-05-21T09:00:00', tzid: zone }] });
    expect(object?.overrides).toHaveLength(1);
    expect(object?.overrides[0]).toMatchObject({ summary: 'Weekly (moved)', recurrenceId: { kind: 'zoned', local: '2024-05-14T09:00:00', tzid: zone }, start: { kind: 'zoned', local: '2024-05-14T11:00:00' } });
  });

  it('a cancelled event, or a series with only cancellations left, is gone', () => {
    expect(read([{ id: 'x', status: 'cancelled' }])).toEqual([]);
    expect(read([{ id: 'y_1', recurringEventId: 'y', status: 'cancelled', originalStartTime: { date: '2024-05-01' } }], 'y')).toEqual([]);
  });

  it('an instance changed in a series Steward has no master of is kept on its own', () => {
    const objects = read([{ id: 'z_1', recurringEventId: 'z', iCalUID: 'z@google.com', summary: 'Just this one', originalStartTime: { date: '2024-05-01' }, start: { date: '2024-05-02' }, end: { date: '2024-05-03' } }], 'z');
    expect(objects[0]?.master).toBeNull();
    expect(objects[0]?.overrides[0]?.summary).toBe('Just this one');
  });

  it('attendees with their answers, the organiser, and what Steward created', () => {
    const [object] = read([
      {
        id: 'm',
        summary: 'Review',
        start: { dateTime: '2024-05-16T10:00:00Z' },
        end: { dateTime: '2024-05-16T11:00:00Z' },
        organizer: { email: 'Boss@Example.com', displayName: 'Boss' },
        attendees: [
          { email: 'boss@example.com', organizer: true, responseStatus: 'accepted' },
          { email: 'me@example.com', self: true, responseStatus: 'needsAction' },
          { email: 'opt@example.com', optional: true, responseStatus: 'tentative' },
          { email: 'room@resource.calendar.google.com', resource: true, responseStatus: 'declined' },
        ],
        extendedProperties: { private: { stewardCreated: 'act-1' } },
      },
    ]);
    expect(object?.master?.organizer).toEqual({ email: 'boss@example.com', name: 'Boss' });
    expect(object?.master?.attendees.map((a) => [a.email, a.partstat, a.role, a.rsvp, a.isResource])).toEqual([
      ['boss@example.com', 'accepted', 'chair', false, false],
      ['me@example.com', 'needs-action', 'required', true, false],
      ['opt@example.com', 'tentative', 'optional', false, false],
      ['room@resource.calendar.google.com', 'declined', 'required', false, true],
    ]);
    expect(object?.master?.createdBySteward).toBe('act-1');
  });

  it('takes the organiser from the attendee marked so when the event does not name one', () => {
    const [object] = read([{ id: 'o', summary: 'Sync', start: { date: '2024-05-16' }, end: { date: '2024-05-17' }, attendees: [{ email: 'ana@example.org', displayName: 'Ana', organizer: true }, { email: 'me@example.com' }] }]);
    expect(object?.master?.organizer).toEqual({ email: 'ana@example.org', name: 'Ana' });
  });
});
