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

/**
 * The phases every executor of an outward step uses, so that the rest of the engine can tell,
 * without knowing the connector, whether an action may have reached the world: `handing#N` just
 * before attempt N hands something over (a message to SMTP), `not-sent#N` once attempt N
 * certainly had no effect, `accepted` once it certainly had.
 */
export const handingPhase = (attempt: number): string => `handing#${attempt}`;
export const notSentPhase = (attempt: number): string => `not-sent#${attempt}`;
export const ACCEPTED_PHASE = 'accepted';

/** Whether the journal leaves open that the action had its effect (accepted, or an attempt with no recorded outcome). */
export function mayHaveActed(notes: readonly JournalNote[]): boolean {
  if (notes.some((note) => note.phase === ACCEPTED_PHASE)) return true;
  return notes.some((note) => {
    const attempt = /^handing#(\d+)$/.exec(note.phase)?.[1];
    return attempt !== undefined && !notes.some((other) => other.phase === notSentPhase(Number(attempt)));
  });
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
