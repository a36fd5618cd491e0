// "Another Google Calendar client" for tests: a plain googleapis Calendar client on the Google
// emulator, signed in as a test user, to put the AgentDojo calendar in and look at what is there,
// the way the user's phone would while Steward is watching.
import { calendar, type calendar_v3 } from '@googleapis/calendar';
import { OAuth2Client } from 'google-auth-library';
import type { Workspace, WorkspaceEvent } from '../datasets/agentdojo.js';
import { wallToUtcMs, parseWall } from '../../electron/engine/items/event/zones.js';
import type { GmailTestUser } from './gmail-peer.js';

export function peerCalendar(user: GmailTestUser): calendar_v3.Calendar {
  const auth = new OAuth2Client();
  auth.setCredentials({ access_token: user.accessToken, expiry_date: Date.now() + 24 * 3_600_000 });
  return calendar({ version: 'v3', auth, rootUrl: `${user.origin}/` });
}

/**
 * The workspace's events in the user's primary calendar, as Google would hold them: timed events
 * as instants (with the offset of `zone`, where the dataset's naive times are), all-day events as
 * dates (Google's end date is exclusive), the user as organiser of meetings with others.
 */
export async function loadWorkspaceCalendar(api: calendar_v3.Calendar, workspace: Workspace, zone: string): Promise<Map<string, string>> {
  const ids = new Map<string, string>();
  for (const event of workspace.events) {
    const created = await api.events.insert({ calendarId: 'primary', requestBody: googleEventOf(event, workspace.accountEmail, zone) });
    ids.set(event.id, created.data.id ?? '');
  }
  return ids;
}

function googleEventOf(event: WorkspaceEvent, owner: string, zone: string): calendar_v3.Schema$Event {
  const others = event.participants.filter((p) => p !== owner);
  const time = (naive: string) => ({ dateTime: new Date(wallToUtcMs(parseWall(naive.slice(0, 19)), zone)).toISOString(), timeZone: zone });
  return {
    summary: event.title,
    ...(event.description ? { description: event.description } : {}),
    ...(event.location ? { location: event.location } : {}),
    status: event.status === 'canceled' ? 'cancelled' : 'confirmed',
    start: event.allDay ? { date: event.start.slice(0, 10) } : time(event.start),
    end: event.allDay ? { date: nextDay(event.end.slice(0, 10)) } : time(event.end),
    ...(others.length > 0
      ? { attendees: [{ email: owner, organizer: true, self: true, responseStatus: 'accepted' }, ...others.map((email) => ({ email, responseStatus: 'accepted' }))] }
      : {}),
  };
}

function nextDay(date: string): string {
  const day = new Date(`${date}T00:00:00Z`);
  day.setUTCDate(day.getUTCDate() + 1);
  return day.toISOString().slice(0, 10);
}
