/**
 * How a watcher hands over what it synced. One commit stores the items, queues what changed for
 * the scheduler and advances the stream's cursor, all in one transaction: a crash never skips an
 * item nor takes one twice.
 */
import type { Db } from '../db/database.js';
import type { ItemStore } from '../items/item-store.js';
import type { ItemKindStore, StoredItemBase } from '../items/kinds.js';
import type { AccountStore } from '../accounts/account-store.js';
import type { ObservationQueue } from '../scheduler/observations.js';
import type { CursorStore } from './cursor-store.js';

export interface SyncCommit<New> {
  readonly stream: string;
  /** The stream's cursor after this commit (the connector's own format). */
  readonly cursor: unknown;
  /** Items new to Steward or changed. */
  readonly items: readonly New[];
  /** A full listing: every source id the stream holds now. Anything else is gone. */
  readonly presentExternalIds?: ReadonlySet<string>;
  /** Source ids known to have left the stream (an incremental sync saw them go). */
  readonly goneExternalIds?: readonly string[];
  /**
   * Source ids the stream no longer uses (it was renumbered): an item arriving under a new id
   * with the identity of a present item under such an id takes that item over, rather than
   * becoming a duplicate of it.
   */
  readonly supersedes?: (externalId: string) => boolean;
}

/** What a watcher gets to store its account's items. */
export interface ItemSink<New> {
  commit(commit: SyncCommit<New>): void;
  /** The cursor last committed for a stream, or undefined before the first sync. */
  cursor(stream: string): unknown;
  /** The streams a cursor was committed for (the calendars synced before). */
  streams(): string[];
  /** Forgets a stream that no longer exists: its items are gone, its cursor dropped. */
  dropStream(stream: string): void;
}

export interface IngestDeps {
  readonly db: Db;
  readonly accounts: AccountStore;
  readonly items: ItemStore;
  readonly cursors: CursorStore;
  readonly observations: ObservationQueue;
  /** Called after each commit that queued something (the scheduler wakes). */
  readonly onQueued: () => void;
}

export function createItemSink<New, Stored extends StoredItemBase>(deps: IngestDeps, accountId: string, store: ItemKindStore<New, Stored>): ItemSink<New> {
  const { db, accounts, items, cursors, observations } = deps;
  return {
    commit(commit) {
      const queued = db.transaction((): number => {
        // An account removed while its watcher was mid-sync: drop what it brought.
        if (!accounts.get(accountId)) return 0;
        const { added, changed } = store.upsert(accountId, commit.items, commit.supersedes ? { supersedes: commit.supersedes } : {});
        for (const id of added) observations.push('item.new', accountId, id);
        for (const id of changed) observations.push('item.changed', accountId, id);
        const gone = [
          ...(commit.presentExternalIds ? items.markGoneExcept(accountId, commit.stream, commit.presentExternalIds) : []),
          ...(commit.goneExternalIds ? items.markGoneByExternalId(accountId, commit.stream, commit.goneExternalIds) : []),
        ];
        for (const id of gone) observations.push('item.gone', accountId, id);
        cursors.save(accountId, commit.stream, commit.cursor);
        return added.length + changed.length + gone.length;
      })();
      if (queued > 0) deps.onQueued();
    },
    cursor: (stream) => cursors.load(accountId, stream),
    streams: () => cursors.streams(accountId),
    dropStream(stream) {
      const gone = db.transaction(() => {
        const ids = items.markGoneExcept(accountId, stream, new Set());
        for (const id of ids) observations.push('item.gone', accountId, id);
        cursors.drop(accountId, stream);
        return ids.length;
      })();
      if (gone > 0) deps.onQueued();
    },
  };
}
