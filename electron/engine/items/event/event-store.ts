/**
 * Calendar objects in SQLite, for any calendar connector (CalDAV, Google Calendar). One row per
 * object (a UID with its overrides) at a resource URL; a sync replaces what it changed and
 * removes what the server listed as gone, and says which events are new, changed or gone so the
 * engine can record observations. The raw text is kept for updates and undo.
 *
 * EVENT_STORE_SQL is this kind's migration: the connector registry runs it with the others.
 */
import type { Db } from '../../db/database.js';
import type { CalendarObject, EventItem, EventTime } from './event-item.js';
import { expandObjects, instantOf, type ExpansionOptions, type ExpansionResult, type ExpansionWindow } from './expand.js';
import { ZoneBook } from './zones.js';

export const EVENT_STORE_SQL = `
  CREATE TABLE calendar_objects (
    account_id TEXT NOT NULL,
    calendar_id TEXT NOT NULL,
    href TEXT NOT NULL,
    uid TEXT NOT NULL,
    etag TEXT,
    -- CalendarObject without raw, as JSON
    object TEXT NOT NULL,
    raw TEXT NOT NULL,
    -- Bounds for window queries; last_end_ms is NULL for a series without an end.
    first_start_ms INTEGER NOT NULL,
    last_end_ms INTEGER,
    updated_at TEXT NOT NULL,
    PRIMARY KEY (account_id, href, uid)
  );
  CREATE INDEX calendar_objects_uid ON calendar_objects (uid);
  CREATE INDEX calendar_objects_window ON calendar_objects (account_id, first_start_ms, last_end_ms);
`;

export type EventChange = { readonly kind: 'new' | 'changed' | 'gone'; readonly uid: string; readonly calendarId: string; readonly href: string };

interface Row {
  readonly account_id: string;
  readonly object: string;
  readonly raw: string;
}

