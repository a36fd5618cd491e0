/**
 * The index of the files in granted folders: what each is (stat, kind, hash), a bounded text
 * excerpt in an FTS5 table for search, and the scan problems a user should hear about. It
 * only stores what the folders connector hands it; it never touches the filesystem itself.
 */
import type Database from 'better-sqlite3';
import type { Db } from '../../db/database.js';
import type { Migration } from '../../db/migrations.js';
import { fileKindOf, type FileKind } from './file-kinds.js';
import { sameStamp, type ContentState, type EntryStamp, type EntryType, type FileItem } from './file-item.js';
import { ftsQueryOf } from './fts-query.js';
import { baseNameOfRaw, displayOfRaw, keyOfRaw, rawOfKey, type PathKey } from './path-key.js';
import { groupByProject, type ProjectGroup, type RecentFile } from './working-on.js';

/** The item-kind tables. Rows carry root_id but no foreign key: roots live in account settings. */
export const FILE_INDEX_SQL = `
  CREATE TABLE file_entries (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    root_id TEXT NOT NULL,
    -- The path relative to the root as the OS's bytes, '/'-separated ('' is the root itself).
    rel_path BLOB NOT NULL,
    name TEXT NOT NULL,
    type TEXT NOT NULL CHECK (type IN ('file', 'dir', 'symlink', 'other')),
    kind TEXT NOT NULL,
    size INTEGER NOT NULL,
    mtime_ms REAL NOT NULL,
    ctime_ms REAL NOT NULL,
    dev TEXT NOT NULL,
    ino TEXT NOT NULL,
    nlink INTEGER NOT NULL,
    hash TEXT,
    content_state TEXT NOT NULL,
    content_note TEXT,
    project_marker TEXT,
    indexed_at TEXT NOT NULL,
    UNIQUE (root_id, rel_path)
  );
  CREATE INDEX file_entries_hash ON file_entries (hash) WHERE hash IS NOT NULL;
  CREATE INDEX file_entries_recent ON file_entries (root_id, mtime_ms) WHERE type = 'file';
  CREATE INDEX file_entries_pending ON file_entries (root_id, id) WHERE content_state = 'pending';
  CREATE INDEX file_entries_inode ON file_entries (dev, ino) WHERE nlink > 1;
  CREATE INDEX file_entries_projects ON file_entries (root_id) WHERE project_marker IS NOT NULL;

  -- Search over names, paths and excerpts; rowid is file_entries.id, kept in step by FileIndex.
  CREATE VIRTUAL TABLE file_text USING fts5 (name, path, excerpt, tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3');

  -- What the last scan of a root could not read, in words.
  CREATE TABLE file_problems (
    root_id TEXT NOT NULL,
    rel_path BLOB NOT NULL,
    message TEXT NOT NULL,
    at TEXT NOT NULL,
    PRIMARY KEY (root_id, rel_path)
  );
`;

export const FILE_INDEX_MIGRATIONS: readonly Migration[] = [{ version: 1, name: 'file index', sql: FILE_INDEX_SQL }];

/** One entry as a scan or an event saw it. */
export interface ScannedEntry {
  readonly relPath: Buffer;
  readonly stamp: EntryStamp;
  /** For folders: the marker that makes it a project, if the scan saw one. */
  readonly projectMarker?: string | null;
}

export type IndexChange =
  | { readonly kind: 'new'; readonly item: FileItem }
  | { readonly kind: 'changed'; readonly item: FileItem }
  | { readonly kind: 'gone'; readonly item: FileItem };

export interface UpsertOutcome {
  readonly added: number;
  readonly changed: number;
  /** Empty unless asked to collect. */
  readonly changes: IndexChange[];
}

export interface ContentResult {
  readonly state: ContentState;
  readonly hash: string | null;
  readonly excerpt: string | null;
  readonly note: string | null;
}

export interface SearchHit {
  readonly item: FileItem;
  /** A few words around the match, with the matched terms between « and ». Untrusted text. */
  readonly snippet: string;
}

