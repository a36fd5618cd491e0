/**
 * Where the agent stands, by name: the last observation the planner and the review have seen,
 * the last slot each routine fired for, the learner's place in the ledger. Kept in SQLite so a
 * restart neither repeats nor skips anything.
 */
import type { Clock } from '../../clock.js';
import type { Db } from '../../db/database.js';

export class CursorStore {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
  ) {}

  get(name: string): string | null {
    const row = this.db.prepare('SELECT value FROM agent_cursors WHERE name = ?').get(name) as { value: string } | undefined;
    return row?.value ?? null;
  }

  set(name: string, value: string): void {
    this.db
      .prepare('INSERT INTO agent_cursors (name, value, updated_at) VALUES (?, ?, ?) ON CONFLICT (name) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at')
      .run(name, value, this.clock.now().toISOString());
  }
}
