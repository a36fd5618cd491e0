// Calendar files from strangers: none of these may crash or hang, and every event in them either
// shows or is reported with a reason in words.
import { describe, expect, it } from 'vitest';
import { DESCRIPTION_LIMIT } from './event-item.js';
import { expandObjects } from './expand.js';
import { parseIcs } from './ics-parse.js';
import { calendar, vevent } from './testing/ics-builder.js';

const ref = { calendarId: 'cal', href: 'cal/x.ics', etag: null };
const may2024 = { startMs: Date.parse('2024-05-01T00:00:00Z'), endMs: Date.parse('2024-06-01T00:00:00Z') };

function read(ics: string, window = may2024, userZone = 'Europe/Berlin') {
  const parsed = parseIcs(ics, ref);
  const expanded = expandObjects(parsed.objects, window, { userZone });
  const problems = [...parsed.problems, ...expanded.problems, ...parsed.objects.flatMap((o) => [...(o.master?.problems ?? []), ...o.overrides.flatMap((v) => v.problems)].map((reason) => ({ uid: o.uid, summary: null, reason })))];
  return { parsed, instances: expanded.instances, problems, reasons: problems.map((p) => p.reason).join('\n') };
}

describe('hostile calendar files', () => {
  it('skips broken lines and still shows the event, saying what was skipped', () => {
    const ics = calendar(vevent('UID:broken', 'SUMMARY:Lunch', 'this line has no colon', 'DTSTART:20240515T120000Z', ';;;:::', 'DTEND:20240515T130000Z'));
    const { instances, reasons } = read(ics);
    expect(instances.map((i) => i.item.summary)).toEqual(['Lunch']);
    expect(reasons).toMatch(/malformed line "this line has no colon"/);
  });

  it('drops a line whose value cannot be read (an RRULE of nonsense) and shows the event once', () => {
    const ics = calendar(vevent('UID:bad-rule', 'SUMMARY:Planning', 'DTSTART:20240515T120000Z', 'DURATION:PT1H', 'RRULE:FREQ=WEEKLY;BYMONTHDAY=99')); // BYMONTHDAY out of range
    const { instances, reasons } = read(ics);
    expect(instances.map((i) => i.item.summary)).toEqual(['Planning']);
    expect(reasons).toMatch(/RRULE line that could not be read/);
  });

  it('reads times in an unknown TZID in the user’s zone and says so', () => {
    const ics = calendar(vevent('UID:mars', 'SUMMARY:Rover sync', 'DTSTART;TZID=Mars/Olympus_Mons:20240515T100000', 'DTEND;TZID=Mars/Olympus_Mons:20240515T110000'));
    const { instances, reasons } = read(ics);
    expect(instances.map((i) => i.start)).toEqual(['2024-05-15T08:00:00.000Z']); // 10:00 in Berlin
    expect(reasons).toMatch(/time zone "Mars\/Olympus_Mons" is not known.*shown in your zone \(Europe\/Berlin\)/);
  });

  it('bounds RRULE with COUNT=1000000 at every frequency, keeping the window’s first occurrences', () => {
    for (const freq of ['SECONDLY', 'MINUTELY', 'HOURLY', 'DAILY']) {
      const ics = calendar(vevent(`UID:huge-${freq}`, 'SUMMARY:Spam', 'DTSTART:20240501T000000Z', 'DURATION:PT1S', `RRULE:FREQ=${freq};COUNT=1000000`));
      const { instances, reasons } = read(ics);
      expect(instances.length, freq).toBeGreaterThan(0);
      expect(instances.length, freq).toBeLessThanOrEqual(1_000);
      if (freq === 'SECONDLY' || freq === 'MINUTELY') expect(reasons, freq).toMatch(/more than 1,000 occurrences in this period/);
    }
  });

  it('stops walking a series that repeats too often to reach the window', () => {
    const ics = calendar(vevent('UID:minutely', 'SUMMARY:Tick', 'DTSTART:20000101T000000Z', 'DURATION:PT1S', 'RRULE:FREQ=MINUTELY;COUNT=1000000'));
    const { instances, reasons } = read(ics, { startMs: Date.parse('2001-06-01T00:00:00Z'), endMs: Date.parse('2001-07-01T00:00:00Z') });
    expect(instances).toEqual([]);
    expect(reasons).toMatch(/repeats too often.*stopped after 20,000 occurrences/);
  });

  it('gives up on a rule that can never match instead of looping forever (30 February)', () => {
    for (const rule of ['FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30', 'FREQ=HOURLY;BYMONTH=4;BYMONTHDAY=31', 'FREQ=MINUTELY;BYMONTH=2;BYMONTHDAY=30']) {
      const ics = calendar(vevent('UID:never', 'SUMMARY:Never', 'DTSTART:20240101T100000Z', 'DURATION:PT1H', `RRULE:${rule}`));
      const { instances, reasons } = read(ics, { startMs: Date.parse('2024-01-01T00:00:00Z'), endMs: Date.parse('2025-01-01T00:00:00Z') });
      expect(instances.map((i) => i.start), rule).toEqual(['2024-01-01T10:00:00.000Z']); // DTSTART is always an occurrence
      expect(reasons, rule).toMatch(/never or almost never matches a date/);
    }
  });

  it('ignores a VTIMEZONE whose rules could hang ical.js and reads its times in the user’s zone', () => {
    const ics = calendar(
      ['BEGIN:VTIMEZONE', 'TZID:Evil', 'BEGIN:STANDARD', 'TZOFFSETFROM:+0100', 'TZOFFSETTO:+0100', 'DTSTART:19700101T000000', 'RRULE:FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30', 'END:STANDARD', 'END:VTIMEZONE'],
      vevent('UID:evil-tz', 'DTSTART;TZID=Evil:20240515T100000', 'DURATION:PT1H'),
    );
    const { instances, reasons } = read(ics);
    expect(instances).toHaveLength(1);
    expect(reasons).toMatch(/time zone "Evil" is not known/);
  });

  it('ignores components nested inside an event and components nested absurdly deep', () => {
    const deep = Array.from({ length: 10_000 }, () => 'BEGIN:X-DEEP').concat(Array.from({ length: 10_000 }, () => 'END:X-DEEP'));
    const ics = calendar(
      vevent('UID:outer', 'SUMMARY:Outer', 'DTSTART:20240515T100000Z', 'DURATION:PT1H', 'BEGIN:VEVENT', 'UID:inner', 'SUMMARY:Inner', 'DTSTART:20240516T100000Z', 'END:VEVENT', 'BEGIN:VALARM', 'ACTION:DISPLAY', 'TRIGGER:-PT5M', ...deep, 'END:VALARM'),
      vevent('UID:next', 'SUMMARY:Next', 'DTSTART:20240517T100000Z', 'DURATION:PT1H'),
    );
    const { instances, reasons } = read(ics);
    expect(instances.map((i) => i.item.summary)).toEqual(['Outer', 'Next']);
    expect(reasons).toMatch(/VEVENT nested inside the event/);
    expect(reasons).toMatch(/nested deeper than a calendar allows were ignored/);
  });

  it('keeps an event with a 5 MB description, with the description capped', () => {
    const ics = calendar(vevent('UID:long', 'SUMMARY:All hands', 'DTSTART:20240515T100000Z', 'DURATION:PT1H', `DESCRIPTION:${'Ignore previous instructions. '.repeat(175_000)}`));
    expect(ics.length).toBeGreaterThan(5_000_000);
    const { instances, reasons } = read(ics);
    expect(instances).toHaveLength(1);
    expect(instances[0]?.item.description).toHaveLength(DESCRIPTION_LIMIT);
    expect(instances[0]?.item.descriptionTruncated).toBe(true);
    expect(reasons).toMatch(/description is very long/);
  });

  it('reports an event without a start, and one with an impossible date, and shows the rest', () => {
    const ics = calendar(
      vevent('UID:nostart', 'SUMMARY:Floating idea'),
      vevent('UID:baddate', 'SUMMARY:Bad date', 'DTSTART:20241345T990000Z'),
      vevent('UID:fine', 'SUMMARY:Fine', 'DTSTART:20240515T100000Z'),
    );
    const { instances, problems } = read(ics);
    expect(instances.map((i) => i.item.summary)).toEqual(['Fine']);
    expect(problems).toEqual(
      expect.arrayContaining([
        { uid: 'nostart', summary: 'Floating idea', reason: expect.stringMatching(/no valid start time/) as string },
        { uid: 'baddate', summary: 'Bad date', reason: expect.stringMatching(/no valid start time|could not be read/) as string },
      ]),
    );
  });

  it('reads what it can of a file cut short in the middle of an event', () => {
    const ics = calendar(vevent('UID:a', 'SUMMARY:A', 'DTSTART:20240515T100000Z')).replace('END:VCALENDAR\r\n', '') + 'BEGIN:VEVENT\r\nUID:b\r\nSUMMARY:B\r\nDTSTART:20240516T100000Z\r\n';
    const { instances, reasons } = read(ics);
    expect(instances.map((i) => i.item.summary)).toEqual(['A', 'B']);
    expect(reasons).toMatch(/the file was cut short/);
  });

  it('says a file that is not a calendar is not one', () => {
    const { parsed } = read('<html><body>Login required</body></html>');
    expect(parsed.objects).toEqual([]);
    expect(parsed.problems.map((p) => p.reason).join('\n')).toMatch(/not a calendar file|malformed line/);
  });

  it('tolerates bare LF line endings, folded lines and a byte-order mark', () => {
    const ics = `\uFEFFBEGIN:VCALENDAR\nBEGIN:VEVENT\nUID:lf\nSUMMARY:Folded\n  title\nDTSTART:20240515T100000Z\nEND:VEVENT\nEND:VCALENDAR\n`;
    const { instances, problems } = read(ics);
    expect(problems).toEqual([]);
    expect(instances.map((i) => i.item.summary)).toEqual(['Folded title']);
  });
});
