/** calendar_list_events and calendar_get_event over the synced calendars of the accounts the gate allowed. */
import type { CalendarEventView } from '@shared/domain/calendar.js';
import type { StoredAccount } from '../../accounts/account-store.js';
import type { UntrustedItem } from '../prompt/untrusted-data.js';
import type { ReadToolCall, ReadToolResult } from '../tool-broker.js';
import type { ReadToolProvider } from './read-tools.js';

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
    async read(call: ReadToolCall, accounts: readonly StoredAccount[]): Promise<ReadToolResult> {
      const calendar = deps.calendar;
      if (!calendar) return { ok: false, error: 'No calendar is connected, so Steward knows no events.' };
      const accountIds = accounts.map((account) => account.id);
      const args = call.args;
      switch (call.tool) {
        case 'calendar_list_events': {
          const query = typeof args.query === 'string' ? args.query.toLowerCase() : '';
          const only = typeof args.calendar === 'string' ? args.calendar.toLowerCase() : '';
          const events = calendar
            .between(Date.parse(String(args.from)), Date.parse(String(args.to)), accountIds)
            .filter((event) => (!query || `${event.title} ${event.location} ${event.organizer ?? ''}`.toLowerCase().includes(query)) && (!only || event.calendar.toLowerCase() === only))
            .slice(0, Number(args.limit ?? 20));
          return { ok: true, items: events.map(asData), note: events.length === 0 ? 'No event in that range.' : `${events.length} event(s), earliest first:` };
        }
        case 'calendar_get_event': {
          const item = calendar.eventData(String(args.eventId));
          if (!item) return { ok: false, error: `There is no event ${String(args.eventId)} in the calendars Steward may read. Use an id from calendar_list_events.` };
          return { ok: true, items: [item] };
        }
        default:
          return { ok: false, error: `${call.tool} is not a calendar tool Steward knows.` };
      }
    },
  };
}
