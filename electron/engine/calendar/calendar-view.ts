/**
 * The user's day, read from the event item kind's store: coming events across calendars, the
 * next one, "in a meeting now" (for the interruption policy) and the meetings with people about
 * to start (for the agent's meeting prep). The decisions are the pure agenda functions; this
 * module only reads and shapes.
 */
import type { CalendarEventView, DayStatus } from '@shared/domain/calendar.js';
import type { AccountStore, StoredAccount } from '../accounts/account-store.js';
import type { MeetingSource, UpcomingMeeting } from '../agent/jobs/meetings.js';
import type { UntrustedItem } from '../agent/prompt/untrusted-data.js';
import { connectorFor } from '../connectors/registry.js';
import type { Db } from '../db/database.js';
import { inMeetingNow, nextEvent, withOtherPeople } from '../items/event/agenda.js';
import { findSelf, selfAddresses, type EventInstance } from '../items/event/event-item.js';
import type { EventStore } from '../items/event/event-store.js';
import type { ExpansionWindow } from '../items/event/expand.js';
import { calendarName } from '../items/event/calendar-name.js';

export interface CalendarViewDeps {
  readonly db: Db;
  readonly events: EventStore;
  readonly accounts: AccountStore;
  readonly now: () => Date;
  readonly userZone: () => string;
}

const DAY_MS = 86_400_000;
/** Long enough to see the end of a meeting under way, and the next one after a weekend. */
const LOOK_BACK_MS = DAY_MS;
const LOOK_AHEAD_MS = 4 * DAY_MS;

interface AccountInstance {
  readonly account: StoredAccount;
  readonly instance: EventInstance;
}

export class CalendarView {
  constructor(private readonly deps: CalendarViewDeps) {}

  /** The accounts whose items are events. */
  calendarAccounts(): StoredAccount[] {
    return this.deps.accounts.list().filter((account) => connectorFor(account.kind).itemKind === 'event');
  }

  /** Every address of the user's, on any account: whose attendee entry is theirs. */
  self(): ReadonlySet<string> {
    return selfAddresses(
      this.deps.accounts.list().flatMap((account) => [account.email, ...((account.settings as { readonly addresses?: readonly string[] }).addresses ?? [])]),
    );
  }

  /** Events from now to `days` days ahead (and those under way), soonest first. */
  upcoming(days: number): CalendarEventView[] {
    const nowMs = this.deps.now().getTime();
    const self = this.self();
    return this.occurrences({ startMs: nowMs, endMs: nowMs + days * DAY_MS })
      .filter(({ instance }) => instance.endMs > nowMs)
      .map(({ account, instance }) => this.view(account, instance, self));
  }

  /** Events overlapping [fromMs, toMs) on these accounts, earliest first (the agent's calendar_list_events). */
  between(fromMs: number, toMs: number, accountIds: readonly string[]): CalendarEventView[] {
    if (!Number.isFinite(fromMs) || !Number.isFinite(toMs) || toMs <= fromMs) return [];
    const self = this.self();
    return this.occurrences({ startMs: fromMs, endMs: toMs })
      .filter(({ account, instance }) => accountIds.includes(account.id) && instance.endMs > fromMs && instance.startMs < toMs)
      .map(({ account, instance }) => this.view(account, instance, self));
  }

  /** Null when no calendar is connected. */
  dayStatus(): DayStatus | null {
    if (this.calendarAccounts().length === 0) return null;
    const nowMs = this.deps.now().getTime();
    const self = this.self();
    const instances = this.occurrences({ startMs: nowMs - LOOK_BACK_MS, endMs: nowMs + LOOK_AHEAD_MS }).map(({ instance }) => instance);
    const next = nextEvent(instances, nowMs, self);
    const meeting = inMeetingNow(instances, nowMs, self);
    return {
      next: next ? { title: next.instance.item.summary || 'Untitled event', start: next.instance.start } : null,
      inMeetingUntil: meeting.freeAtMs === null ? null : new Date(meeting.freeAtMs).toISOString(),
    };
  }

