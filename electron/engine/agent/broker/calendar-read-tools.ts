/** calendar_list_events and calendar_get_event over the synced calendars of the accounts the gate allowed, within the calendars it allowed. */
import type { CalendarEventView } from '@shared/domain/calendar.js';
import { EMPTY_SCOPE } from '@shared/domain/permissions.js';
import { withinScope, type Places } from '../../gate/grant-match.js';
import type { UntrustedItem } from '../prompt/untrusted-data.js';
import type { ReadToolCall, ReadToolResult } from '../tool-broker.js';
import type { ReadableAccount, ReadToolProvider } from './read-tools.js';

/** What the tools read: the calendar view's events in a range, and one event as data. */
export interface CalendarReader {
  between(fromMs: number, toMs: number, accountIds: readonly string[]): CalendarEventView[];
  eventData(itemId: string): UntrustedItem | null;
}

export interface CalendarReadDeps {
  /** Absent or null when no calendar can be connected (tests of mail alone). */
  readonly calendar?: CalendarReader | null;
}

function asData(event: CalendarEventView): UntrustedItem {
  return {
    id: event.itemId ?? event.key,
    kind: 'event',
    fields: {
      title: event.title,
      when: event.allDay ? `${event.startDate ?? event.start} (all day)` : `${event.start} to ${event.end}`,
      where: event.location,
      calendar: event.calendar,
      organizer: event.organizer ?? '',
      'your answer': event.myAnswer ?? '',
      status: event.status ?? '',
    },
    body: '',
  };
}

export function calendarReadTools(deps: CalendarReadDeps): ReadToolProvider {
  return {
    capability: 'calendar.read',
    placesNamed(call: ReadToolCall): Places {
      const args = call.args;
      if (call.tool === 'calendar_list_events') return { ...EMPTY_SCOPE, calendars: typeof args.calendar === 'string' && args.calendar !== '' ? [args.calendar] : [] };
      if (call.tool === 'calendar_get_event') {
        const calendar = deps.calendar?.eventData(String(args.eventId))?.fields.calendar;
        return { ...EMPTY_SCOPE, calendars: calendar ? [calendar] : [] };
      }
      return EMPTY_SCOPE;
    },
    async read(call: ReadToolCall, accounts: readonly ReadableAccount[]): Promise<ReadToolResult> {
      const calendar = deps.calendar;
      if (!calendar) return { ok: false, error: 'No calendar is connected, so Steward knows no events.' };
      const withinOf = new Map(accounts.map(({ account, within }) => [account.id, within]));
      const args = call.args;
      switch (call.tool) {
        case 'calendar_list_events': {
          const query = typeof args.query === 'string' ? args.query.toLowerCase() : '';
          const only = typeof args.calendar === 'string' ? args.calendar.toLowerCase() : '';
          const events = calendar
            .between(Date.parse(String(args.from)), Date.parse(String(args.to)), [...withinOf.keys()])
            // Only the calendars the user let Steward read, when their Allow names some.
            .filter((event) => withinScope(withinOf.get(event.accountId) ?? null, 'calendars', event.calendar))
            .filter((event) => (!query || `${event.title} ${event.location} ${event.organizer ?? ''}`.toLowerCase().includes(query)) && (!only || event.calendar.toLowerCase() === only))
            .slice(0, Number(args.limit ?? 20));
          return { ok: true, items: events.map(asData), note: events.length === 0 ? 'No event in that range.' : `${events.length} event(s), earliest first:` };
        }
        case 'calendar_get_event': {
          const item = calendar.eventData(String(args.eventId));
          const covered = item !== null && accounts.some(({ within }) => withinScope(within, 'calendars', item.fields.calendar ?? ''));
          if (!item || !covered) return { ok: false, error: `There is no event ${String(args.eventId)} in the calendars Steward may read. Use an id from calendar_list_events.` };
          return { ok: true, items: [item] };
        }
        default:
          return { ok: false, error: `${call.tool} is not a calendar tool Steward knows.` };
      }
    },
  };
}
