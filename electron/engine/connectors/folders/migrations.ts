/**
 * The folders connector's tables. In the engine, the connector keeps the file index and the
 * write journal as one module ('folders'); the file item kind keeps only its items
 * (items/file/file-store.ts). FOLDERS_MIGRATIONS is the same list for a database of its own
 * (the tests' and the benchmark's folder stacks).
 */
import type { Migration, MigrationModule } from '../../db/migrations.js';
import { FILE_INDEX_SQL } from '../../items/file/file-index.js';
import { FILE_JOURNAL_SQL } from './move-journal.js';

export const FOLDERS_MIGRATIONS: readonly Migration[] = [{ version: 1, name: 'file index and write journal', sql: FILE_INDEX_SQL + FILE_JOURNAL_SQL }];

export const FOLDERS_CONNECTOR_MIGRATIONS: MigrationModule = { name: 'folders', migrations: FOLDERS_MIGRATIONS };
