/**
 * The folders connector's tables: the file item kind's index (items/file) and the write
 * journal. One migration list, numbered on its own; the connector registry decides how it is
 * combined with the engine's (phase 2).
 */
import type { Migration } from '../../db/migrations.js';
import { FILE_INDEX_SQL } from '../../items/file/file-index.js';
import { FILE_JOURNAL_SQL } from './move-journal.js';

export const FOLDERS_MIGRATIONS: readonly Migration[] = [{ version: 1, name: 'file index and write journal', sql: FILE_INDEX_SQL + FILE_JOURNAL_SQL }];
