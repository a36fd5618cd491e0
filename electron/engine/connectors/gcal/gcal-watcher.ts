/**
 * Keeps a Google Calendar account in view: each poll lists the calendars in the user's calendar
 * list, then each calendar's changes (calendar-listing.ts), and commits per calendar, in one
 * transaction, the Google events (event-table.ts), the rebuilt series in the event store and the
 * calendar's sync token, so that they move forward together. Pacing, renewal and backoff are the
 * Google poll loop's (google-poller.ts), the same as Gmail's.
 */
import { z } from 'zod';
import type { AccountConnection } from '@shared/domain/types.js';
import { describeEventProblems, type EventProblem } from '../../items/event/event-item.js';
import type { NewEventResource } from '../../items/event/event-kind.js';
import { credentialsAuth } from '../google/credentials-auth.js';
import { googleEndpoints, type GoogleEndpoints } from '../google/endpoints.js';
import { GooglePoller, type PollRound } from '../google/google-poller.js';
import type { Watcher, WatcherContext } from '../types.js';
import { createCalendarApi, type CalendarApi } from './calendar-api.js';
import { listCalendar } from './calendar-listing.js';
import { seriesResource } from './event-resource.js';
import { GcalEventTable } from './event-table.js';
import { GCAL_SIGN_IN_COMMAND } from './sign-in.js';
import { seriesIdOf } from './google-event.js';
import { listingChanges } from './listing-changes.js';

export type GcalWatcherContext = WatcherContext<'gcal', NewEventResource>;

const cursorSchema = z.object({ v: z.literal(1), syncToken: z.string().nullable() });
export type GcalCursor = z.infer<typeof cursorSchema>;

export interface GcalWatcherOptions {
  readonly endpoints?: () => GoogleEndpoints;
  readonly random?: () => number;
}

export function createGcalWatcher(context: GcalWatcherContext, options: GcalWatcherOptions = {}): Watcher {
  const { account, sink, db } = context;
  const table = new GcalEventTable(db, account.id);
  let api: Promise<CalendarApi> | null = null;
  /** What the last removal of calendars took away, in words: shown with the healthy status from then on. */
  let removedNotice: string | null = null;
  const client = () => (api ??= credentialsAuth(context.credentials).then((auth) => createCalendarApi(auth, (options.endpoints ?? googleEndpoints)())));

  const syncCalendar = async (calendarId: string, signal: AbortSignal): Promise<{ changed: boolean; problems: readonly EventProblem[] }> => {
    const cursor = cursorSchema.safeParse(sink.cursor(calendarId));
    const listing = await listCalendar(await client(), calendarId, cursor.success ? cursor.data.syncToken : null, context.now(), signal);
    const problems: EventProblem[] = [];
    const changes = listingChanges(table.eventsIn(calendarId), listing);
    db.transaction(() => {
      for (const series of changes.removeSeries) table.removeSeries(calendarId, series);
      table.remove(calendarId, changes.removeEventIds);
      table.put(calendarId, changes.put);
      const items = changes.affectedSeries.map((series) => {
        const built = seriesResource(calendarId, series, table.seriesEvents(calendarId, series));
        problems.push(...built.problems);
        return built.resource;
      });
      const gone = items.filter((item) => item.objects.length === 0).map((item) => item.href);
      const next: GcalCursor = { v: 1, syncToken: listing.nextSyncToken };
      sink.commit({ stream: calendarId, cursor: next, items, goneExternalIds: gone });
    })();
    return { changed: changes.affectedSeries.length > 0, problems };
  };

  const poll = async (signal: AbortSignal, report: (change: Partial<AccountConnection>) => void): Promise<PollRound> => {
    // The first sync says so at once; a check of what changed stays quiet unless it finds something.
    if (sink.streams().length === 0) report({ state: 'syncing' });
    const calendars = await listCalendarIds(await client(), signal);
    let changed = false;
    const problems: EventProblem[] = [];
    for (const calendarId of calendars) {
      const result = await syncCalendar(calendarId, signal);
      changed ||= result.changed;
      problems.push(...result.problems);
    }
    // Calendars the user removed from their list (or lost access to) take their events with them.
    const removed: string[] = [];
    for (const stream of new Set([...sink.streams(), ...table.calendars()])) {
      if (calendars.includes(stream)) continue;
      // Each series goes as an empty resource (out of the event store, its item gone), then the
      // stream: dropping the stream alone would leave its events in the store.
      const series = [...new Set([...table.eventsIn(stream).values()].map(seriesIdOf))];
      db.transaction(() => {
        table.dropCalendar(stream);
        sink.commit({ stream, cursor: null, items: series.map((href) => ({ calendarId: stream, href, objects: [] })), goneExternalIds: series });
        sink.dropStream(stream);
      })();
      removed.push(`"${stream}" (${series.length} event${series.length === 1 ? '' : 's'})`);
      changed = true;
    }
    if (removed.length > 0) {
      removedNotice = `${removed.length === 1 ? 'The calendar' : 'The calendars'} ${removed.join(', ')} ${removed.length === 1 ? 'is' : 'are'} no longer in your Google calendar list, so Steward removed ${removed.length === 1 ? 'its' : 'their'} events too.`;
    }
    // Events Google sent that Steward could not read are named, instead of a silent gap.
    return { changed, warning: [describeEventProblems(problems), removedNotice].filter(Boolean).join(' ') || null };
  };

  return new GooglePoller({
    account: account.email,
    doing: 'sync your Google Calendar',
    signInCommand: GCAL_SIGN_IN_COMMAND,
    credentials: context.credentials,
    presence: context.presence,
    now: () => context.now(),
    report: (connection) => context.report(connection),
    poll,
    reset: () => {
      api = null;
    },
    ...(options.random ? { random: options.random } : {}),
  });
}

async function listCalendarIds(api: CalendarApi, signal: AbortSignal): Promise<string[]> {
  const ids: string[] = [];
  let pageToken: string | undefined;
  do {
    const response = await api.calendarList.list({ maxResults: 250, ...(pageToken ? { pageToken } : {}) }, { signal });
    ids.push(...(response.data.items ?? []).flatMap((entry) => (entry.id ? [entry.id] : [])));
    pageToken = response.data.nextPageToken ?? undefined;
  } while (pageToken);
  return ids;
}
