import { describe, expect, it } from 'vitest';
import { expandObjects } from './expand.js';
import { parseIcs } from './ics-parse.js';
import { calendar, centralEuropeVtimezone, vevent } from './testing/ics-builder.js';

const ref = { calendarId: 'cal', href: 'cal/event.ics', etag: null };

function expand(ics: string, userZone: string, from: string, to: string) {
  const parsed = parseIcs(ics, ref);
  const result = expandObjects(parsed.objects, { startMs: Date.parse(from), endMs: Date.parse(to) }, { userZone });
  return { ...result, parseProblems: parsed.problems };
}

interface Case {
  readonly name: string;
  readonly ics: string;
  readonly userZone: string;
  readonly window: readonly [string, string];
  /** Expected occurrences: ISO start and end in UTC, and the summary each shows. */
  readonly expected: readonly (readonly [string, string, string?])[];
}

const cases: readonly Case[] = [
  {
    name: 'a weekly event in Berlin keeps 10:00 local across the March DST change (IANA TZID)',
    ics: calendar(vevent('UID:weekly-berlin', 'SUMMARY:Standup', 'DTSTART;TZID=Europe/Berlin:20240321T100000', 'DTEND;TZID=Europe/Berlin:20240321T103000', 'RRULE:FREQ=WEEKLY;COUNT=3')),
    userZone: 'Europe/Berlin',
    window: ['2024-03-01T00:00:00Z', '2024-05-01T00:00:00Z'],
    expected: [
      ['2024-03-21T09:00:00.000Z', '2024-03-21T09:30:00.000Z'],
      ['2024-03-28T09:00:00.000Z', '2024-03-28T09:30:00.000Z'],
      ['2024-04-04T08:00:00.000Z', '2024-04-04T08:30:00.000Z'],
    ],
  },
  {
    name: 'the same series defined by a VTIMEZONE in the file under a non-IANA TZID',
    ics: calendar(centralEuropeVtimezone('Custom Central Europe'), vevent('UID:weekly-custom', 'DTSTART;TZID=Custom Central Europe:20240321T100000', 'DURATION:PT30M', 'RRULE:FREQ=WEEKLY;COUNT=3')),
    userZone: 'America/New_York',
    window: ['2024-03-01T00:00:00Z', '2024-05-01T00:00:00Z'],
    expected: [
      ['2024-03-21T09:00:00.000Z', '2024-03-21T09:30:00.000Z'],
      ['2024-03-28T09:00:00.000Z', '2024-03-28T09:30:00.000Z'],
      ['2024-04-04T08:00:00.000Z', '2024-04-04T08:30:00.000Z'],
    ],
  },
  {
    name: 'a weekly New York meeting seen from Berlin moves by an hour in the weeks the two DST dates differ',
    ics: calendar(vevent('UID:ny', 'DTSTART;TZID=America/New_York:20240305T090000', 'DTEND;TZID=America/New_York:20240305T100000', 'RRULE:FREQ=WEEKLY;UNTIL=20240319T130000Z')),
    userZone: 'Europe/Berlin',
    window: ['2024-03-01T00:00:00Z', '2024-04-01T00:00:00Z'],
    expected: [
      ['2024-03-05T14:00:00.000Z', '2024-03-05T15:00:00.000Z'],
      ['2024-03-12T13:00:00.000Z', '2024-03-12T14:00:00.000Z'],
      // UNTIL 13:00Z is exactly the third occurrence (09:00 EDT): it is included.
      ['2024-03-19T13:00:00.000Z', '2024-03-19T14:00:00.000Z'],
    ],
  },
  {
    name: 'an overridden occurrence shows its own time and title, the others the series’',
    ics: calendar(
      vevent('UID:review', 'SUMMARY:Design review', 'DTSTART;TZID=Europe/London:20240507T100000', 'DTEND;TZID=Europe/London:20240507T110000', 'RRULE:FREQ=WEEKLY;COUNT=3'),
      vevent('UID:review', 'RECURRENCE-ID;TZID=Europe/London:20240514T100000', 'SUMMARY:Design review (moved)', 'DTSTART;TZID=Europe/London:20240514T150000', 'DTEND;TZID=Europe/London:20240514T160000', 'SEQUENCE:1'),
    ),
    userZone: 'Europe/London',
    window: ['2024-05-01T00:00:00Z', '2024-06-01T00:00:00Z'],
    expected: [
      ['2024-05-07T09:00:00.000Z', '2024-05-07T10:00:00.000Z', 'Design review'],
      ['2024-05-14T14:00:00.000Z', '2024-05-14T15:00:00.000Z', 'Design review (moved)'],
      ['2024-05-21T09:00:00.000Z', '2024-05-21T10:00:00.000Z', 'Design review'],
    ],
  },
  {
    name: 'an occurrence moved into the window from outside it shows; its original slot does not',
    ics: calendar(
      vevent('UID:moved', 'SUMMARY:Offsite', 'DTSTART:20240601T090000Z', 'DTEND:20240601T100000Z', 'RRULE:FREQ=MONTHLY;COUNT=2'),
      vevent('UID:moved', 'RECURRENCE-ID:20240701T090000Z', 'SUMMARY:Offsite (early)', 'DTSTART:20240615T090000Z', 'DTEND:20240615T100000Z'),
    ),
    userZone: 'UTC',
    window: ['2024-06-10T00:00:00Z', '2024-07-31T00:00:00Z'],
    expected: [['2024-06-15T09:00:00.000Z', '2024-06-15T10:00:00.000Z', 'Offsite (early)']],
  },
  {
    name: 'an EXDATE removes that occurrence',
    ics: calendar(vevent('UID:ex', 'DTSTART;TZID=Europe/Paris:20240506T080000', 'DTEND;TZID=Europe/Paris:20240506T083000', 'RRULE:FREQ=DAILY;COUNT=3', 'EXDATE;TZID=Europe/Paris:20240507T080000')),
    userZone: 'Europe/Paris',
    window: ['2024-05-01T00:00:00Z', '2024-06-01T00:00:00Z'],
    expected: [
      ['2024-05-06T06:00:00.000Z', '2024-05-06T06:30:00.000Z'],
      ['2024-05-08T06:00:00.000Z', '2024-05-08T06:30:00.000Z'],
    ],
  },
  {
    name: 'an EXDATE given as a date removes that day’s occurrence',
    ics: calendar(vevent('UID:exd', 'DTSTART:20240506T080000Z', 'DTEND:20240506T083000Z', 'RRULE:FREQ=DAILY;COUNT=3', 'EXDATE;VALUE=DATE:20240508')),
    userZone: 'UTC',
    window: ['2024-05-01T00:00:00Z', '2024-06-01T00:00:00Z'],
    expected: [
      ['2024-05-06T08:00:00.000Z', '2024-05-06T08:30:00.000Z'],
      ['2024-05-07T08:00:00.000Z', '2024-05-07T08:30:00.000Z'],
    ],
  },
  {
    name: 'an all-day event written in Tokyo is the same day for a user in Los Angeles',
    ics: calendar(['X-WR-TIMEZONE:Asia/Tokyo'], vevent('UID:holiday', 'SUMMARY:Golden Week', 'DTSTART;VALUE=DATE:20240503', 'DTEND;VALUE=DATE:20240506')),
    userZone: 'America/Los_Angeles',
    window: ['2024-05-01T00:00:00Z', '2024-06-01T00:00:00Z'],
    expected: [['2024-05-03T07:00:00.000Z', '2024-05-06T07:00:00.000Z', 'Golden Week']],
  },
  {
    name: 'a yearly all-day birthday repeats on its date',
    ics: calendar(vevent('UID:bday', 'DTSTART;VALUE=DATE:20200229', 'RRULE:FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=-1')),
    userZone: 'UTC',
    window: ['2023-01-01T00:00:00Z', '2025-01-01T00:00:00Z'],
    expected: [
      ['2023-02-28T00:00:00.000Z', '2023-03-01T00:00:00.000Z'],
      ['2024-02-29T00:00:00.000Z', '2024-03-01T00:00:00.000Z'],
    ],
  },
  {
    name: 'a floating time happens at that clock time in the user’s zone (Berlin)',
    ics: calendar(vevent('UID:float', 'SUMMARY:Gym', 'DTSTART:20240515T090000', 'DTEND:20240515T100000')),
    userZone: 'Europe/Berlin',
    window: ['2024-05-15T00:00:00Z', '2024-05-16T00:00:00Z'],
    expected: [['2024-05-15T07:00:00.000Z', '2024-05-15T08:00:00.000Z']],
  },
  {
    name: 'the same floating time for a user in New York',
    ics: calendar(vevent('UID:float', 'SUMMARY:Gym', 'DTSTART:20240515T090000', 'DTEND:20240515T100000')),
    userZone: 'America/New_York',
    window: ['2024-05-15T00:00:00Z', '2024-05-16T00:00:00Z'],
    expected: [['2024-05-15T13:00:00.000Z', '2024-05-15T14:00:00.000Z']],
  },
  {
    name: 'a wall time skipped by the spring-forward change is read with the offset from before it',
    ics: calendar(vevent('UID:gap', 'DTSTART;TZID=Europe/Berlin:20240331T023000', 'DURATION:PT1H')),
    userZone: 'Europe/Berlin',
    window: ['2024-03-30T00:00:00Z', '2024-04-01T00:00:00Z'],
    expected: [['2024-03-31T01:30:00.000Z', '2024-03-31T02:30:00.000Z']],
  },
  {
    name: 'a repeated wall time in the autumn means its first occurrence',
    ics: calendar(vevent('UID:overlap', 'DTSTART;TZID=Europe/Berlin:20241027T023000', 'DURATION:PT30M')),
    userZone: 'Europe/Berlin',
    window: ['2024-10-26T00:00:00Z', '2024-10-28T00:00:00Z'],
    expected: [['2024-10-27T00:30:00.000Z', '2024-10-27T01:00:00.000Z']],
  },
  {
    name: 'a cancelled override removes its occurrence',
    ics: calendar(
      vevent('UID:cx', 'DTSTART:20240506T080000Z', 'DURATION:PT1H', 'RRULE:FREQ=DAILY;COUNT=2'),
      vevent('UID:cx', 'RECURRENCE-ID:20240507T080000Z', 'DTSTART:20240507T080000Z', 'DURATION:PT1H', 'STATUS:CANCELLED'),
    ),
    userZone: 'UTC',
    window: ['2024-05-01T00:00:00Z', '2024-06-01T00:00:00Z'],
    expected: [['2024-05-06T08:00:00.000Z', '2024-05-06T09:00:00.000Z']],
  },
  {
    name: 'RDATE adds an occurrence to a series',
    ics: calendar(vevent('UID:rd', 'DTSTART:20240506T080000Z', 'DURATION:PT1H', 'RRULE:FREQ=WEEKLY;COUNT=1', 'RDATE:20240509T120000Z')),
    userZone: 'UTC',
    window: ['2024-05-01T00:00:00Z', '2024-06-01T00:00:00Z'],
    expected: [
      ['2024-05-06T08:00:00.000Z', '2024-05-06T09:00:00.000Z'],
      ['2024-05-09T12:00:00.000Z', '2024-05-09T13:00:00.000Z'],
    ],
  },
  {
    name: 'a series that started long ago shows only the window’s occurrences',
    ics: calendar(vevent('UID:old', 'DTSTART;TZID=Europe/Berlin:20100104T090000', 'DURATION:PT15M', 'RRULE:FREQ=WEEKLY;BYDAY=MO')),
    userZone: 'Europe/Berlin',
    window: ['2024-05-13T00:00:00Z', '2024-05-21T00:00:00Z'],
    expected: [
      ['2024-05-13T07:00:00.000Z', '2024-05-13T07:15:00.000Z'],
      ['2024-05-20T07:00:00.000Z', '2024-05-20T07:15:00.000Z'],
    ],
  },
];

