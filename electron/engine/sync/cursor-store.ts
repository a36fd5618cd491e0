/**
 * Where each stream's sync stands (an IMAP mailbox's UIDs, a Gmail history id, a CalDAV sync
 * token, a folder's scan state). The engine stores the cursor; only its connector reads it.
 */
import type { Clock } from '../clock.js';
import type { Db } from '../db/database.js';

export class CursorStore {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
  ) {}

  load(accountId: string, stream: string): unknown {
    const row = this.db.prepare('SELECT cursor_json FROM sync_cursors WHERE account_id = ? AND stream = ?').get(accountId, stream) as
      | { cursor_json: string }
      | undefined;
    return row ? (JSON.parse(row.cursor_json) as unknown) : undefined;
  }

  /** Saves a stream's cursor (inside the caller's transaction, together with what it covers). */
  save(accountId: string, stream: string, cursor: unknown): void {
    this.db
      .prepare(
        `INSERT INTO sync_cursors (account_id, stream, cursor_json, last_sync_at) VALUES (?, ?, ?, ?)
         ON CONFLICT (account_id, stream) DO UPDATE SET cursor_json = excluded.cursor_json, last_sync_at = excluded.last_sync_at`,
      )
      .run(accountId, stream, JSON.stringify(cursor), this.clock.now().toISOString());
  }

  /** Forgets a stream (it was deleted or renamed on the server). */
  drop(accountId: string, stream: string): void {
    this.db.prepare('DELETE FROM sync_cursors WHERE account_id = ? AND stream = ?').run(accountId, stream);
  }

  streams(accountId: string): string[] {
    return (this.db.prepare('SELECT stream FROM sync_cursors WHERE account_id = ?').all(accountId) as { stream: string }[]).map((r) => r.stream);
  }

  lastSyncAt(accountId?: string): string | null {
    const row = (
      accountId === undefined
        ? this.db.prepare('SELECT max(last_sync_at) AS at FROM sync_cursors').get()
        : this.db.prepare('SELECT max(last_sync_at) AS at FROM sync_cursors WHERE account_id = ?').get(accountId)
    ) as { at: string | null };
    return row.at;
  }
}
