import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { systemClock } from '../clock.js';
import { openDatabase, type Db } from '../db/database.js';
import { engineSchema } from '../schema.js';
import { ItemStore } from './item-store.js';

let dir: string;
let db: Db;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'steward-items-'));
  db = openDatabase(join(dir, 'steward.db'), engineSchema());
  db.prepare(`INSERT INTO accounts (id, kind, email, display_name, settings_json, created_at) VALUES ('a', 'imap', 'a@x.test', '', '{}', 'now')`).run();
});
afterEach(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

function planOf(sql: string): string {
  const parameters = sql.split('?').length - 1;
  return (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...Array<string>(parameters).fill('x')) as { detail: string }[]).map((row) => row.detail).join(' | ');
}

describe('ItemStore', () => {
  it('gives items ids that sort in the order they were made, so the id indexes grow at their end', async () => {
    const items = new ItemStore(db, systemClock);
    const ids: string[] = [];
    for (let uid = 1; uid <= 20; uid += 1) {
      ids.push(items.upsert('a', 'mail', { stream: 'INBOX', externalId: `7:${uid}`, itemKey: `<m${uid}@x.test>` }).id);
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
    expect([...ids].sort()).toEqual(ids);
  });

  it('looks items up by key through the key index, never by scanning their stream', () => {
    // Within an account and stream (a renumbered mailbox adopting its messages), and by kind on
    // any account (an invitation's event): both must seek by item_key, or a 50,000-message folder
    // is read once per lookup.
    expect(planOf('SELECT id, external_id FROM items WHERE account_id = ? AND stream = ? AND item_key = ? AND present = 1')).toContain('USING INDEX items_by_key (item_key=? AND account_id=?)');
    expect(planOf('SELECT id, account_id FROM items WHERE kind = ? AND item_key = ? AND present = 1')).toContain('USING INDEX items_by_key (item_key=?)');
    const indexes = (db.prepare(`SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'items' AND sql IS NOT NULL`).all() as { name: string }[]).map((row) => row.name);
    expect(indexes.filter((name) => name.includes('key'))).toEqual(['items_by_key']);
  });
});
