/**
 * Lists one calendar's events: incrementally from the stored sync token when there is one, else
 * everything in a window around today. Google answers a sync token it no longer honours with
 * HTTP 410 Gone; then the whole window is listed again (and what is not in it any more goes).
 *
 * Every listing asks for the series, not their expanded instances (singleEvents off): a series is
 * one stored object whatever its length, and its changed or cancelled instances come as events of
 * their own (showDeleted), which is what the event kind stores as overrides and EXDATEs.
 */
import type { GoogleEvent } from './google-event.js';
import { isGaxiosError } from '../google/google-libraries.js';
import type { CalendarApi } from './calendar-api.js';
import type { Listing } from './listing-changes.js';

/** What a full listing covers: a month back (recent meetings), a year ahead. */
export const LISTING_WINDOW = { backMs: 30 * 86_400_000, aheadMs: 365 * 86_400_000 } as const;
const PAGE_SIZE = 250;
/** Far more than a calendar holds in the window; stops a server that keeps answering with pages. */
const MAX_PAGES = 200;

export interface CalendarListing extends Listing {
  /** For the next check; null when the server gives none (then every check lists the window). */
  readonly nextSyncToken: string | null;
}

export async function listCalendar(api: CalendarApi, calendarId: string, syncToken: string | null, now: Date, signal?: AbortSignal): Promise<CalendarListing> {
  if (syncToken) {
    try {
      return await listPages(api, 'incremental', { calendarId, syncToken, showDeleted: true }, signal);
    } catch (error) {
      if (!isGone(error)) throw error;
    }
  }
  const timeMin = new Date(now.getTime() - LISTING_WINDOW.backMs).toISOString();
  const timeMax = new Date(now.getTime() + LISTING_WINDOW.aheadMs).toISOString();
  return listPages(api, 'full', { calendarId, timeMin, timeMax, showDeleted: true, singleEvents: false }, signal);
}

async function listPages(api: CalendarApi, mode: Listing['mode'], params: calendar_v3Params, signal?: AbortSignal): Promise<CalendarListing> {
  const events: GoogleEvent[] = [];
  let pageToken: string | undefined;
  for (let page = 0; page < MAX_PAGES; page++) {
    const response = await api.events.list({ ...params, maxResults: PAGE_SIZE, ...(pageToken ? { pageToken } : {}) }, signal ? { signal } : {});
    events.push(...(response.data.items ?? []));
    pageToken = response.data.nextPageToken ?? undefined;
    if (!pageToken) return { mode, events, nextSyncToken: response.data.nextSyncToken ?? null };
  }
  throw new Error(`Google kept sending more pages of events for the calendar ${params.calendarId} (over ${MAX_PAGES * PAGE_SIZE} events).`);
}

type calendar_v3Params = { readonly calendarId: string } & Record<string, string | boolean>;

/** HTTP 410: the sync token is too old (or the server reset it); list everything again. */
function isGone(error: unknown): boolean {
  return isGaxiosError(error) && (error.status ?? error.response?.status) === 410;
}
