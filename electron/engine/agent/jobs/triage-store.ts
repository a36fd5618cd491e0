/**
 * What triage said about each message: the digest, the brief and the reply drafts read it, and
 * no message is triaged twice.
 */
import type { Clock } from '../../clock.js';
import type { Db } from '../../db/database.js';
import type { TriageVerdict } from '../tools/result-tools.js';

export interface StoredVerdict extends TriageVerdict {
  readonly itemId: string;
  readonly accountId: string;
  readonly runId: string;
  readonly at: string;
}

interface VerdictRow {
  item_id: string;
  account_id: string;
  item_key: string;
  category: TriageVerdict['category'];
  urgency: TriageVerdict['urgency'];
  needs_user: number;
  needs_reply: number;
  suspicious: number;
  summary: string;
  run_id: string;
  at: string;
}

export class TriageStore {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
  ) {}

  save(item: { readonly id: string; readonly accountId: string; readonly key: string }, verdict: TriageVerdict, runId: string): void {
    this.db
      .prepare(
        `INSERT INTO agent_triage (item_id, account_id, item_key, category, urgency, needs_user, needs_reply, suspicious, summary, run_id, at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (item_id) DO UPDATE SET category = excluded.category, urgency = excluded.urgency, needs_user = excluded.needs_user,
           needs_reply = excluded.needs_reply, suspicious = excluded.suspicious, summary = excluded.summary, run_id = excluded.run_id, at = excluded.at`,
      )
      .run(
        item.id,
        item.accountId,
        item.key,
        verdict.category,
        verdict.urgency,
        verdict.needsUser ? 1 : 0,
        verdict.needsReply ? 1 : 0,
        verdict.suspicious ? 1 : 0,
        verdict.summary,
        runId,
        this.clock.now().toISOString(),
      );
  }

  get(itemId: string): StoredVerdict | null {
    const row = this.db.prepare('SELECT * FROM agent_triage WHERE item_id = ?').get(itemId) as VerdictRow | undefined;
    return row ? fromRow(row) : null;
  }

  /** Of these messages (by item key), the ones some earlier triage already judged. */
  judgedKeys(accountId: string, keys: readonly string[]): Set<string> {
    const find = this.db.prepare('SELECT 1 FROM agent_triage WHERE account_id = ? AND item_key = ? LIMIT 1');
    return new Set(keys.filter((key) => find.get(accountId, key) !== undefined));
  }

  /** Verdicts given since `since`, most urgent first, then newest. */
  since(since: string, limit = 50): StoredVerdict[] {
    const rows = this.db
      .prepare(
        `SELECT t.* FROM agent_triage t JOIN items i ON i.id = t.item_id
         WHERE t.at >= ? AND i.present = 1
         ORDER BY CASE t.urgency WHEN 'high' THEN 0 WHEN 'normal' THEN 1 ELSE 2 END, t.at DESC LIMIT ?`,
      )
      .all(since, limit) as VerdictRow[];
    return rows.map(fromRow);
  }
}

function fromRow(row: VerdictRow): StoredVerdict {
  return {
    itemId: row.item_id,
    accountId: row.account_id,
    category: row.category,
    urgency: row.urgency,
    needsUser: row.needs_user === 1,
    needsReply: row.needs_reply === 1,
    suspicious: row.suspicious === 1,
    summary: row.summary,
    runId: row.run_id,
    at: row.at,
  };
}
