/**
 * An item kind (mail, event, file) as a plug-in: its tables and the store that keeps its items.
 * Connectors of that kind hand their items to the kind's store through the ingest service.
 */
import type { ItemKind } from '@shared/domain/types.js';
import type { MigrationModule } from '../db/migrations.js';

export interface StoredItemBase {
  readonly id: string;
  readonly accountId: string;
  readonly stream: string;
  readonly externalId: string;
  readonly present: boolean;
}

export interface UpsertOptions {
  /** Source ids no longer in use (a renumbered stream): an item arriving under a new id takes over the one it replaces. */
  readonly supersedes?: (externalId: string) => boolean;
}

/** What a kind's store does; `New` is an item as a connector hands it over. */
export interface ItemKindStore<New, Stored extends StoredItemBase> {
  readonly kind: ItemKind;
  /**
   * Stores items (inside the caller's transaction). Returns the ids of items seen for the first
   * time and of items whose content changed (or that came back after being gone).
   */
  upsert(accountId: string, items: readonly New[], options?: UpsertOptions): { readonly added: readonly string[]; readonly changed: readonly string[] };
  getMany(ids: readonly string[]): Stored[];
  /**
   * The same items without their long text (a message's body, left empty), for code that only
   * plans over them: an open suggestion's items, read again each time it grows. Reading the
   * bodies of a first sync's thousands of newsletters after every batch was most of the
   * scheduler's time and garbage. Stores without long text leave it out (getMany is used).
   */
  getManyBrief?(ids: readonly string[]): Stored[];
}

export interface ItemKindModule {
  readonly kind: ItemKind;
  readonly migrations: MigrationModule;
}