export interface ScanProblem {
  readonly rootId: string;
  readonly path: PathKey;
  readonly message: string;
}

interface EntryRow {
  id: number;
  root_id: string;
  rel_path: Buffer;
  name: string;
  type: EntryType;
  kind: FileKind;
  size: number;
  mtime_ms: number;
  ctime_ms: number;
  dev: string;
  ino: string;
  nlink: number;
  hash: string | null;
  content_state: ContentState;
  content_note: string | null;
  project_marker: string | null;
}

/** The first state of an entry: files wait to be read; everything else has no content. */
function initialContent(type: EntryType): { state: ContentState; note: string | null } {
  return type === 'file' ? { state: 'pending', note: null } : { state: 'not-file', note: null };
}

export class FileIndex {
  /** better-sqlite3 statements are costly to prepare and cheap to keep. */
  private readonly statements = new Map<string, Database.Statement>();

  constructor(private readonly db: Db) {}

  private sql(source: string): Database.Statement {
    let statement = this.statements.get(source);
    if (!statement) {
      statement = this.db.prepare(source);
      this.statements.set(source, statement);
    }
    return statement;
  }

  /**
   * The entries of a root (or of the part below `under`) with their stamps, keyed by the
   * latin1 form of the raw path (a cheap, exact map key).
   */
  stamps(rootId: string, under: Buffer = Buffer.alloc(0)): Map<string, EntryStamp & { readonly id: number; readonly projectMarker: string | null }> {
    const columns = 'id, rel_path, type, size, mtime_ms, ctime_ms, dev, ino, nlink, project_marker';
    const rows = (
      under.length === 0
        ? this.sql(`SELECT ${columns} FROM file_entries WHERE root_id = ?`).all(rootId)
        : this.sql(`SELECT ${columns} FROM file_entries WHERE root_id = ? AND (rel_path = ? OR (rel_path >= ? AND rel_path < ?))`)
            .all(rootId, under, Buffer.concat([under, Buffer.from('/')]), Buffer.concat([under, Buffer.from('0')]))
    ) as EntryRow[];
    return new Map(rows.map((row) => [row.rel_path.toString('latin1'), { ...stampOf(row), id: row.id, projectMarker: row.project_marker }]));
  }

  /** The stamp the index holds for one entry, or null. */
  stampAt(rootId: string, relPath: Buffer): EntryStamp | null {
    const row = this.sql('SELECT * FROM file_entries WHERE root_id = ? AND rel_path = ?').get(rootId, relPath) as EntryRow | undefined;
    return row ? stampOf(row) : null;
  }