describe('expanding events for a window', () => {
  it.each(cases)('$name', ({ ics, userZone, window, expected }) => {
    const { instances, problems, parseProblems } = expand(ics, userZone, window[0], window[1]);
    expect(parseProblems).toEqual([]);
    expect(problems).toEqual([]);
    expect(instances.map((i) => [i.start, i.end])).toEqual(expected.map(([start, end]) => [start, end]));
    expected.forEach(([, , summary], index) => {
      if (summary !== undefined) expect(instances[index]?.item.summary).toBe(summary);
    });
  });

  it('names all-day occurrences by their dates, end exclusive', () => {
    const { instances } = expand(calendar(vevent('UID:trip', 'DTSTART;VALUE=DATE:20240503', 'DTEND;VALUE=DATE:20240506')), 'Asia/Tokyo', '2024-05-01T00:00:00Z', '2024-06-01T00:00:00Z');
    expect(instances).toMatchObject([{ allDay: true, startDate: '2024-05-03', endDate: '2024-05-06', occurrence: null }]);
  });

  it('keys occurrences of a series by their original start, so an override replaces exactly one', () => {
    const { instances } = expand(cases[3]?.ics ?? '', 'Europe/London', '2024-05-01T00:00:00Z', '2024-06-01T00:00:00Z');
    expect(instances.map((i) => i.occurrence)).toEqual(['2024-05-07T09:00:00.000Z', '2024-05-14T09:00:00.000Z', '2024-05-21T09:00:00.000Z']);
    expect(new Set(instances.map((i) => i.key)).size).toBe(3);
  });
});
