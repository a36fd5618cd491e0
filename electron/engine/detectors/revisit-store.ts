/**
 * Time triggers, kept durably: "look at this item again on that date", and "no need any more"
 * (an answer came). A settle wins whichever comes first, so the order in which a sync happens to
 * bring in a question and its answer does not matter; each item is looked at again once.
 */
import type { Db } from '../db/database.js';
import type { Revisit } from './types.js';

export interface DueRevisit {
  readonly accountId: string;
  readonly detector: string;
  readonly key: string;
  readonly itemId: string;
}

export class RevisitStore {
  constructor(private readonly db: Db) {}

  /** Asks for a later look; a key already asked for, settled or looked at is left as it is. */
  request(accountId: string, detector: string, revisit: Revisit): void {
    this.db
      .prepare(`INSERT INTO revisits (account_id, detector, item_key, item_id, due_at, state) VALUES (?, ?, ?, ?, ?, 'waiting') ON CONFLICT DO NOTHING`)
      .run(accountId, detector, revisit.key, revisit.itemId, revisit.at);
  }

  /** The look at `key` is no longer wanted (remembered also when no look was asked for yet). */
  settle(accountId: string, detector: string, key: string): void {
    this.db
      .prepare(
        `INSERT INTO revisits (account_id, detector, item_key, item_id, due_at, state) VALUES (?, ?, ?, NULL, NULL, 'settled')
         ON CONFLICT DO UPDATE SET state = 'settled' WHERE state = 'waiting'`,
      )
      .run(accountId, detector, key);
  }

  /** Looks that are due at `now`, oldest first. */
  due(now: Date, limit = 500): DueRevisit[] {
    return (
      this.db
        .prepare(`SELECT account_id, detector, item_key, item_id FROM revisits WHERE state = 'waiting' AND due_at <= ? ORDER BY due_at LIMIT ?`)
        .all(now.toISOString(), limit) as { account_id: string; detector: string; item_key: string; item_id: string }[]
    ).map((row) => ({ accountId: row.account_id, detector: row.detector, key: row.item_key, itemId: row.item_id }));
  }

  markDone(revisits: readonly DueRevisit[]): void {
    const mark = this.db.prepare(`UPDATE revisits SET state = 'done' WHERE account_id = ? AND detector = ? AND item_key = ? AND state = 'waiting'`);
    this.db.transaction(() => revisits.forEach((r) => mark.run(r.accountId, r.detector, r.key)))();
  }

  /** When the next look is due; null when none waits. */
  nextDue(): string | null {
    return (this.db.prepare(`SELECT min(due_at) AS due FROM revisits WHERE state = 'waiting'`).get() as { due: string | null }).due;
  }
}
