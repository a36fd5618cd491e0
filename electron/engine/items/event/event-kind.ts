/**
 * The event item kind as a plug-in of the item registry: one generic `items` row per calendar
 * resource (a CalDAV object URL, a Google event id), its events in calendar_objects (EventStore).
 * The stream is the calendar; the source id is the resource's address.
 *
 * A stored event carries the user's occurrences around it (`around`), read in the same call, so
 * that the calendar detectors stay pure: "it conflicts with 1:1 with Ana" needs the rest of the
 * day, and a detector does no I/O.
 */
import type { Db } from '../../db/database.js';
import type { MigrationModule } from '../../db/migrations.js';
import type { ItemStore } from '../item-store.js';
import type { ItemKindModule, ItemKindStore, StoredItemBase } from '../kinds.js';
import type { CalendarObject, EventInstance } from './event-item.js';
import { EVENT_STORE_SQL, EventStore } from './event-store.js';
import { byStart, expandObject, type ExpansionWindow } from './expand.js';

/** One resource as a connector hands it over. No objects: the resource holds no events any more. */
export interface NewEventResource {
  readonly calendarId: string;
  readonly href: string;
  readonly objects: readonly CalendarObject[];
}

export interface StoredEvent extends StoredItemBase {
  readonly calendarId: string;
  readonly href: string;
  readonly objects: readonly CalendarObject[];
  /** Every occurrence of the user's calendars in `window` (this resource's included). */
  readonly around: readonly EventInstance[];
  readonly window: ExpansionWindow;
}

export const eventMigrations: MigrationModule = {
  name: 'event',
  migrations: [
    { version: 1, name: 'calendar objects', sql: EVENT_STORE_SQL },
    // An invitation in the mail looks up its event by UID (the event's item key), on any account.
    { version: 2, name: 'items by kind and key', sql: 'CREATE INDEX IF NOT EXISTS items_by_kind_key ON items (kind, item_key);' },
    // calendar_objects has no row in items to cascade from: a removed account takes its events with it.
    {
      version: 3,
      name: 'events leave with their account',
      sql: 'CREATE TRIGGER calendar_objects_account_removed AFTER DELETE ON accounts BEGIN DELETE FROM calendar_objects WHERE account_id = OLD.id; END;',
    },
    // The core's items_by_key (core migration 9) leads with item_key and serves this lookup too.
    { version: 4, name: 'items by kind and key, served by the core index', sql: 'DROP INDEX IF EXISTS items_by_kind_key;' },
  ],
};

export const eventKind: ItemKindModule = { kind: 'event', migrations: eventMigrations };

/** How far detectors look: yesterday (a meeting under way) to two weeks ahead. */
export const DETECTION_WINDOW = { backMs: 86_400_000, aheadMs: 14 * 86_400_000 } as const;

export interface EventKindOptions {
  readonly now: () => Date;
  /** The user's IANA zone: floating times and all-day dates happen there. */
  readonly userZone: () => string;
}

const HOUR_MS = 3_600_000;

export class EventKindStore implements ItemKindStore<NewEventResource, StoredEvent> {
  readonly kind = 'event' as const;
  readonly events: EventStore;
  /**
   * Occurrences per stored object for the current detection window. Expanding a long series up
   * to the window is the expensive part (ical.js walks it from its start), and every batch of
   * fresh events needs the whole day around them: each object is expanded once per window and
   * again only when a sync changes it.
   */
  private expanded = { key: '', byResource: new Map<string, Map<string, readonly EventInstance[]>>() };

  constructor(
    private readonly db: Db,
    private readonly items: ItemStore,
    private readonly options: EventKindOptions,
  ) {
    this.events = new EventStore(db, options.now);
  }

  upsert(accountId: string, resources: readonly NewEventResource[]): { added: string[]; changed: string[] } {
    const added: string[] = [];
    const changed: string[] = [];
    for (const resource of resources) {
      if (resource.objects.length === 0) {
        this.forget(accountId, resource.href);
        // Gone or empty (a task list entry): its events go; the sink marks the item gone.
        this.events.removeResource(accountId, resource.href);
        continue;
      }
      this.forget(accountId, resource.href);
      const row = this.items.upsert(accountId, 'event', { stream: resource.calendarId, externalId: resource.href, itemKey: resource.objects[0]?.uid ?? resource.href });
      const changes = this.events.replaceResource(accountId, resource.calendarId, resource.href, resource.objects);
      if (row.created) added.push(row.id);
      else if (!row.wasPresent || changes.length > 0) {
        this.items.touch(row.id);
        changed.push(row.id);
      }
    }
    return { added, changed };
  }

  private occurrencesIn(window: ExpansionWindow): EventInstance[] {
    const userZone = this.options.userZone();
    const key = `${window.startMs}|${userZone}`;
    if (this.expanded.key !== key) this.expanded = { key, byResource: new Map() };
    const instances: EventInstance[] = [];
    for (const { accountId, object } of this.events.objectsWithAccountFor(window)) {
      const resourceKey = `${accountId}\n${object.href}`;
      let resource = this.expanded.byResource.get(resourceKey);
      if (!resource) {
        resource = new Map();
        this.expanded.byResource.set(resourceKey, resource);
      }
      let mine = resource.get(object.uid);
      if (!mine) {
        mine = expandObject(object, window, { userZone }).instances;
        resource.set(object.uid, mine);
      }
      instances.push(...mine);
    }
    return instances.sort(byStart);
  }

  /** A resource changed or went: its expansions are out of date. */
  private forget(accountId: string, href: string): void {
    this.expanded.byResource.delete(`${accountId}\n${href}`);
  }

  getMany(ids: readonly string[]): StoredEvent[] {
    if (ids.length === 0) return [];
    // The window moves by the hour, so that expansions are reused within it.
    const hour = Math.floor(this.options.now().getTime() / HOUR_MS) * HOUR_MS;
    const window = { startMs: hour - DETECTION_WINDOW.backMs, endMs: hour + HOUR_MS + DETECTION_WINDOW.aheadMs };
    const around = this.occurrencesIn(window);
    const select = this.db.prepare('SELECT id, account_id, stream, external_id, present FROM items WHERE id = ? AND kind = ?');
    return ids.flatMap((id) => {
      const row = select.get(id, 'event') as { id: string; account_id: string; stream: string; external_id: string; present: number } | undefined;
      if (!row) return [];
      const objects = this.events.objectsAt(row.account_id, row.external_id);
      return [
        {
          id: row.id,
          accountId: row.account_id,
          stream: row.stream,
          externalId: row.external_id,
          present: row.present === 1,
          calendarId: row.stream,
          href: row.external_id,
          objects,
          around,
          window,
        },
      ];
    });
  }
}