  /**
   * Inserts or updates entries in one transaction. An entry whose stamp changed loses its hash
   * and excerpt and waits to be read again; an unchanged one is left alone (no rehash). With
   * `collect` false (a first scan of many files) only the counts come back, not the items.
   */
  upsert(rootId: string, entries: readonly ScannedEntry[], now: Date, collect = true): UpsertOutcome {
    const select = this.sql('SELECT * FROM file_entries WHERE root_id = ? AND rel_path = ?');
    const insert = this.sql(
      `INSERT INTO file_entries (root_id, rel_path, name, type, kind, size, mtime_ms, ctime_ms, dev, ino, nlink, hash,
         content_state, content_note, project_marker, indexed_at)
       VALUES (@root_id, @rel_path, @name, @type, @kind, @size, @mtime_ms, @ctime_ms, @dev, @ino, @nlink, NULL,
         @content_state, @content_note, @project_marker, @indexed_at)`,
    );
    const update = this.sql(
      `UPDATE file_entries SET type = @type, kind = @kind, size = @size, mtime_ms = @mtime_ms, ctime_ms = @ctime_ms, dev = @dev,
         ino = @ino, nlink = @nlink, hash = NULL, content_state = @content_state, content_note = @content_note,
         project_marker = @project_marker, indexed_at = @indexed_at
       WHERE id = @id`,
    );
    const setMarker = this.sql('UPDATE file_entries SET project_marker = ?, nlink = ? WHERE id = ?');
    const deleteText = this.sql('DELETE FROM file_text WHERE rowid = ?');
    const insertText = this.sql('INSERT INTO file_text (rowid, name, path, excerpt) VALUES (?, ?, ?, ?)');
    const indexedAt = now.toISOString();
    return this.db.transaction(() => {
      const changes: IndexChange[] = [];
      let added = 0;
      let changed = 0;
      for (const entry of entries) {
        const existing = select.get(rootId, entry.relPath) as EntryRow | undefined;
        const name = displayOfRaw(baseNameOfRaw(entry.relPath));
        const content = initialContent(entry.stamp.type);
        const marker = entry.projectMarker === undefined ? (existing?.project_marker ?? null) : entry.projectMarker;
        const values = {
          root_id: rootId,
          rel_path: entry.relPath,
          name,
          type: entry.stamp.type,
          kind: entry.stamp.type === 'file' ? fileKindOf(name) : 'other',
          size: entry.stamp.size,
          mtime_ms: entry.stamp.mtimeMs,
          ctime_ms: entry.stamp.ctimeMs,
          dev: entry.stamp.dev,
          ino: entry.stamp.ino,
          nlink: entry.stamp.nlink,
          content_state: content.state,
          content_note: content.note,
          project_marker: marker,
          indexed_at: indexedAt,
        };
        if (!existing) {
          const id = Number(insert.run(values).lastInsertRowid);
          insertText.run(id, name, displayOfRaw(entry.relPath), '');
          added++;
          if (collect) changes.push({ kind: 'new', item: this.byId(id) as FileItem });
        } else if (!sameStamp(stampOf(existing), entry.stamp)) {
          update.run({ ...values, id: existing.id });
          deleteText.run(existing.id);
          insertText.run(existing.id, name, displayOfRaw(entry.relPath), '');
          changed++;
          if (collect) changes.push({ kind: 'changed', item: this.byId(existing.id) as FileItem });
        } else if (marker !== existing.project_marker || entry.stamp.nlink !== existing.nlink) {
          // A link count or a project marker is not a change of the file itself.
          setMarker.run(marker, entry.stamp.nlink, existing.id);
        }
      }
      return { added, changed, changes };
    })();
  }

  /** Removes entries by id (and their search rows); returns what went. */
  removeIds(ids: readonly number[]): IndexChange[] {
    const del = this.sql('DELETE FROM file_entries WHERE id = ?');
    const deleteText = this.sql('DELETE FROM file_text WHERE rowid = ?');
    return this.db.transaction(() => {
      const gone: IndexChange[] = [];
      for (const id of ids) {
        const item = this.byId(id);
        if (!item) continue;
        del.run(id);
        deleteText.run(id);
        gone.push({ kind: 'gone', item });
      }
      return gone;
    })();
  }

  /** Removes an entry and, if it was a folder, everything under it. */
  removeSubtree(rootId: string, relPath: Buffer): IndexChange[] {
    const ids = this.subtreeIds(rootId, relPath);
    return this.removeIds(ids);
  }

  /** Ids of an entry and of everything under it (a byte range on the raw path: '/' is 0x2F, '0' is 0x30). */
  subtreeIds(rootId: string, relPath: Buffer): number[] {
    if (relPath.length === 0) {
      return (this.sql('SELECT id FROM file_entries WHERE root_id = ?').all(rootId) as { id: number }[]).map((r) => r.id);
    }
    const low = Buffer.concat([relPath, Buffer.from('/')]);
    const high = Buffer.concat([relPath, Buffer.from('0')]);
    const rows = this.sql('SELECT id FROM file_entries WHERE root_id = ? AND (rel_path = ? OR (rel_path >= ? AND rel_path < ?))')
      .all(rootId, relPath, low, high) as { id: number }[];
    return rows.map((row) => row.id);
  }

