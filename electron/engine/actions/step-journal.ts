/**
 * Notes an executor keeps about one action across crashes: "about to hand this message to
 * SMTP", "SMTP accepted it". A retry (after a crash, a restart, a second approval) reads them
 * first, so that an outward effect that already happened is never repeated. Generic: any
 * connector's executor gets the same journal through its ExecutionContext.
 */
import type { Clock } from '../clock.js';
import type { Db } from '../db/database.js';

export interface JournalNote {
  readonly phase: string;
  readonly detail: Readonly<Record<string, unknown>>;
  readonly at: string;
}

export interface StepJournal {
  /** Everything noted about the action, oldest first. */
  read(actionId: string): readonly JournalNote[];
  /**
   * Records a phase (once: noting it again keeps the first). Durable when it returns, also
   * across a power cut, not only a crash of the process.
   */
  note(actionId: string, phase: string, detail?: Readonly<Record<string, unknown>>): void;
}

export class SqliteStepJournal implements StepJournal {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
  ) {}

  read(actionId: string): readonly JournalNote[] {
    const rows = this.db.prepare('SELECT phase, detail_json, at FROM step_journal WHERE action_id = ? ORDER BY at, rowid').all(actionId) as {
      phase: string;
      detail_json: string;
      at: string;
    }[];
    return rows.map((row) => ({ phase: row.phase, detail: JSON.parse(row.detail_json) as Record<string, unknown>, at: row.at }));
  }

  note(actionId: string, phase: string, detail: Readonly<Record<string, unknown>> = {}): void {
    // The engine runs WAL with synchronous=NORMAL, which survives a crash of the process but may
    // lose the last commits on a power cut. A note like "handed to SMTP" must survive both, or a
    // retry after the reboot would send the message a second time: this one write syncs fully.
    const previous = this.db.pragma('synchronous', { simple: true }) as number;
    this.db.pragma('synchronous = FULL');
    try {
      this.db
        .prepare('INSERT OR IGNORE INTO step_journal (action_id, phase, detail_json, at) VALUES (?, ?, ?, ?)')
        .run(actionId, phase, JSON.stringify(detail), this.clock.now().toISOString());
    } finally {
      this.db.pragma(`synchronous = ${previous}`);
    }
  }
}
