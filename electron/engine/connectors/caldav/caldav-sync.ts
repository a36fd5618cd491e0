/**
 * Incremental sync of CalDAV calendars. With sync-collection (RFC 6578) the server says what
 * changed since the last token; without it, the calendar's ctag says whether anything changed
 * and a listing of ETags says what. When the server no longer knows a token (it expired), the
 * calendar is listed afresh and compared with the ETags Steward had, so nothing is duplicated
 * and nothing is lost.
 *
 * The cursor is plain JSON the caller stores per calendar. A sync either returns a complete
 * result with its new cursor or throws; on a throw the caller keeps its old cursor and items,
 * and the next sync starts from there. Events are only ever reported removed because the
 * server listed them as gone, never because a request failed.
 */
import type { DAVResponse } from 'tsdav';
import { loadDav } from './dav.js';
import type { CalendarObject, EventProblem } from '../../items/event/event-item.js';
import { parseIcs } from '../../items/event/ics-parse.js';
import { CalDavHttpError, type CalDavSession } from './caldav-session.js';
import type { CalDavAccountInfo, CalDavCalendar } from './discovery.js';
import { listCalendars } from './discovery.js';

export interface CalendarCursor {
  readonly v: 1;
  readonly syncToken: string | null;
  readonly ctag: string | null;
  /** Object URL → ETag of every object Steward has from this calendar. */
  readonly etags: Readonly<Record<string, string>>;
}

/** One object that is new or changed on the server: the caller replaces whatever it had at `url`. */
export interface ChangedResource {
  readonly url: string;
  readonly etag: string | null;
  /** Usually one (CalDAV allows one UID per object); none for an object with no events (a task). */
  readonly objects: readonly CalendarObject[];
  /** What could not be read in it, in words (its objects may then be fewer, or none). */
  readonly problems: readonly EventProblem[];
}

export type SyncMode = 'initial' | 'incremental' | 'unchanged' | 'resync';

export interface CalendarSyncResult {
  readonly calendarUrl: string;
  readonly mode: SyncMode;
  /** Why a full comparison was needed, in words, when mode is 'resync'. */
  readonly resyncReason: string | null;
  readonly changed: readonly ChangedResource[];
  /** Object URLs the server lists as gone. */
  readonly removed: readonly string[];
  /** Events that could not be read, with why. */
  readonly problems: readonly EventProblem[];
  readonly cursor: CalendarCursor;
}

export interface SyncOptions {
  /** 'auto' uses sync-collection where the calendar offers it. 'etags' forces the ctag/ETag comparison. */
  readonly method?: 'auto' | 'sync-collection' | 'etags';
  /** Objects fetched per calendar-multiget request. */
  readonly batchSize?: number;
}

const DEFAULT_BATCH = 100;
/** A server that truncates sync reports (507) is asked again with the new token, at most this often. */
const MAX_SYNC_ROUNDS = 1_000;

