/**
 * The Calendar API client for one signed-in account: googleapis' generated client (from
 * @googleapis/calendar, the Calendar-only package), pointed at the account's endpoints (the
 * emulator's origin in tests) and authorised like Gmail's (credentials-auth.ts).
 */
import type { calendar_v3 } from '@googleapis/calendar';
import type { OAuth2Client } from 'google-auth-library';
import type { GoogleEndpoints } from '../google/endpoints.js';
import { loadCalendar } from '../google/google-libraries.js';

/** A request that has not answered in this long is abandoned (and retried at the next check). */
export const CALENDAR_REQUEST_TIMEOUT_MS = 60_000;

export type CalendarApi = calendar_v3.Calendar;

/** Loads @googleapis/calendar the first time (google-libraries.ts says why). */
export async function createCalendarApi(auth: OAuth2Client, endpoints: GoogleEndpoints): Promise<CalendarApi> {
  const { calendar } = await loadCalendar();
  return calendar({ version: 'v3', auth, rootUrl: endpoints.calendarRoot, timeout: CALENDAR_REQUEST_TIMEOUT_MS });
}
