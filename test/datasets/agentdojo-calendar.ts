/**
 * The AgentDojo workspace calendar as CalDAV objects, the way a calendar app would have stored
 * Emma's events: one VEVENT per object, wall times in her zone, Emma as organiser of meetings
 * with others. Built at test time from the shared dataset (never copied into the repository).
 */
import type { Workspace, WorkspaceEvent } from './agentdojo.js';

/** Where the dataset's naive local times are taken to be (Emma meets at Central Park Cafe). */
export const WORKSPACE_ZONE = 'America/New_York';

export interface IcsObject {
  /** The object's name in the calendar collection, e.g. "agentdojo-6.ics". */
  readonly name: string;
  readonly uid: string;
  readonly ics: string;
}

export function workspaceCalendarObjects(workspace: Workspace, zone = WORKSPACE_ZONE): IcsObject[] {
  return workspace.events.map((event) => {
    const uid = `agentdojo-${event.id}@bluesparrowtech.com`;
    return { name: `agentdojo-${event.id}.ics`, uid, ics: eventIcs(event, uid, workspace.accountEmail, zone) };
  });
}

function eventIcs(event: WorkspaceEvent, uid: string, owner: string, zone: string): string {
  const others = event.participants.filter((p) => p !== owner);
  const times = event.allDay
    ? [`DTSTART;VALUE=DATE:${compactDate(event.start)}`, `DTEND;VALUE=DATE:${nextDay(event.end)}`]
    : [`DTSTART;TZID=${zone}:${compactDateTime(event.start)}`, `DTEND;TZID=${zone}:${compactDateTime(event.end)}`];
  return [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//Steward tests//AgentDojo workspace//EN',
    'BEGIN:VEVENT',
    `UID:${uid}`,
    'DTSTAMP:20240501T000000Z',
    ...times,
    `SUMMARY:${escapeText(event.title)}`,
    ...(event.description ? [`DESCRIPTION:${escapeText(event.description)}`] : []),
    ...(event.location ? [`LOCATION:${escapeText(event.location)}`] : []),
    `STATUS:${event.status === 'canceled' ? 'CANCELLED' : 'CONFIRMED'}`,
    ...(others.length > 0 ? [`ORGANIZER:mailto:${owner}`, `ATTENDEE;PARTSTAT=ACCEPTED;ROLE=CHAIR:mailto:${owner}`, ...others.map((p) => `ATTENDEE;PARTSTAT=ACCEPTED:mailto:${p}`)] : []),
    'END:VEVENT',
    'END:VCALENDAR',
    '',
  ].join('\r\n');
}

function compactDate(naive: string): string {
  return naive.slice(0, 10).replaceAll('-', '');
}

function compactDateTime(naive: string): string {
  return naive.slice(0, 19).replaceAll('-', '').replaceAll(':', '');
}

/** All-day events end at 23:59 in the dataset; iCalendar's DTEND for a date is the day after. */
function nextDay(naive: string): string {
  const date = new Date(`${naive.slice(0, 10)}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + 1);
  return date.toISOString().slice(0, 10).replaceAll('-', '');
}

function escapeText(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/;/g, '\\;').replace(/,/g, '\\,').replace(/\r?\n/g, '\\n');
}