export async function syncCalendar(session: CalDavSession, calendar: CalDavCalendar, cursor: CalendarCursor | null, options: SyncOptions = {}): Promise<CalendarSyncResult> {
  const method = options.method ?? 'auto';
  const useSyncCollection = method === 'sync-collection' || (method === 'auto' && calendar.supportsSyncCollection);
  const known = cursor?.etags ?? {};

  let listing: Listing;
  if (useSyncCollection) {
    listing = await listBySyncCollection(session, calendar.url, cursor, known);
  } else {
    const ctag = await fetchCtag(session, calendar.url);
    if (cursor !== null && ctag !== null && cursor.ctag === ctag) {
      return { calendarUrl: calendar.url, mode: 'unchanged', resyncReason: null, changed: [], removed: [], problems: [], cursor };
    }
    listing = { ...compare(await listEtags(session, calendar.url), known), syncToken: null, ctag, mode: cursor === null ? 'initial' : 'incremental', resyncReason: null };
  }

  const fetched = await fetchObjects(session, calendar.url, [...listing.changed.keys()], options.batchSize ?? DEFAULT_BATCH);
  const etags: Record<string, string> = { ...known };
  for (const url of listing.removed) delete etags[url];
  const changed: ChangedResource[] = [];
  const problems: EventProblem[] = [];
  const removed = [...listing.removed];
  for (const url of listing.changed.keys()) {
    const resource = fetched.get(url);
    if (resource === undefined) {
      // Listed as changed, gone by the time it was fetched: it was deleted in between.
      if (url in known) removed.push(url);
      delete etags[url];
      continue;
    }
    const etag = resource.etag ?? listing.changed.get(url) ?? null;
    if (etag !== null) etags[url] = etag;
    else delete etags[url];
    if (resource.data === null) {
      const problem = { uid: null, summary: null, reason: `The server sent no calendar data for ${decodeURIComponent(new URL(url).pathname)}.` };
      problems.push(problem);
      changed.push({ url, etag, objects: [], problems: [problem] });
      continue;
    }
    const parsed = parseIcs(resource.data, { calendarId: calendar.url, href: url, etag });
    problems.push(...parsed.problems);
    changed.push({ url, etag, objects: parsed.objects, problems: parsed.problems });
  }
  const mode: SyncMode = listing.mode === 'incremental' && changed.length === 0 && removed.length === 0 ? 'unchanged' : listing.mode;
  return {
    calendarUrl: calendar.url,
    mode,
    resyncReason: listing.resyncReason,
    changed,
    removed,
    problems,
    cursor: { v: 1, syncToken: listing.syncToken, ctag: listing.ctag ?? calendar.ctag, etags },
  };
}

export interface AccountCursor {
  readonly v: 1;
  readonly calendars: Readonly<Record<string, CalendarCursor>>;
}

export interface AccountSyncResult {
  readonly calendars: readonly CalDavCalendar[];
  readonly results: readonly CalendarSyncResult[];
  /** Calendars Steward had that the server no longer lists: their events are gone with them. */
  readonly removedCalendars: readonly string[];
  readonly cursor: AccountCursor;
}

/**
 * Syncs every calendar of the account, one after the other. `commit` is awaited after each
 * calendar that changed, with its result and the cursor so far: store both together, and an
 * interrupted sync resumes with the calendars it had not finished.
 */
export async function syncAccount(
  session: CalDavSession,
  info: CalDavAccountInfo,
  cursor: AccountCursor | null,
  options: SyncOptions & { readonly commit?: (result: CalendarSyncResult, cursor: AccountCursor) => void | Promise<void> } = {},
): Promise<AccountSyncResult> {
  const calendars = await listCalendars(session, info);
  const next: Record<string, CalendarCursor> = {};
  const results: CalendarSyncResult[] = [];
  for (const calendar of calendars) {
    session.signal.throwIfAborted();
    const previous = cursor?.calendars[calendar.url] ?? null;
    const result = await syncCalendar(session, calendar, previous, options);
    next[calendar.url] = result.cursor;
    results.push(result);
    // Nothing to store when nothing moved (a quiet poll must not write to the database).
    const moved = result.mode !== 'unchanged' || previous?.syncToken !== result.cursor.syncToken || previous?.ctag !== result.cursor.ctag;
    // Calendars not synced yet keep their old cursors in what is committed.
    if (moved) await options.commit?.(result, { v: 1, calendars: { ...cursor?.calendars, ...next } });
  }
  const listed = new Set(calendars.map((calendar) => calendar.url));
  const removedCalendars = Object.keys(cursor?.calendars ?? {}).filter((url) => !listed.has(url));
  return { calendars, results, removedCalendars, cursor: { v: 1, calendars: next } };
}

// --- Listing what changed ------------------------------------------------------------------------

interface Listing {
  /** URL → ETag from the listing (null when the server did not say). */
  readonly changed: Map<string, string | null>;
  readonly removed: string[];
  readonly syncToken: string | null;
  readonly ctag: string | null;
  readonly mode: Exclude<SyncMode, 'unchanged'>;
  readonly resyncReason: string | null;
}

