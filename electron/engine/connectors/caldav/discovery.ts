/**
 * From the address a user typed to where their calendars are (RFC 6764 and RFC 4791):
 * /.well-known/caldav, the current-user-principal, its calendar-home-set; then the calendars in
 * that home, and whether the server delivers invitations and replies itself (RFC 6638
 * scheduling) or Steward must send them by mail (iMIP) as for Radicale.
 */
import type { DAVAccount } from 'tsdav';
import { loadDav } from './dav.js';
import { NotCalDavError } from './caldav-errors.js';
import { CalDavAuthError, CalDavHttpError, CalDavNetworkError, type CalDavSession } from './caldav-session.js';

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
  /** Not listed (see listCalendars); the sync reads the ctag itself where it needs it. */
  readonly ctag: string | null;
  readonly syncToken: string | null;
  /** The server answers REPORT sync-collection (RFC 6578) for it: incremental sync by token. */
  readonly supportsSyncCollection: boolean;
}

export async function discover(session: CalDavSession): Promise<CalDavAccountInfo> {
  let account: DAVAccount;
  try {
    const { createAccount } = await loadDav();
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

  const { fetchCalendarUserAddresses } = await loadDav();
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

/**
 * The calendars in the home that hold events (task lists and address books are left out), in one
 * PROPFIND. It asks for no ctag or sync token: some servers (Radicale) compute those by reading
 * every event, and the sync asks each calendar for them anyway.
 */
export async function listCalendars(session: CalDavSession, info: CalDavAccountInfo): Promise<CalDavCalendar[]> {
  const { propfind } = await loadDav();
  const responses = await propfind({
    url: info.homeUrl,
    props: {
      'd:displayname': {},
      'd:resourcetype': {},
      'c:supported-calendar-component-set': {},
      'ca:calendar-color': {},
      'd:supported-report-set': {},
    },
    depth: '1',
    fetch: session.fetch,
  });
  const failed = responses.find((r) => r.href === undefined && !r.ok);
  if (failed) throw new CalDavHttpError('PROPFIND', info.homeUrl, failed.status, String(failed.raw ?? ''));
  const calendars: CalDavCalendar[] = [];
  for (const response of responses) {
    const props = response.props ?? {};
    if (!response.href || !response.ok || !isCalendar(props.resourcetype)) continue;
    if (!holdsEvents(props.supportedCalendarComponentSet)) continue;
    const url = new URL(response.href, info.homeUrl).href;
    calendars.push({
      url,
      displayName: textOf(props.displayname) || decodeURIComponent(new URL(url).pathname.split('/').filter(Boolean).at(-1) ?? url),
      color: textOf(props.calendarColor) || null,
      ctag: null,
      syncToken: null,
      supportsSyncCollection: reportsOf(props.supportedReportSet).includes('sync-collection'),
    });
  }
  return calendars.sort((a, b) => a.url.localeCompare(b.url));
}

// tsdav hands properties over as xml-js "compact" objects, element names camel-cased.

function isCalendar(resourcetype: unknown): boolean {
  return typeof resourcetype === 'object' && resourcetype !== null && 'calendar' in resourcetype;
}

function holdsEvents(componentSet: unknown): boolean {
  const comp: unknown = typeof componentSet === 'object' && componentSet !== null ? (componentSet as { comp?: unknown }).comp : undefined;
  if (comp === undefined) return true; // not stated: any component
  const names = (Array.isArray(comp) ? comp : [comp]).map((c: unknown) => (c as { _attributes?: { name?: unknown } })?._attributes?.name);
  return names.some((name) => typeof name === 'string' && name.toUpperCase() === 'VEVENT');
}

function reportsOf(reportSet: unknown): string[] {
  const supported: unknown = typeof reportSet === 'object' && reportSet !== null ? (reportSet as { supportedReport?: unknown }).supportedReport : undefined;
  if (supported === undefined) return [];
  return (Array.isArray(supported) ? supported : [supported]).flatMap((entry: unknown) => {
    const report: unknown = (entry as { report?: unknown })?.report;
    // camelCase back to the report's XML name: syncCollection → sync-collection
    return report && typeof report === 'object' ? Object.keys(report).map((name) => name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)) : [];
  });
}

function textOf(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return String(value);
  if (value && typeof value === 'object' && '_cdata' in value && typeof value._cdata === 'string') return value._cdata;
  return '';
}
