/**
 * Files as the engine's items: what the detectors look at. The folders connector's index
 * (file-index.ts) knows every file in the granted folders; only the loose files of a Downloads
 * folder become items today, because those are what the file detectors propose about. An item
 * is found by its place (stream = granted folder id, external id = path key) and known across
 * moves by its inode (item key), so a file tidied away and brought back by undo is not
 * proposed again.
 *
 * A detector sees one file at a time but decides about its folder ("14 old files"), so each
 * stored item carries the folder's present files as of now, read once per folder.
 */
import type { Db } from '../../db/database.js';
import type { MigrationModule } from '../../db/migrations.js';
import type { ItemStore } from '../item-store.js';
import type { ItemKindModule, ItemKindStore, StoredItemBase } from '../kinds.js';
import type { FileRef } from './file-item.js';
import type { PathKey } from './path-key.js';

/** A loose file of a watched folder, as the folders watcher hands it over. */
export interface NewFileItem {
  readonly rootId: string;
  readonly path: PathKey;
  /** The folder it is loose in. */
  readonly folder: PathKey;
  /** That folder as the user sees it: "Downloads". */
  readonly folderLabel: string;
  readonly name: string;
  readonly size: number;
  readonly modifiedAt: string;
  /** SHA-256 of the content once read; null while not (yet) read. */
  readonly hash: string | null;
  /** Device and inode: the file's identity across moves and renames on one drive. */
  readonly dev: string;
  readonly ino: string;
}

/** One file of the same folder, with what a detector needs to cover it in a suggestion. */
export interface FolderFile {
  readonly itemId: string;
  readonly itemKey: string;
  readonly rootId: string;
  readonly path: PathKey;
  readonly name: string;
  readonly size: number;
  readonly modifiedAt: string;
  readonly hash: string | null;
}

export interface StoredFileItem extends StoredItemBase, FolderFile {
  readonly folder: FileRef;
  readonly folderLabel: string;
  /** Every present file loose in the same folder, this one included, sorted by name. */
  readonly folderFiles: readonly FolderFile[];
}

export const fileMigrations: MigrationModule = {
  name: 'file',
  migrations: [
    {
      version: 1,
      name: 'file items',
      sql: `
        CREATE TABLE file_items (
          item_id TEXT PRIMARY KEY REFERENCES items(id) ON DELETE CASCADE,
          root_id TEXT NOT NULL,
          folder_key TEXT NOT NULL,
          folder_label TEXT NOT NULL,
          path_key TEXT NOT NULL,
          name TEXT NOT NULL,
          size INTEGER NOT NULL,
          modified_at TEXT NOT NULL,
          hash TEXT
        );
        CREATE INDEX file_items_folder ON file_items (root_id, folder_key);
      `,
    },
  ],
};

export const fileKind: ItemKindModule = { kind: 'file', migrations: fileMigrations };

interface FileRow {
  id: string;
  account_id: string;
  stream: string;
  external_id: string;
  item_key: string;
  present: number;
  root_id: string;
  folder_key: string;
  folder_label: string;
  path_key: string;
  name: string;
  size: number;
  modified_at: string;
  hash: string | null;
}

const SELECT = `SELECT i.id, i.account_id, i.stream, i.external_id, i.item_key, i.present, f.*
  FROM items i JOIN file_items f ON f.item_id = i.id`;

export function fileItemKey(file: Pick<NewFileItem, 'dev' | 'ino'>): string {
  return `inode:${file.dev}:${file.ino}`;
}

export class FileStore implements ItemKindStore<NewFileItem, StoredFileItem> {
  readonly kind = 'file' as const;

  constructor(
    private readonly db: Db,
    private readonly items: ItemStore,
  ) {}

  upsert(accountId: string, files: readonly NewFileItem[]): { added: string[]; changed: string[] } {
    const added: string[] = [];
    const changed: string[] = [];
    const current = this.db.prepare('SELECT size, modified_at, hash FROM file_items WHERE item_id = ?');
    const save = this.db.prepare(
      `INSERT INTO file_items (item_id, root_id, folder_key, folder_label, path_key, name, size, modified_at, hash)
       VALUES (@item_id, @root_id, @folder_key, @folder_label, @path_key, @name, @size, @modified_at, @hash)
       ON CONFLICT (item_id) DO UPDATE SET folder_label = excluded.folder_label, name = excluded.name, size = excluded.size,
         modified_at = excluded.modified_at, hash = excluded.hash`,
    );
    const rekey = this.db.prepare('UPDATE items SET item_key = ? WHERE id = ?');
    this.db.transaction(() => {
      for (const file of files) {
        const key = fileItemKey(file);
        const { id, created, wasPresent } = this.items.upsert(accountId, 'file', { stream: file.rootId, externalId: file.path, itemKey: key });
        const before = current.get(id) as { size: number; modified_at: string; hash: string | null } | undefined;
        // Another file now has this name (saved over, or moved here): it is a new file to the detectors.
        if (!created) rekey.run(key, id);
        save.run({
          item_id: id,
          root_id: file.rootId,
          folder_key: file.folder,
          folder_label: file.folderLabel,
          path_key: file.path,
          name: file.name,
          size: file.size,
          modified_at: file.modifiedAt,
          hash: file.hash,
        });
        if (created) added.push(id);
        else if (!wasPresent || !before || before.size !== file.size || before.modified_at !== file.modifiedAt || before.hash !== file.hash) changed.push(id);
      }
    })();
    return { added, changed };
  }

  getMany(ids: readonly string[]): StoredFileItem[] {
    const one = this.db.prepare(`${SELECT} WHERE i.id = ?`);
    const rows = ids.flatMap((id) => {
      const row = one.get(id) as FileRow | undefined;
      return row ? [row] : [];
    });
    const folders = new Map<string, FolderFile[]>();
    const inFolder = this.db.prepare(`${SELECT} WHERE f.root_id = ? AND f.folder_key = ? AND i.account_id = ? AND i.present = 1 ORDER BY f.name`);
    return rows.map((row) => {
      const key = `${row.account_id}\u0000${row.root_id}\u0000${row.folder_key}`;
      let folderFiles = folders.get(key);
      if (!folderFiles) {
        folderFiles = (inFolder.all(row.root_id, row.folder_key, row.account_id) as FileRow[]).map(folderFileOf);
        folders.set(key, folderFiles);
      }
      return {
        id: row.id,
        accountId: row.account_id,
        stream: row.stream,
        externalId: row.external_id,
        present: row.present === 1,
        ...folderFileOf(row),
        folder: { rootId: row.root_id, path: row.folder_key },
        folderLabel: row.folder_label,
        folderFiles,
      };
    });
  }
}

function folderFileOf(row: FileRow): FolderFile {
  return {
    itemId: row.id,
    itemKey: row.item_key,
    rootId: row.root_id,
    path: row.path_key,
    name: row.name,
    size: row.size,
    modifiedAt: row.modified_at,
    hash: row.hash,
  };
}