async function listBySyncCollection(session: CalDavSession, calendarUrl: string, cursor: CalendarCursor | null, known: Readonly<Record<string, string>>): Promise<Listing> {
  if (cursor?.syncToken) {
    const report = await reportChanges(session, calendarUrl, cursor.syncToken);
    if (report.kind === 'changes') {
      const changed = new Map([...report.changed].filter(([url, etag]) => etag === null || known[url] !== etag));
      return { changed, removed: report.removed.filter((url) => url in known), syncToken: report.syncToken, ctag: null, mode: 'incremental', resyncReason: null };
    }
  }
  const full = await reportChanges(session, calendarUrl, '');
  if (full.kind === 'invalid-token') throw new CalDavHttpError('REPORT', calendarUrl, 403, 'The server refused a sync without a token.');
  const resyncReason = cursor?.syncToken
    ? 'The server no longer knew where the last sync ended (its sync token expired), so Steward compared every event again.'
    : cursor !== null
      ? 'Steward had no sync token for this calendar, so it compared every event.'
      : null;
  return { ...compare(full.changed, known), syncToken: full.syncToken, ctag: null, mode: cursor === null ? 'initial' : 'resync', resyncReason };
}

type Report = { kind: 'changes'; changed: Map<string, string | null>; removed: string[]; syncToken: string | null } | { kind: 'invalid-token' };

/** REPORT sync-collection, following 507 truncation with the token it returns. */
async function reportChanges(session: CalDavSession, calendarUrl: string, token: string): Promise<Report> {
  const changed = new Map<string, string | null>();
  const removed: string[] = [];
  let syncToken = token;
  for (let round = 0; round < MAX_SYNC_ROUNDS; round++) {
    const { syncCollection } = await loadDav();
    const responses = await syncCollection({ url: calendarUrl, props: { 'd:getetag': {} }, syncLevel: 1, syncToken, fetch: session.fetch });
    const top = responses[0];
    if (responses.length === 1 && top && !top.props && top.status >= 400) {
      // RFC 6578 §3.2: an unknown or expired token is 403 (409 on some servers) with DAV:valid-sync-token.
      if ((top.status === 403 || top.status === 409 || top.status === 412) && token !== '') return { kind: 'invalid-token' };
      throw new CalDavHttpError('REPORT', calendarUrl, top.status, String(top.raw ?? ''));
    }
    let truncated = false;
    for (const response of responses) {
      if (!response.href) continue;
      const url = new URL(response.href, calendarUrl).href;
      if (isCollection(url, calendarUrl)) {
        if (response.status === 507) truncated = true;
        continue;
      }
      if (response.status === 404) {
        removed.push(url);
        changed.delete(url);
      } else if (response.ok) {
        changed.set(url, etagOf(response));
      }
    }
    syncToken = tokenOf(responses) ?? syncToken;
    if (!truncated) return { kind: 'changes', changed, removed, syncToken: syncToken || null };
  }
  throw new CalDavHttpError('REPORT', calendarUrl, 507, 'The server kept truncating its list of changes.');
}

async function fetchCtag(session: CalDavSession, calendarUrl: string): Promise<string | null> {
  const { propfind } = await loadDav();
  const responses = await propfind({ url: calendarUrl, props: { 'cs:getctag': {} }, depth: '0', fetch: session.fetch });
  const own = responses.find((r) => r.href !== undefined && isCollection(new URL(r.href, calendarUrl).href, calendarUrl)) ?? responses[0];
  if (!own?.ok) throw new CalDavHttpError('PROPFIND', calendarUrl, own?.status ?? 0, String(own?.raw ?? ''));
  return scalarText(own.props?.getctag);
}