  /** For the interruption policy: hold everything below high urgency while this is true. */
  inMeetingNow(): boolean {
    if (this.calendarAccounts().length === 0) return false;
    const nowMs = this.deps.now().getTime();
    const instances = this.occurrences({ startMs: nowMs - LOOK_BACK_MS, endMs: nowMs + DAY_MS }).map(({ instance }) => instance);
    return inMeetingNow(instances, nowMs, this.self()).inMeeting;
  }

  /** The agent's hook: meetings with other people, and an event as data for the model. */
  meetingSource(): MeetingSource {
    return {
      startingBetween: (from, to) => this.meetingsBetween(from, to),
      eventData: (itemId) => this.eventData(itemId),
    };
  }

  private meetingsBetween(from: Date, to: Date): UpcomingMeeting[] {
    const self = this.self();
    return this.occurrences({ startMs: from.getTime(), endMs: to.getTime() })
      .filter(({ instance }) => !instance.allDay && instance.startMs >= from.getTime() && instance.startMs < to.getTime() && withOtherPeople(instance, self))
      .filter(({ instance }) => instance.item.status !== 'cancelled' && findSelf(instance.item.attendees, self)?.partstat !== 'declined')
      .flatMap(({ account, instance }) => {
        const itemId = this.itemIdOf(account.id, instance);
        if (!itemId) return [];
        const people = [instance.item.organizer, ...instance.item.attendees].filter((person) => person !== null && person.email !== '' && !self.has(person.email));
        return [{ eventItemId: itemId, accountId: account.id, title: instance.item.summary || 'Untitled event', startsAt: instance.start, attendees: [...new Set(people.map((person) => person?.email ?? ''))] }];
      });
  }

  /** One event as data for the model: title, time, place, organiser, attendees, description. */
  eventData(itemId: string): UntrustedItem | null {
    const row = this.deps.db.prepare("SELECT account_id, external_id FROM items WHERE id = ? AND kind = 'event' AND present = 1").get(itemId) as { account_id: string; external_id: string } | undefined;
    if (!row) return null;
    const object = this.deps.events.objectsAt(row.account_id, row.external_id)[0];
    const item = object?.master ?? object?.overrides[0];
    if (!item) return null;
    const when = item.start.kind === 'utc' ? item.start.iso : item.start.kind === 'date' ? item.start.date : item.start.local;
    return {
      id: itemId,
      kind: 'event',
      fields: {
        title: item.summary,
        when,
        where: item.location,
        organizer: item.organizer?.email ?? '',
        attendees: item.attendees.map((attendee) => `${attendee.name ? `${attendee.name} ` : ''}<${attendee.email}> ${attendee.partstat}`).join(', '),
      },
      body: item.description,
    };
  }

  private occurrences(window: ExpansionWindow): AccountInstance[] {
    const options = { userZone: this.deps.userZone() };
    return this.calendarAccounts()
      .flatMap((account) => this.deps.events.occurrences(window, options, [account.id]).instances.map((instance) => ({ account, instance })))
      .sort((a, b) => a.instance.startMs - b.instance.startMs || a.instance.key.localeCompare(b.instance.key));
  }

  private itemIdOf(accountId: string, instance: EventInstance): string | null {
    const row = this.deps.db
      .prepare("SELECT id FROM items WHERE account_id = ? AND kind = 'event' AND stream = ? AND external_id = ?")
      .get(accountId, instance.calendarId, instance.href) as { id: string } | undefined;
    return row?.id ?? null;
  }

  private view(account: StoredAccount, instance: EventInstance, self: ReadonlySet<string>): CalendarEventView {
    const { item } = instance;
    const others = item.attendees.filter((attendee) => !attendee.isResource && !self.has(attendee.email));
    return {
      key: instance.key,
      itemId: this.itemIdOf(account.id, instance),
      accountId: account.id,
      calendar: calendarName(instance.calendarId),
      title: item.summary || 'Untitled event',
      start: instance.start,
      end: instance.end,
      allDay: instance.allDay,
      startDate: instance.startDate,
      endDate: instance.endDate,
      location: item.location,
      organizer: item.organizer ? item.organizer.name || item.organizer.email || null : null,
      attendees: others.length,
      myAnswer: findSelf(item.attendees, self)?.partstat ?? null,
      status: item.status,
    };
  }
}
