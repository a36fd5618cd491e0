import Database from 'better-sqlite3';
import { dirname } from 'node:path';
import { cacheStatements } from './statement-cache.js';
import { ensurePrivateDir, ensurePrivateFile, tightenExisting } from './private-files.js';
import { MIGRATIONS, type Migration, type MigrationModule, type Schema } from './migrations.js';

export type Db = Database.Database;

/**
 * Opens (creating if needed) the engine's database and brings its schema up to date: the core
 * migrations first, then each module's (item kinds, connectors) in the order given. A bare list
 * of migrations is a core-only schema.
 */
export function openDatabase(file: string, schema: Schema | readonly Migration[] = MIGRATIONS): Db {
  const onDisk = file !== ':memory:';
  if (onDisk) {
    ensurePrivateDir(dirname(file));
    // SQLite gives its WAL and shm files the database file's mode, so a 0600 database makes
    // them 0600 too; ones an older Steward left 0644 are tightened here.
    ensurePrivateFile(file);
    tightenExisting([`${file}-wal`, `${file}-shm`, `${file}-journal`]);
  }
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  if (onDisk) tightenExisting([`${file}-wal`, `${file}-shm`]);
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  // WAL with synchronous=NORMAL stays consistent after a crash and is much faster than FULL.
  db.pragma('synchronous = NORMAL');
  // better-sqlite3 builds SQLite with a 16 MB page cache per connection. The OS caches the file
  // anyway, so a page SQLite drops costs a read from memory, not from disk. Measured on a
  // 50,000-message first sync: 4 MB took 13 MB off the peak RSS, and 1 MB a further 3-4 MB of
  // the process's malloc heap (15 against 19 MB, two runs each), with CPU per message and the
  // time from new mail to its suggestion the same within the noise.
  db.pragma('cache_size = -1000');
  // Copy the WAL into the database every 4,000 pages (16 MB) rather than SQLite's 1,000. A first
  // sync rewrites the same index pages over and over: a longer WAL copies each of them once per
  // checkpoint, with a quarter of the fsyncs, and the checkpoint runs on the engine's thread.
  // Measured on inserts like a first sync's: a fifth less CPU. The price is a longer pause when
  // one runs: 26-32 ms here for 4,000 pages (once 194 ms, while the machine was busy).
  db.pragma('wal_autocheckpoint = 4000');
  try {
    const { core, modules } = Array.isArray(schema) ? { core: schema as readonly Migration[], modules: [] } : (schema as Schema);
    migrate(db, core);
    for (const module of modules) migrateModule(db, module);
  } catch (error) {
    db.close();
    throw error;
  }
  cacheStatements(db);
  return db;
}

/** The core schema, numbered by SQLite's user_version. */
export function migrate(db: Db, migrations: readonly Migration[]): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  refuseNewer('the database', current, migrations);
  for (const migration of migrations) {
    if (migration.version <= current) continue;
    apply(db, migration, () => db.pragma(`user_version = ${migration.version}`));
  }
}

/**
 * A module's own tables, numbered per module in schema_modules, so that a connector or an item
 * kind adds its migrations without taking numbers from anyone else.
 */
export function migrateModule(db: Db, module: MigrationModule): void {
  db.exec('CREATE TABLE IF NOT EXISTS schema_modules (module TEXT PRIMARY KEY, version INTEGER NOT NULL)');
  const row = db.prepare('SELECT version FROM schema_modules WHERE module = ?').get(module.name) as { version: number } | undefined;
  const current = row?.version ?? 0;
  refuseNewer(`its ${module.name} tables`, current, module.migrations);
  for (const migration of module.migrations) {
    if (migration.version <= current) continue;
    apply(db, migration, () =>
      db
        .prepare('INSERT INTO schema_modules (module, version) VALUES (?, ?) ON CONFLICT (module) DO UPDATE SET version = excluded.version')
        .run(module.name, migration.version),
    );
  }
}

function apply(db: Db, migration: Migration, record: () => void): void {
  // Rebuilding a table that others reference needs foreign keys off, and SQLite ignores that
  // pragma inside a transaction: switch it around the transaction, and check before committing.
  if (migration.foreignKeysOff) db.pragma('foreign_keys = OFF');
  try {
    db.transaction(() => {
      if (migration.sql) db.exec(migration.sql);
      migration.up?.(db);
      if (migration.foreignKeysOff) {
        const broken = db.pragma('foreign_key_check') as unknown[];
        if (broken.length > 0) throw new Error(`Migration ${migration.version} (${migration.name}) left ${broken.length} broken references.`);
      }
      record();
    })();
  } finally {
    if (migration.foreignKeysOff) db.pragma('foreign_keys = ON');
  }
}

function refuseNewer(what: string, current: number, migrations: readonly Migration[]): void {
  const newest = migrations.at(-1)?.version ?? 0;
  if (current > newest) {
    throw new Error(
      `This data folder was written by a newer Steward (${what} are at schema ${current}, this one knows ${newest}). ` +
        'Update Steward, or point it at another data folder.',
    );
  }
}
