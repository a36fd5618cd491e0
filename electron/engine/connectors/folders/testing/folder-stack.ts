/** The folders connector's read side over one database, as the tests and the benchmark assemble it. */
import { systemClock } from '../../../clock.js';
import { openDatabase, type Db } from '../../../db/database.js';
import { SandboxedDocumentReader } from '../../../items/file/document-text.js';
import { FileIndex, type IndexChange } from '../../../items/file/file-index.js';
import type { FileItem } from '../../../items/file/file-item.js';
import type { ReadOptions } from '../content-reader.js';
import { FolderIndexer, type ChangeOrigin } from '../folder-indexer.js';
import { FolderSync, type FolderEvent, type FolderSyncDeps } from '../folder-sync.js';
import { IgnoreRules } from '../ignore-rules.js';
import { FOLDERS_MIGRATIONS } from '../migrations.js';
import { ScopeResolver } from '../scope-resolver.js';
import type { FolderRoot } from '../scopes.js';

export interface FolderStack {
  readonly db: Db;
  readonly index: FileIndex;
  readonly resolver: ScopeResolver;
  readonly documents: SandboxedDocumentReader;
  /** Every change reported, with its origin. */
  readonly changes: { origin: ChangeOrigin; change: IndexChange }[];
  /** Every file whose content was read. */
  readonly contentRead: FileItem[];
  readonly events: FolderEvent[];
  indexer(root: FolderRoot, readOptions?: Partial<ReadOptions>): FolderIndexer;
  sync(root: FolderRoot, options?: Partial<FolderSyncDeps>): FolderSync;
  close(): Promise<void>;
}

export function folderStack(roots: readonly FolderRoot[], databaseFile = ':memory:'): FolderStack {
  const db = openDatabase(databaseFile, FOLDERS_MIGRATIONS);
  const index = new FileIndex(db);
  const resolver = new ScopeResolver(roots, (dev, ino) => index.namesOfInode(dev, ino));
  const documents = new SandboxedDocumentReader({ memoryMb: 128 });
  const changes: FolderStack['changes'] = [];
  const contentRead: FileItem[] = [];
  const events: FolderEvent[] = [];
  const syncs: FolderSync[] = [];
  const indexers: FolderIndexer[] = [];
  return {
    db,
    index,
    resolver,
    documents,
    changes,
    contentRead,
    events,
    indexer: (root, readOptions) => {
      const indexer = new FolderIndexer({
        root,
        index,
        resolver,
        rules: new IgnoreRules(),
        documents,
        clock: systemClock,
        readOptions,
        onChanges: (list, origin) => changes.push(...list.map((change) => ({ origin, change }))),
        onContent: (items) => contentRead.push(...items),
      });
      indexers.push(indexer);
      return indexer;
    },
    sync: (root, options = {}) => {
      const sync = new FolderSync({
        root,
        index,
        resolver,
        documents,
        clock: systemClock,
        healthIntervalMs: 200,
        retryIntervalMs: 300,
        ...options,
        onEvent: (event) => {
          events.push(event);
          if (event.type === 'changes') changes.push(...event.changes.map((change) => ({ origin: event.origin, change })));
          if (event.type === 'content') contentRead.push(...event.items);
          options.onEvent?.(event);
        },
      });
      syncs.push(sync);
      return sync;
    },
    close: async () => {
      await Promise.all(syncs.map((sync) => sync.stop()));
      await Promise.all(indexers.map((indexer) => indexer.whenContentIdle()));
      await documents.close();
      db.close();
    },
  };
}
