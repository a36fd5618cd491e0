/** Small ICS texts for tests: a VCALENDAR around VEVENT lines, with CRLF as RFC 5545 wants. */
export function calendar(...components: readonly (readonly string[])[]): string {
  return ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//Steward tests//EN', ...components.flat(), 'END:VCALENDAR', ''].join('\r\n');
}

export function vevent(...lines: readonly string[]): string[] {
  return ['BEGIN:VEVENT', 'DTSTAMP:20240101T000000Z', ...lines, 'END:VEVENT'];
}

/** A VTIMEZONE for Central European Time under a TZID of our choosing (not an IANA name). */
export function centralEuropeVtimezone(tzid: string): string[] {
  return [
    'BEGIN:VTIMEZONE',
    `TZID:${tzid}`,
    'BEGIN:DAYLIGHT',
    'TZOFFSETFROM:+0100',
    'TZOFFSETTO:+0200',
    'TZNAME:CEST',
    'DTSTART:19700329T020000',
    'RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU',
    'END:DAYLIGHT',
    'BEGIN:STANDARD',
    'TZOFFSETFROM:+0200',
    'TZOFFSETTO:+0100',
    'TZNAME:CET',
    'DTSTART:19701025T030000',
    'RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU',
    'END:STANDARD',
    'END:VTIMEZONE',
  ];
}
