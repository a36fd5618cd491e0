import type { Db } from './database.js';

/** Ids per query: well under SQLite's limits, and a few thousand rows in memory at most. */
const CHUNK = 500;

/**
 * Rows for many ids in a few queries rather than one query per id (the per-call cost dominated
 * reading thousands of items). `sql` selects from a set of ids given as a JSON array, written
 * `IN (SELECT value FROM json_each(?))`; each row must carry its `id`. Returns the rows by id.
 */
export function rowsById<Row extends { readonly id: string }>(db: Db, sql: string, ids: readonly string[]): Map<string, Row> {
  const rows = new Map<string, Row>();
  if (ids.length === 0) return rows;
  const select = db.prepare(sql);
  const unique = [...new Set(ids)];
  for (let start = 0; start < unique.length; start += CHUNK) {
    for (const row of select.all(JSON.stringify(unique.slice(start, start + CHUNK))) as Row[]) rows.set(row.id, row);
  }
  return rows;
}