  get(rootId: string, path: PathKey): FileItem | null {
    const row = this.sql('SELECT * FROM file_entries WHERE root_id = ? AND rel_path = ?').get(rootId, rawOfKey(path)) as EntryRow | undefined;
    return row ? toItem(row) : null;
  }

  byId(id: number): FileItem | null {
    const row = this.sql('SELECT * FROM file_entries WHERE id = ?').get(id) as EntryRow | undefined;
    return row ? toItem(row) : null;
  }

  /** The raw bytes of an entry's path (exact, for opening it). */
  rawPathOf(id: number): Buffer | null {
    const row = this.sql('SELECT rel_path FROM file_entries WHERE id = ?').get(id) as { rel_path: Buffer } | undefined;
    return row?.rel_path ?? null;
  }

  count(rootId: string, type?: EntryType): number {
    const row = (
      type
        ? this.sql('SELECT count(*) AS n FROM file_entries WHERE root_id = ? AND type = ?').get(rootId, type)
        : this.sql('SELECT count(*) AS n FROM file_entries WHERE root_id = ?').get(rootId)
    ) as { n: number };
    return row.n;
  }

  /** How many files of a root still wait for their content to be read (scan progress). */
  pendingCount(rootId: string): number {
    return (this.sql("SELECT count(*) AS n FROM file_entries WHERE content_state = 'pending' AND root_id = ?").get(rootId) as { n: number }).n;
  }

  /** Files of a root waiting for their content to be read, in id order after `afterId`. */
  pendingContent(rootId: string, afterId: number, limit: number): (FileItem & { readonly stamp: EntryStamp })[] {
    const rows = this.sql("SELECT * FROM file_entries WHERE content_state = 'pending' AND root_id = ? AND id > ? ORDER BY id LIMIT ?")
      .all(rootId, afterId, limit) as EntryRow[];
    return rows.map((row) => ({ ...toItem(row), stamp: stampOf(row) }));
  }

  /** Hard-linked files set aside earlier go back to pending once all their names are known to be inside. */
  reconsiderLinked(): number {
    return this.sql(
        `UPDATE file_entries SET content_state = 'pending', content_note = NULL
         WHERE content_state = 'linked-outside'
           AND nlink <= (SELECT count(*) FROM file_entries other WHERE other.dev = file_entries.dev AND other.ino = file_entries.ino AND other.nlink > 1)`,
      )
      .run().changes;
  }

  /**
   * Records what reading files gave, in one transaction, except for files that changed since
   * they were read (then the newer stamp wins and the file stays pending). Returns the ids
   * recorded.
   */
  recordContentMany(results: readonly { readonly id: number; readonly stamp: EntryStamp; readonly result: ContentResult }[]): number[] {
    return this.db.transaction(() => {
      const recorded: number[] = [];
      for (const { id, stamp, result } of results) {
        const row = this.sql('SELECT * FROM file_entries WHERE id = ?').get(id) as EntryRow | undefined;
        if (!row || !sameStamp(stampOf(row), stamp)) continue;
        this.sql('UPDATE file_entries SET hash = ?, content_state = ?, content_note = ? WHERE id = ?').run(result.hash, result.state, result.note, id);
        if (result.excerpt !== null) {
          this.sql('DELETE FROM file_text WHERE rowid = ?').run(id);
          this.sql('INSERT INTO file_text (rowid, name, path, excerpt) VALUES (?, ?, ?, ?)').run(id, row.name, displayOfRaw(row.rel_path), result.excerpt);
        }
        recorded.push(id);
      }
      return recorded;
    })();
  }

  /** recordContentMany for one file. */
  recordContent(id: number, readStamp: EntryStamp, result: ContentResult): boolean {
    return this.recordContentMany([{ id, stamp: readStamp, result }]).length === 1;
  }

  excerptOf(id: number): string | null {
    const row = this.sql('SELECT excerpt FROM file_text WHERE rowid = ?').get(id) as { excerpt: string } | undefined;
    return row && row.excerpt !== '' ? row.excerpt : null;
  }

