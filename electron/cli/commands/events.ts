/** `steward events`: the coming events across the user's calendars. */
import type { Command } from 'commander';
import type { CalendarEventView } from '@shared/domain/calendar.js';
import type { CliContext } from '../context.js';
import { parsePositive } from '../parse.js';

const NO_CALENDAR = 'No calendar is connected. Add one with:\n  printf \'%s\' "$PASSWORD" | steward accounts add caldav --url https://caldav.example.com --user you@example.com --password-stdin';

export function registerEventsCommand(program: Command, ctx: CliContext): void {
  program
    .command('events')
    .description('your coming events across calendars, soonest first')
    .option('--days <n>', 'how many days ahead (default 7)', parsePositive)
    .action(
      ctx.withApi(async (api, _c, options: { days?: number }) => {
        const days = options.days ?? 7;
        const [events, status] = await Promise.all([api.listEvents({ days }), api.getStatus()]);
        ctx.print(events, () => (status.day === null && events.length === 0 ? NO_CALENDAR : renderEvents(events, days)));
      }),
    );
}

const dayFormat = new Intl.DateTimeFormat('en-GB', { weekday: 'short', day: 'numeric', month: 'short' });
const clockFormat = new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });

/** Grouped by day in local time: "Tue 3 Dec" then "  10:00–11:00  Design review  (work · 3 people · not answered)". */
export function renderEvents(events: readonly CalendarEventView[], days: number): string {
  if (events.length === 0) return `No events in the next ${days === 1 ? 'day' : `${days} days`}.`;
  const lines: string[] = [];
  let day = '';
  for (const event of events) {
    const heading = event.allDay && event.startDate ? dayFormat.format(new Date(`${event.startDate}T12:00:00`)) : dayFormat.format(new Date(event.start));
    if (heading !== day) {
      lines.push(heading);
      day = heading;
    }
    const when = event.allDay ? 'all day    ' : `${clockFormat.format(new Date(event.start))}–${clockFormat.format(new Date(event.end))}`;
    const notes = [
      event.calendar,
      event.attendees > 0 ? `${event.attendees} ${event.attendees === 1 ? 'other person' : 'other people'}` : null,
      event.myAnswer === 'needs-action' ? 'not answered yet' : event.myAnswer ? `you ${event.myAnswer === 'tentative' ? 'said maybe' : event.myAnswer}` : null,
      event.status === 'cancelled' ? 'cancelled' : event.status === 'tentative' ? 'tentative' : null,
      event.location || null,
    ].filter(Boolean);
    lines.push(`  ${when}  ${event.title}  (${notes.join(' · ')})`);
  }
  return lines.join('\n');
}
