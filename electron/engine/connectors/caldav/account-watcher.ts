/**
 * A stored CalDAV account's watcher: the CalDavWatcher polling the server, its results handed to
 * the engine's item sink, one calendar (stream) per commit with that calendar's cursor, so
 * events and cursor move forward together. Events the server could not give in a readable form
 * are named in the account's status, in words; what Steward had of them stays until the server
 * says they are gone. A calendar the server no longer lists takes its events with it (as
 * deletions, so suggestions about them retire), and the status says so.
 */
import type { AccountConnection } from '@shared/domain/types.js';
import { describeEventProblems, type EventProblem } from '../../items/event/event-item.js';
import type { NewEventResource } from '../../items/event/event-kind.js';
import type { Watcher, WatcherContext } from '../types.js';
import { endpointOf } from './account-setup.js';
import type { AccountCursor, CalendarCursor, CalendarSyncResult } from './caldav-sync.js';
import { CalDavWatcher } from './caldav-watcher.js';
import { calendarName } from '../../items/event/calendar-name.js';

/** CalDAV has no push: a quiet poll costs one small request per calendar. */
export const CALDAV_POLL_MS = 60_000;

export function createCaldavWatcher(context: WatcherContext<'caldav', NewEventResource>, pollIntervalMs = CALDAV_POLL_MS): Watcher {
  const { account, sink } = context;
  /** Problems by object URL, kept until that object changes or goes. */
  const problems = new Map<string, readonly EventProblem[]>();
  /** What the last removal of calendars took away, in words: shown with the healthy status from then on. */
  let removedNotice: string | null = null;
  return new CalDavWatcher({
    endpoint: async () => endpointOf(account, await context.credentials.password()),
    loadCursor: () => {
      const streams = sink.streams();
      if (streams.length === 0) return null;
      return { v: 1, calendars: Object.fromEntries(streams.map((stream) => [stream, sink.cursor(stream) as CalendarCursor])) };
    },
    commit: (result: CalendarSyncResult) => {
      // An object that changed into something unreadable keeps the version Steward had: a
      // broken write by another app must not make an event vanish. Its problem is reported.
      const readable = result.changed.filter((changed) => changed.objects.length > 0 || changed.problems.length === 0);
      const resources: NewEventResource[] = [
        ...readable.map((changed) => ({ calendarId: result.calendarUrl, href: changed.url, objects: changed.objects })),
        ...result.removed.map((url) => ({ calendarId: result.calendarUrl, href: url, objects: [] })),
      ];
      const gone = resources.filter((resource) => resource.objects.length === 0).map((resource) => resource.href);
      sink.commit({ stream: result.calendarUrl, cursor: result.cursor, items: resources, goneExternalIds: gone });
      for (const url of result.removed) problems.delete(url);
      for (const changed of result.changed) {
        if (changed.problems.length > 0) problems.set(changed.url, changed.problems);
        else problems.delete(changed.url);
      }
    },
    onCalendarsGone: (urls: readonly string[], _cursor: AccountCursor) => {
      const counts = urls.map((url) => {
        const had = sink.cursor(url) as CalendarCursor | undefined;
        const hrefs = Object.keys(had?.etags ?? {});
        // Each event goes as an empty resource (out of the event store, its item gone), then the
        // stream: dropping the stream alone would leave its events in the store, still listed.
        sink.commit({ stream: url, cursor: had ?? null, items: hrefs.map((href) => ({ calendarId: url, href, objects: [] })), goneExternalIds: hrefs });
        sink.dropStream(url);
        for (const href of hrefs) problems.delete(href);
        return `"${calendarName(url)}" (${hrefs.length} event${hrefs.length === 1 ? '' : 's'})`;
      });
      removedNotice = `${counts.length === 1 ? 'The calendar' : 'The calendars'} ${counts.join(', ')} ${counts.length === 1 ? 'is' : 'are'} no longer on the server, so Steward removed ${counts.length === 1 ? 'its' : 'their'} events too.`;
    },
    onStatus: (status) => context.report(withNotices(withProblems(status, [...problems.values()].flat()), removedNotice)),
    pollIntervalMs,
    now: () => context.now(),
  });
}

/** A healthy status also carries what the sync removed, after any problem. */
function withNotices(status: AccountConnection, notice: string | null): AccountConnection {
  if (status.state !== 'connected' || notice === null) return status;
  return { ...status, lastError: status.lastError ? `${status.lastError} ${notice}` : notice };
}

/** A healthy sync that met unreadable events says so, naming them, instead of "no problem". */
function withProblems(status: AccountConnection, problems: readonly EventProblem[]): AccountConnection {
  const described = describeEventProblems(problems);
  if (status.state !== 'connected' || described === null) return status;
  return { ...status, lastError: described };
}
