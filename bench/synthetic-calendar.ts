/**
 * A working person's calendars in bulk for benchmarks: meetings with attendees in named zones,
 * some weekly series with an exception, all-day days off, short descriptions. Deterministic.
 */
export interface SyntheticObject {
  readonly name: string;
  readonly ics: string;
}

const ZONES = ['Europe/Berlin', 'America/New_York', 'Europe/London', 'Asia/Tokyo'];
const TITLES = ['Standup', 'Design review', '1:1', 'Planning', 'Customer call', 'Interview', 'Lunch', 'Retro', 'Budget', 'Offsite prep'];

export function syntheticCalendar(calendar: number, count: number): SyntheticObject[] {
  const objects: SyntheticObject[] = [];
  for (let i = 0; i < count; i++) {
    const n = calendar * 100_000 + i;
    const uid = `bench-${n}@example.test`;
    const zone = ZONES[n % ZONES.length] ?? 'UTC';
    const day = new Date(Date.UTC(2024, 0, 1 + ((n * 7) % 360)));
    const date = day.toISOString().slice(0, 10).replaceAll('-', '');
    const hour = String(8 + (n % 9)).padStart(2, '0');
    const title = `${TITLES[n % TITLES.length] ?? 'Meeting'} ${n}`;
    const lines = ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//Steward bench//EN', 'BEGIN:VEVENT', `UID:${uid}`, 'DTSTAMP:20240101T000000Z'];
    if (n % 20 === 0) {
      lines.push(`DTSTART;VALUE=DATE:${date}`, `SUMMARY:Day off ${n}`, 'TRANSP:TRANSPARENT');
    } else {
      lines.push(`DTSTART;TZID=${zone}:${date}T${hour}0000`, `DTEND;TZID=${zone}:${date}T${hour}4500`, `SUMMARY:${title}`);
      lines.push(`DESCRIPTION:Agenda for ${title}: status\\, risks\\, next steps. Notes from last time are in the shared folder.`);
      lines.push(`ORGANIZER;CN=Person ${n % 50}:mailto:person${n % 50}@example.test`);
      for (let a = 0; a < n % 6; a++) lines.push(`ATTENDEE;PARTSTAT=${a === 0 ? 'NEEDS-ACTION' : 'ACCEPTED'};CN=Person ${a}:mailto:person${(n + a) % 50}@example.test`);
      if (n % 10 === 1) lines.push('RRULE:FREQ=WEEKLY;COUNT=30', `EXDATE;TZID=${zone}:${nextWeek(day)}T${hour}0000`);
    }
    lines.push('END:VEVENT', 'END:VCALENDAR', '');
    objects.push({ name: `bench-${n}.ics`, ics: lines.join('\r\n') });
  }
  return objects;
}

function nextWeek(day: Date): string {
  const next = new Date(day.getTime() + 7 * 86_400_000);
  return next.toISOString().slice(0, 10).replaceAll('-', '');
}
