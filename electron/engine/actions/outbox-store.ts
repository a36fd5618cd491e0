/**
 * The outbox's rows: approved steps waiting out their undo window (see send-window.ts). A row
 * lives from approval until its step settles (sent, failed, recalled), so that a restart finds
 * every message that was promised and neither loses nor repeats it.
 */
import type { Clock } from '../clock.js';
import type { Db } from '../db/database.js';

export interface OutboxRow {
  readonly actionId: string;
  readonly approvedBy: string;
  readonly windowMs: number;
  /** Null while a pause holds it. */
  readonly dueAt: string | null;
  /** While held: what was left of the window. */
  readonly heldMs: number | null;
}

interface Row {
  action_id: string;
  approved_by: string;
  window_ms: number;
  due_at: string | null;
  held_ms: number | null;
}

export class OutboxStore {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
  ) {}

  /** Puts a step in the outbox (or back, with a new due time, when it is already there). */
  put(actionId: string, approvedBy: string, windowMs: number, dueAt: string): void {
    this.db
      .prepare(
        `INSERT INTO outbox (action_id, approved_by, window_ms, due_at, held_ms, created_at) VALUES (?, ?, ?, ?, NULL, ?)
         ON CONFLICT (action_id) DO UPDATE SET approved_by = excluded.approved_by, window_ms = excluded.window_ms, due_at = excluded.due_at, held_ms = NULL`,
      )
      .run(actionId, approvedBy, windowMs, dueAt, this.clock.now().toISOString());
  }

  get(actionId: string): OutboxRow | undefined {
    const row = this.db.prepare('SELECT * FROM outbox WHERE action_id = ?').get(actionId) as Row | undefined;
    return row && fromRow(row);
  }

  list(): OutboxRow[] {
    return (this.db.prepare('SELECT * FROM outbox ORDER BY due_at').all() as Row[]).map(fromRow);
  }

  /** Stops a row's countdown, keeping what was left of it. */
  hold(actionId: string, heldMs: number): void {
    this.db.prepare('UPDATE outbox SET due_at = NULL, held_ms = ? WHERE action_id = ?').run(heldMs, actionId);
  }

  /** Restarts a row's countdown. */
  setDue(actionId: string, dueAt: string): void {
    this.db.prepare('UPDATE outbox SET due_at = ?, held_ms = NULL WHERE action_id = ?').run(dueAt, actionId);
  }

  remove(actionId: string): void {
    this.db.prepare('DELETE FROM outbox WHERE action_id = ?').run(actionId);
  }

  /** The earliest due time of a row that is counting down; null when none is. */
  nextDue(): string | null {
    const row = this.db.prepare('SELECT min(due_at) AS due FROM outbox WHERE due_at IS NOT NULL').get() as { due: string | null };
    return row.due;
  }

  /** Suggestions that have a step in the outbox. */
  suggestionIds(): Set<string> {
    const rows = this.db.prepare('SELECT DISTINCT a.suggestion_id AS id FROM outbox o JOIN actions a ON a.id = o.action_id').all() as { id: string }[];
    return new Set(rows.map((row) => row.id));
  }
}

function fromRow(row: Row): OutboxRow {
  return { actionId: row.action_id, approvedBy: row.approved_by, windowMs: row.window_ms, dueAt: row.due_at, heldMs: row.held_ms };
}
