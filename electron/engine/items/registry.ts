/**
 * The item kinds the engine keeps, with their tables and stores. A new kind (events, files) is a
 * folder beside mail/ and one line here.
 */
import type { ItemKind } from '@shared/domain/types.js';
import type { Db } from '../db/database.js';
import type { MigrationModule } from '../db/migrations.js';
import type { ItemStore } from './item-store.js';
import type { ItemKindStore, StoredItemBase } from './kinds.js';
import { EventKindStore, eventKind } from './event/event-kind.js';
import { FileStore, fileKind } from './file/file-store.js';
import { MailStore, mailKind } from './mail/index.js';

/** What a kind's store may need besides the database: the time, and the user's zone (events). */
export interface ItemStoreContext {
  readonly now: () => Date;
  readonly userZone: () => string;
}

interface ItemKindEntry {
  readonly migrations: MigrationModule;
  createStore(db: Db, items: ItemStore, context: ItemStoreContext): ItemKindStore<unknown, StoredItemBase>;
}

const KINDS: Partial<Record<ItemKind, ItemKindEntry>> = {
  mail: { migrations: mailKind.migrations, createStore: (db, items) => new MailStore(db, items) },
  event: { migrations: eventKind.migrations, createStore: (db, items, context) => new EventKindStore(db, items, context) },
  file: { migrations: fileKind.migrations, createStore: (db, items) => new FileStore(db, items) },
};

export function itemKindMigrations(): MigrationModule[] {
  return Object.values(KINDS).map((entry) => entry.migrations);
}

export type ItemStores = Readonly<Partial<Record<ItemKind, ItemKindStore<unknown, StoredItemBase>>>>;

/** One store per kind, over one database. */
export function createItemStores(db: Db, items: ItemStore, context: ItemStoreContext): ItemStores {
  return Object.fromEntries(Object.entries(KINDS).map(([kind, entry]) => [kind, entry.createStore(db, items, context)]));
}