  /**
   * Full-text search over names, paths and excerpts (what the agent calls `files_search`).
   * Names weigh most, then paths, then text. Only the given roots are searched.
   */
  search(text: string, options: { readonly rootIds: readonly string[]; readonly limit?: number }): SearchHit[] {
    const query = ftsQueryOf(text);
    if (query === null || options.rootIds.length === 0) return [];
    const limit = Math.min(Math.max(options.limit ?? 20, 1), 100);
    const roots = options.rootIds.map(() => '?').join(', ');
    const rows = this.sql(
        `SELECT e.*, snippet(file_text, 2, '«', '»', '…', 16) AS snippet
         FROM file_text JOIN file_entries e ON e.id = file_text.rowid
         WHERE file_text MATCH ? AND e.root_id IN (${roots})
         ORDER BY bm25(file_text, 10.0, 4.0, 1.0)
         LIMIT ?`,
      )
      .all(query, ...options.rootIds, limit) as (EntryRow & { snippet: string })[];
    return rows.map((row) => ({ item: toItem(row), snippet: row.snippet }));
  }

  /** Other files with the same content (same hash), in any of the given roots. */
  duplicatesOf(id: number, rootIds: readonly string[]): FileItem[] {
    const item = this.byId(id);
    if (!item?.hash || rootIds.length === 0) return [];
    const roots = rootIds.map(() => '?').join(', ');
    const rows = this.sql(`SELECT * FROM file_entries WHERE hash = ? AND id != ? AND root_id IN (${roots}) ORDER BY id`)
      .all(item.hash, id, ...rootIds) as EntryRow[];
    return rows.map(toItem);
  }

  /** Files directly in a folder (not below it), e.g. the loose files of Downloads. */
  filesIn(rootId: string, folder: PathKey): FileItem[] {
    return this.childrenOf(rootId, rawOfKey(folder)).filter((item) => item.type === 'file');
  }

  /** Everything directly in a folder (not below it). */
  childrenOf(rootId: string, folder: Buffer): FileItem[] {
    if (folder.length === 0) {
      const rows = this.sql("SELECT * FROM file_entries WHERE root_id = ? AND rel_path != X'' AND instr(rel_path, X'2F') = 0 ORDER BY rel_path")
        .all(rootId) as EntryRow[];
      return rows.map(toItem);
    }
    const low = Buffer.concat([folder, Buffer.from('/')]);
    const high = Buffer.concat([folder, Buffer.from('0')]);
    const rows = this.sql(
        `SELECT * FROM file_entries WHERE root_id = ? AND rel_path >= ? AND rel_path < ?
           AND instr(substr(rel_path, ?), X'2F') = 0 ORDER BY rel_path`,
      )
      .all(rootId, low, high, low.length + 1) as EntryRow[];
    return rows.map(toItem);
  }

  /** How many names the index knows for one inode (for the hard-link policy). */
  namesOfInode(dev: string, ino: string): number {
    // nlink > 1 lets SQLite use the partial index: every name of a hard-linked file has it.
    const row = this.sql('SELECT count(*) AS n FROM file_entries WHERE dev = ? AND ino = ? AND nlink > 1').get(dev, ino) as { n: number };
    return row.n;
  }

  /** Sets a file's content state without reading it (e.g. the hard-link policy said no). */
  markContent(id: number, state: ContentState, note: string | null): void {
    this.sql('UPDATE file_entries SET hash = NULL, content_state = ?, content_note = ? WHERE id = ?').run(state, note, id);
  }