export class EventStore {
  constructor(
    private readonly db: Db,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** Stores what a resource holds now (replacing what it held); returns what changed. */
  replaceResource(accountId: string, calendarId: string, href: string, objects: readonly CalendarObject[]): EventChange[] {
    return this.db.transaction(() => {
      const before = new Map(
        (this.db.prepare('SELECT uid, etag, object FROM calendar_objects WHERE account_id = ? AND href = ?').all(accountId, href) as { uid: string; etag: string | null; object: string }[]).map((row) => [row.uid, row]),
      );
      this.db.prepare('DELETE FROM calendar_objects WHERE account_id = ? AND href = ?').run(accountId, href);
      const insert = this.db.prepare(
        `INSERT INTO calendar_objects (account_id, calendar_id, href, uid, etag, object, raw, first_start_ms, last_end_ms, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      );
      const changes: EventChange[] = [];
      for (const object of objects) {
        const { raw, ...rest } = object;
        const json = JSON.stringify(rest);
        const bounds = boundsOf(object);
        insert.run(accountId, calendarId, href, object.uid, object.etag, json, raw, bounds.firstStartMs, bounds.lastEndMs, this.now().toISOString());
        const previous = before.get(object.uid);
        before.delete(object.uid);
        if (!previous) changes.push({ kind: 'new', uid: object.uid, calendarId, href });
        else if (previous.object !== json) changes.push({ kind: 'changed', uid: object.uid, calendarId, href });
      }
      for (const uid of before.keys()) changes.push({ kind: 'gone', uid, calendarId, href });
      return changes;
    })();
  }

  /** The server listed the resource as gone. */
  removeResource(accountId: string, href: string): EventChange[] {
    return this.removeWhere('account_id = ? AND href = ?', [accountId, href]);
  }

  /** The server no longer lists the calendar. */
  removeCalendar(accountId: string, calendarId: string): EventChange[] {
    return this.removeWhere('account_id = ? AND calendar_id = ?', [accountId, calendarId]);
  }

  /** The account was removed. */
  removeAccount(accountId: string): EventChange[] {
    return this.removeWhere('account_id = ?', [accountId]);
  }

  /** Objects that may have occurrences in the window (series without an end always may). */
  objectsFor(window: ExpansionWindow, accountIds?: readonly string[]): CalendarObject[] {
    const rows = this.db
      .prepare(`SELECT account_id, object, raw FROM calendar_objects WHERE first_start_ms < ? AND (last_end_ms IS NULL OR last_end_ms > ?)`)
      .all(window.endMs, window.startMs) as Row[];
    return rows.filter((row) => !accountIds || accountIds.includes(row.account_id)).map(toObject);
  }

  /** Like objectsFor, with the account each object belongs to. */
  objectsWithAccountFor(window: ExpansionWindow): { readonly accountId: string; readonly object: CalendarObject }[] {
    const rows = this.db
      .prepare(`SELECT account_id, object, raw FROM calendar_objects WHERE first_start_ms < ? AND (last_end_ms IS NULL OR last_end_ms > ?)`)
      .all(window.endMs, window.startMs) as Row[];
    return rows.map((row) => ({ accountId: row.account_id, object: toObject(row) }));
  }

  /** Every occurrence in the window, across the user's calendars. */
  occurrences(window: ExpansionWindow, options: ExpansionOptions, accountIds?: readonly string[]): ExpansionResult {
    return expandObjects(this.objectsFor(window, accountIds), window, options);
  }

  /** What one resource holds now. */
  objectsAt(accountId: string, href: string): CalendarObject[] {
    return (this.db.prepare('SELECT account_id, object, raw FROM calendar_objects WHERE account_id = ? AND href = ?').all(accountId, href) as Row[]).map(toObject);
  }

  /** The objects with a UID, in any calendar: what an invitation in the mail is about. */
  byUid(uid: string): { readonly accountId: string; readonly object: CalendarObject }[] {
    return (this.db.prepare('SELECT account_id, object, raw FROM calendar_objects WHERE uid = ?').all(uid) as Row[]).map((row) => ({ accountId: row.account_id, object: toObject(row) }));
  }

  private removeWhere(where: string, params: readonly string[]): EventChange[] {
    return this.db.transaction(() => {
      const gone = this.db.prepare(`SELECT uid, calendar_id, href FROM calendar_objects WHERE ${where}`).all(...params) as { uid: string; calendar_id: string; href: string }[];
      this.db.prepare(`DELETE FROM calendar_objects WHERE ${where}`).run(...params);
      return gone.map((row): EventChange => ({ kind: 'gone', uid: row.uid, calendarId: row.calendar_id, href: row.href }));
    })();
  }
}

function toObject(row: Row): CalendarObject {
  return { ...(JSON.parse(row.object) as Omit<CalendarObject, 'raw'>), raw: row.raw };
}

/**
 * Conservative bounds: two days' margin either side covers any zone; a repeating master is open
 * ended (its end would need expanding); an override counts both where it was and where it went.
 */
function boundsOf(object: CalendarObject): { firstStartMs: number; lastEndMs: number | null } {
  const zones = new ZoneBook('UTC', object.timeZones);
  const margin = 2 * 86_400_000;
  const items: EventItem[] = [...(object.master ? [object.master] : []), ...object.overrides];
  let first = Number.POSITIVE_INFINITY;
  let last: number | null = Number.NEGATIVE_INFINITY;
  for (const item of items) {
    const times = [item.start, item.end, ...(item.recurrenceId ? [item.recurrenceId] : []), ...(item.recurrence?.rdates ?? [])].map((time) => safeInstant(time, zones));
    const exact = item.duration ? (item.duration.days * 86_400 + item.duration.seconds) * 1000 : 0;
    first = Math.min(first, ...times);
    last = item.recurrence || last === null ? null : Math.max(last, ...times) + exact;
  }
  return { firstStartMs: Number.isFinite(first) ? first - margin : 0, lastEndMs: last === null || !Number.isFinite(last) ? null : last + margin };
}

function safeInstant(time: EventTime, zones: ZoneBook): number {
  try {
    return instantOf(time, zones);
  } catch {
    return 0;
  }
}
