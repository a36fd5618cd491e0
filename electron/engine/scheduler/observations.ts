import type Database from 'better-sqlite3';
import type { Clock } from '../clock.js';
import type { Db } from '../db/database.js';

export type ObservationKind = 'item.new' | 'item.changed' | 'item.gone';

export interface Observation {
  readonly id: number;
  readonly kind: ObservationKind;
  readonly accountId: string;
  readonly itemId: string | null;
}

/** The durable queue between connectors and the scheduler: what happened, not yet looked at. */
export class ObservationQueue {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
  ) {}

  /** Prepared once: a first sync pushes one observation per message. */
  private insert: Database.Statement | null = null;

  push(kind: ObservationKind, accountId: string, itemId: string | null): void {
    this.insert ??= this.db.prepare('INSERT INTO observations (kind, account_id, item_id, created_at) VALUES (?, ?, ?, ?)');
    this.insert.run(kind, accountId, itemId, this.clock.now().toISOString());
  }

  pending(limit = 1000): Observation[] {
    return (
      this.db
        .prepare('SELECT id, kind, account_id, item_id FROM observations WHERE processed_at IS NULL ORDER BY id LIMIT ?')
        .all(limit) as { id: number; kind: ObservationKind; account_id: string; item_id: string | null }[]
    ).map((row) => ({ id: row.id, kind: row.kind, accountId: row.account_id, itemId: row.item_id }));
  }

  markProcessed(ids: readonly number[]): void {
    const mark = this.db.prepare('UPDATE observations SET processed_at = ? WHERE id = ?');
    const at = this.clock.now().toISOString();
    this.db.transaction(() => ids.forEach((id) => mark.run(at, id)))();
  }
}
