import type { ConnectionTestResult } from '@shared/domain/types.js';
import { plural } from '@shared/text/plural.js';
import { describeCalDavError } from './caldav-errors.js';
import { openSession, type CalDavEndpoint } from './caldav-session.js';
import { discover, listCalendars, type CalDavAccountInfo, type CalDavCalendar } from './discovery.js';

export interface CalDavConnectionCheck extends ConnectionTestResult {
  readonly info: CalDavAccountInfo;
  readonly calendars: readonly CalDavCalendar[];
}

/**
 * Logs in, finds the calendars and says what Steward will be able to do, in words. Throws an
 * ApiError in words when it can't: the server is down, the password is wrong, or the address is
 * not a CalDAV server.
 */
export async function testCalDavConnection(endpoint: CalDavEndpoint, signal?: AbortSignal): Promise<CalDavConnectionCheck> {
  const session = openSession(endpoint, signal);
  try {
    const info = await discover(session);
    const calendars = await listCalendars(session, info);
    const names = calendars.slice(0, 5).map((calendar) => calendar.displayName);
    const notes = [
      `Logged in as ${endpoint.username}`,
      calendars.length === 0
        ? 'no calendars yet (create one in your calendar app, then Steward will see it)'
        : `${plural(calendars.length, 'calendar')}: ${names.join(', ')}${calendars.length > names.length ? ', …' : ''}`,
      calendars.length > 0 && calendars.every((calendar) => calendar.supportsSyncCollection)
        ? 'changes sync incrementally'
        : 'changes are found by comparing versions (the server has no sync tokens)',
      info.serverSchedules ? 'the server delivers invitations and answers itself' : 'Steward sends your answers to invitations by mail (the server does not)',
    ];
    return { ok: true, message: `${notes.join('; ')}.`, info, calendars };
  } catch (error) {
    throw describeCalDavError(error, endpoint);
  }
}