  /** Files edited in [since, until], newest first, grouped by project folder. */
  workingOn(options: {
    readonly rootIds: readonly string[];
    readonly rootNames: ReadonlyMap<string, string>;
    readonly since: Date;
    readonly until: Date;
    readonly maxGroups?: number;
    readonly filesPerGroup?: number;
    readonly maxFiles?: number;
  }): ProjectGroup[] {
    if (options.rootIds.length === 0) return [];
    const roots = options.rootIds.map(() => '?').join(', ');
    const rows = this.sql(
        `SELECT id, root_id, rel_path, mtime_ms FROM file_entries
         WHERE type = 'file' AND mtime_ms >= ? AND mtime_ms <= ? AND root_id IN (${roots})
         ORDER BY mtime_ms DESC LIMIT ?`,
      )
      .all(options.since.getTime(), options.until.getTime(), ...options.rootIds, options.maxFiles ?? 500) as Pick<
      EntryRow,
      'id' | 'root_id' | 'rel_path' | 'mtime_ms'
    >[];
    const recent: RecentFile[] = rows.map((row) => ({ id: row.id, rootId: row.root_id, path: keyOfRaw(row.rel_path), mtimeMs: row.mtime_ms }));
    const markerRows = this.sql(`SELECT root_id, rel_path FROM file_entries WHERE project_marker IS NOT NULL AND root_id IN (${roots})`)
      .all(...options.rootIds) as Pick<EntryRow, 'root_id' | 'rel_path'>[];
    const projectFolders = new Map<string, Set<PathKey>>();
    for (const row of markerRows) {
      const set = projectFolders.get(row.root_id) ?? new Set<PathKey>();
      set.add(keyOfRaw(row.rel_path));
      projectFolders.set(row.root_id, set);
    }
    return groupByProject(recent, {
      projectFolders,
      rootNames: options.rootNames,
      maxGroups: options.maxGroups ?? 8,
      filesPerGroup: options.filesPerGroup ?? 5,
    });
  }

  /** Replaces a root's scan problems (after a full scan) or adds some (after events). */
  recordProblems(rootId: string, problems: readonly { readonly relPath: Buffer; readonly message: string }[], now: Date, replace: boolean): void {
    this.db.transaction(() => {
      if (replace) this.sql('DELETE FROM file_problems WHERE root_id = ?').run(rootId);
      const insert = this.sql(
        'INSERT INTO file_problems (root_id, rel_path, message, at) VALUES (?, ?, ?, ?) ON CONFLICT (root_id, rel_path) DO UPDATE SET message = excluded.message, at = excluded.at',
      );
      for (const problem of problems) insert.run(rootId, problem.relPath, problem.message, now.toISOString());
    })();
  }

  clearProblem(rootId: string, relPath: Buffer): void {
    this.sql('DELETE FROM file_problems WHERE root_id = ? AND rel_path = ?').run(rootId, relPath);
  }

  problems(rootId: string): ScanProblem[] {
    const rows = this.sql('SELECT rel_path, message FROM file_problems WHERE root_id = ? ORDER BY rel_path').all(rootId) as {
      rel_path: Buffer;
      message: string;
    }[];
    return rows.map((row) => ({ rootId, path: keyOfRaw(row.rel_path), message: row.message }));
  }

  /** Forgets everything about a root (the user removed the folder from Steward). */
  forgetRoot(rootId: string): void {
    this.db.transaction(() => {
      this.sql('DELETE FROM file_text WHERE rowid IN (SELECT id FROM file_entries WHERE root_id = ?)').run(rootId);
      this.sql('DELETE FROM file_entries WHERE root_id = ?').run(rootId);
      this.sql('DELETE FROM file_problems WHERE root_id = ?').run(rootId);
    })();
  }
}

function stampOf(row: EntryRow): EntryStamp {
  return { type: row.type, size: row.size, mtimeMs: row.mtime_ms, ctimeMs: row.ctime_ms, dev: row.dev, ino: row.ino, nlink: row.nlink };
}

function toItem(row: EntryRow): FileItem {
  return {
    id: row.id,
    rootId: row.root_id,
    path: keyOfRaw(row.rel_path),
    displayPath: displayOfRaw(row.rel_path),
    name: row.name,
    type: row.type,
    kind: row.kind,
    size: row.size,
    mtimeMs: row.mtime_ms,
    modifiedAt: new Date(row.mtime_ms).toISOString(),
    hash: row.hash,
    contentState: row.content_state,
    contentNote: row.content_note,
    projectMarker: row.project_marker,
  };
}
