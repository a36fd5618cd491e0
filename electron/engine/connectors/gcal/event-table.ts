/**
 * The Google events of an account as Google sent them (JSON), one row per event: a series'
 * master and each of its changed or cancelled instances. Google's incremental sync sends an
 * instance without its series, and a series is stored (event kind) as one object made of all of
 * them, so the parts are kept here to rebuild it. The rows also say which series a calendar held,
 * for telling what went when a server cannot sync incrementally (calendar-listing.ts).
 */
import type { Db } from '../../db/database.js';
import type { MigrationModule } from '../../db/migrations.js';
import { seriesIdOf, type GoogleEvent } from './google-event.js';

export const gcalMigrations: MigrationModule = {
  name: 'gcal',
  migrations: [
    {
      version: 1,
      name: 'google events',
      sql: `
        CREATE TABLE gcal_events (
          account_id TEXT NOT NULL,
          calendar_id TEXT NOT NULL,
          event_id TEXT NOT NULL,
          series_id TEXT NOT NULL,
          json TEXT NOT NULL,
          PRIMARY KEY (account_id, calendar_id, event_id)
        );
        CREATE INDEX gcal_events_series ON gcal_events (account_id, calendar_id, series_id);
        CREATE TRIGGER gcal_events_account_removed AFTER DELETE ON accounts BEGIN DELETE FROM gcal_events WHERE account_id = OLD.id; END;
      `,
    },
  ],
};

export class GcalEventTable {
  constructor(
    private readonly db: Db,
    private readonly accountId: string,
  ) {}

  /** Every event of a calendar as stored, by event id. */
  eventsIn(calendarId: string): Map<string, GoogleEvent> {
    const rows = this.db.prepare('SELECT event_id, json FROM gcal_events WHERE account_id = ? AND calendar_id = ?').all(this.accountId, calendarId) as { event_id: string; json: string }[];
    return new Map(rows.map((row) => [row.event_id, JSON.parse(row.json) as GoogleEvent]));
  }

  seriesEvents(calendarId: string, seriesId: string): GoogleEvent[] {
    const rows = this.db.prepare('SELECT json FROM gcal_events WHERE account_id = ? AND calendar_id = ? AND series_id = ?').all(this.accountId, calendarId, seriesId) as { json: string }[];
    return rows.map((row) => JSON.parse(row.json) as GoogleEvent);
  }

  /** An event by its id, with the calendar it is in; undefined when Steward has not seen it. */
  find(eventId: string): { calendarId: string; event: GoogleEvent } | undefined {
    const row = this.db.prepare('SELECT calendar_id, json FROM gcal_events WHERE account_id = ? AND event_id = ? LIMIT 1').get(this.accountId, eventId) as { calendar_id: string; json: string } | undefined;
    return row ? { calendarId: row.calendar_id, event: JSON.parse(row.json) as GoogleEvent } : undefined;
  }

  put(calendarId: string, events: readonly GoogleEvent[]): void {
    const insert = this.db.prepare('INSERT OR REPLACE INTO gcal_events (account_id, calendar_id, event_id, series_id, json) VALUES (?, ?, ?, ?, ?)');
    for (const event of events) if (event.id) insert.run(this.accountId, calendarId, event.id, seriesIdOf(event), JSON.stringify(event));
  }

  remove(calendarId: string, eventIds: readonly string[]): void {
    const remove = this.db.prepare('DELETE FROM gcal_events WHERE account_id = ? AND calendar_id = ? AND event_id = ?');
    for (const id of eventIds) remove.run(this.accountId, calendarId, id);
  }

  removeSeries(calendarId: string, seriesId: string): void {
    this.db.prepare('DELETE FROM gcal_events WHERE account_id = ? AND calendar_id = ? AND series_id = ?').run(this.accountId, calendarId, seriesId);
  }

  dropCalendar(calendarId: string): void {
    this.db.prepare('DELETE FROM gcal_events WHERE account_id = ? AND calendar_id = ?').run(this.accountId, calendarId);
  }

  calendars(): string[] {
    return (this.db.prepare('SELECT DISTINCT calendar_id FROM gcal_events WHERE account_id = ?').all(this.accountId) as { calendar_id: string }[]).map((row) => row.calendar_id);
  }
}