/** PROPFIND depth 1 for every object's ETag: what a server without sync-collection offers. */
async function listEtags(session: CalDavSession, calendarUrl: string): Promise<Map<string, string | null>> {
  const { propfind } = await loadDav();
  const responses = await propfind({ url: calendarUrl, props: { 'd:getetag': {}, 'd:resourcetype': {} }, depth: '1', fetch: session.fetch });
  const failed = responses.find((r) => !r.ok && r.href === undefined);
  if (failed) throw new CalDavHttpError('PROPFIND', calendarUrl, failed.status, String(failed.raw ?? ''));
  const members = new Map<string, string | null>();
  for (const response of responses) {
    if (!response.href || !response.ok) continue;
    const url = new URL(response.href, calendarUrl).href;
    if (isCollection(url, calendarUrl) || url.endsWith('/')) continue;
    members.set(url, etagOf(response));
  }
  return members;
}

function compare(members: ReadonlyMap<string, string | null>, known: Readonly<Record<string, string>>): { changed: Map<string, string | null>; removed: string[] } {
  const changed = new Map([...members].filter(([url, etag]) => etag === null || known[url] !== etag));
  const removed = Object.keys(known).filter((url) => !members.has(url));
  return { changed, removed };
}

// --- Fetching objects -----------------------------------------------------------------------------

interface FetchedResource {
  readonly etag: string | null;
  readonly data: string | null;
}

/** calendar-multiget in batches; objects the server no longer has are simply absent from the map. */
async function fetchObjects(session: CalDavSession, calendarUrl: string, urls: readonly string[], batchSize: number): Promise<Map<string, FetchedResource>> {
  const fetched = new Map<string, FetchedResource>();
  for (let start = 0; start < urls.length; start += batchSize) {
    session.signal.throwIfAborted();
    const batch = urls.slice(start, start + batchSize);
    const { davRequest, getDAVAttribute, DAVNamespace } = await loadDav();
    const responses = await davRequest({
      url: calendarUrl,
      init: {
        method: 'REPORT',
        namespace: 'c',
        headers: { depth: '1' },
        body: {
          'calendar-multiget': {
            _attributes: getDAVAttribute([DAVNamespace.DAV, DAVNamespace.CALDAV]),
            'd:prop': { 'd:getetag': {}, 'c:calendar-data': {} },
            'd:href': batch.map((url) => new URL(url).pathname),
          },
        },
      },
      fetch: session.fetch,
    });
    const top = responses[0];
    if (responses.length === 1 && top && !top.props && top.status >= 400) throw new CalDavHttpError('REPORT', calendarUrl, top.status, String(top.raw ?? ''));
    for (const response of responses) {
      if (!response.href || !response.ok) continue;
      const url = new URL(response.href, calendarUrl).href;
      fetched.set(url, { etag: etagOf(response), data: calendarDataOf(response) });
    }
  }
  return fetched;
}

function etagOf(response: DAVResponse): string | null {
  return scalarText(response.props?.getetag);
}

function calendarDataOf(response: DAVResponse): string | null {
  const data: unknown = response.props?.calendarData;
  if (typeof data === 'string') return data;
  if (data && typeof data === 'object' && '_cdata' in data && typeof data._cdata === 'string') return data._cdata;
  if (data && typeof data === 'object' && '_text' in data && typeof data._text === 'string') return data._text;
  return null;
}

function tokenOf(responses: readonly DAVResponse[]): string | null {
  const raw = responses[0]?.raw as { multistatus?: { syncToken?: unknown } } | undefined;
  return scalarText(raw?.multistatus?.syncToken);
}

/** A property's text: tsdav gives strings, numbers (it converts numeric text) or {_cdata}. */
function scalarText(value: unknown): string | null {
  if (typeof value === 'string') return value === '' ? null : value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value && typeof value === 'object' && '_cdata' in value && typeof value._cdata === 'string') return value._cdata;
  return null;
}

function isCollection(url: string, calendarUrl: string): boolean {
  const strip = (u: string) => decodeURIComponent(new URL(u).pathname).replace(/\/+$/, '');
  return strip(url) === strip(calendarUrl);
}
