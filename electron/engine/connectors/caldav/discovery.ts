/**
 * From the address a user typed to where their calendars are (RFC 6764 and RFC 4791):
 * /.well-known/caldav, the current-user-principal, its calendar-home-set; then the calendars in
 * that home, and whether the server delivers invitations and replies itself (RFC 6638
 * scheduling) or Steward must send them by mail (iMIP) as for Radicale.
 */
import { createAccount, fetchCalendarUserAddresses, fetchCalendars, type DAVAccount } from 'tsdav';
import { NotCalDavError } from './caldav-errors.js';
import { CalDavAuthError, CalDavNetworkError, type CalDavSession } from './caldav-session.js';

export interface CalDavAccountInfo {
  readonly rootUrl: string;
  readonly principalUrl: string;
  readonly homeUrl: string;
  /** The user's calendar addresses (calendar-user-address-set), lower-cased without "mailto:"; may be empty. */
  readonly userAddresses: readonly string[];
  /** True when the server schedules itself (DAV: calendar-auto-schedule): no iMIP mail is needed then. */
  readonly serverSchedules: boolean;
}

export interface CalDavCalendar {
  readonly url: string;
  readonly displayName: string;
  readonly color: string | null;
  readonly ctag: string | null;
  readonly syncToken: string | null;
  /** The server answers REPORT sync-collection (RFC 6578) for it: incremental sync by token. */
  readonly supportsSyncCollection: boolean;
}

export async function discover(session: CalDavSession): Promise<CalDavAccountInfo> {
  let account: DAVAccount;
  try {
    account = await createAccount({ account: { serverUrl: session.endpoint.serverUrl, accountType: 'caldav' }, fetch: session.fetch });
  } catch (error) {
    if (error instanceof CalDavAuthError || error instanceof CalDavNetworkError) throw error;
    const message = error instanceof Error ? error.message : String(error);
    if (/principal/i.test(message)) throw new NotCalDavError('it did not say whose calendars these are (no current-user-principal)');
    if (/home/i.test(message)) throw new NotCalDavError('it did not say where the calendars are (no calendar-home-set)');
    throw error;
  }
  const { rootUrl, principalUrl, homeUrl } = account;
  if (!rootUrl || !principalUrl || !homeUrl) throw new NotCalDavError('it did not say where the calendars are');

  const userAddresses = await fetchCalendarUserAddresses({ account, fetch: session.fetch }).then(
    (addresses) => addresses.map((address) => address.replace(/^mailto:/i, '').toLowerCase()).filter((address) => address.includes('@')),
    (error: unknown) => {
      if (error instanceof CalDavAuthError || error instanceof CalDavNetworkError) throw error;
      return [] as string[]; // optional property (Radicale has none)
    },
  );
  const options = await session.fetch(homeUrl, { method: 'OPTIONS' });
  await options.body?.cancel();
  const dav = options.headers.get('dav') ?? '';
  if (!/calendar-access/i.test(dav)) throw new NotCalDavError(`its calendar home ${homeUrl} does not offer calendar-access`);
  return { rootUrl, principalUrl, homeUrl, userAddresses, serverSchedules: /calendar-auto-schedule/i.test(dav) };
}

/** The calendars in the home that hold events (task-only and address-book collections are left out). */
export async function listCalendars(session: CalDavSession, info: CalDavAccountInfo): Promise<CalDavCalendar[]> {
  const calendars = await fetchCalendars({
    account: { accountType: 'caldav', serverUrl: session.endpoint.serverUrl, rootUrl: info.rootUrl, principalUrl: info.principalUrl, homeUrl: info.homeUrl },
    fetch: session.fetch,
  });
  return calendars
    .filter((calendar) => !calendar.components || calendar.components.length === 0 || calendar.components.includes('VEVENT'))
    .map((calendar) => ({
      url: calendar.url,
      displayName: typeof calendar.displayName === 'string' && calendar.displayName ? calendar.displayName : decodeURIComponent(new URL(calendar.url).pathname.split('/').filter(Boolean).at(-1) ?? calendar.url),
      color: typeof calendar.calendarColor === 'string' ? calendar.calendarColor : null,
      ctag: calendar.ctag == null ? null : String(calendar.ctag),
      syncToken: calendar.syncToken == null ? null : String(calendar.syncToken),
      supportsSyncCollection: Array.isArray(calendar.reports) && (calendar.reports as unknown[]).includes('syncCollection'),
    }))
    .sort((a, b) => a.url.localeCompare(b.url));
}
