/**
 * The write-ahead journal of the folders connector's writes. Every file a write will touch is
 * recorded (where from, where to, which inode) and made durable before the first change on
 * disk, and each step is marked as it starts and ends. After a crash, recovery looks at the
 * disk for every step that had started and finishes or reverts it so that each file is in
 * exactly one place; the journal then says what moved, for the record and for undo.
 */
import type { Db } from '../../db/database.js';

export const FILE_JOURNAL_SQL = `
  CREATE TABLE file_journal (
    action_id TEXT NOT NULL,
    purpose TEXT NOT NULL CHECK (purpose IN ('execute', 'undo')),
    seq INTEGER NOT NULL,
    op TEXT NOT NULL CHECK (op IN ('move', 'mkdir', 'create', 'trash', 'restore', 'rmdir')),
    from_root TEXT,
    from_rel BLOB,
    from_abs BLOB,
    to_root TEXT,
    to_rel BLOB,
    to_abs BLOB,
    -- The entry's identity when planned (and, after a copy between drives, the copy's).
    dev TEXT,
    ino TEXT,
    size INTEGER,
    hash TEXT,
    -- A temporary name used while copying between drives or creating a file (for a trashed
    -- file: its .trashinfo).
    temp_abs BLOB,
    -- For an undo step: the seq of the execute step it reverses.
    ref_seq INTEGER,
    state TEXT NOT NULL CHECK (state IN ('planned', 'started', 'done', 'failed')),
    note TEXT,
    updated_at TEXT NOT NULL,
    PRIMARY KEY (action_id, purpose, seq)
  );
  CREATE INDEX file_journal_open ON file_journal (state) WHERE state IN ('planned', 'started');
`;

export type JournalOp = 'move' | 'mkdir' | 'create' | 'trash' | 'restore' | 'rmdir';
export type JournalState = 'planned' | 'started' | 'done' | 'failed';
export type JournalPurpose = 'execute' | 'undo';

export interface JournalStep {
  readonly actionId: string;
  readonly purpose: JournalPurpose;
  readonly seq: number;
  readonly op: JournalOp;
  readonly fromRoot: string | null;
  readonly fromRel: Buffer | null;
  readonly fromAbs: Buffer | null;
  readonly toRoot: string | null;
  readonly toRel: Buffer | null;
  readonly toAbs: Buffer | null;
  readonly dev: string | null;
  readonly ino: string | null;
  readonly size: number | null;
  readonly hash: string | null;
  readonly tempAbs: Buffer | null;
  readonly refSeq: number | null;
  readonly state: JournalState;
  readonly note: string | null;
}

export type PlannedStep = Omit<JournalStep, 'actionId' | 'purpose' | 'seq' | 'state' | 'note'>;

interface StepRow {
  action_id: string;
  purpose: JournalPurpose;
  seq: number;
  op: JournalOp;
  from_root: string | null;
  from_rel: Buffer | null;
  from_abs: Buffer | null;
  to_root: string | null;
  to_rel: Buffer | null;
  to_abs: Buffer | null;
  dev: string | null;
  ino: string | null;
  size: number | null;
  hash: string | null;
  temp_abs: Buffer | null;
  ref_seq: number | null;
  state: JournalState;
  note: string | null;
}

export class MoveJournal {
  constructor(
    private readonly db: Db,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /**
   * Records a whole plan before anything on disk changes (after any steps the action already
   * has, for a second attempt at an undo). Forced to disk (synchronous=FULL for this one
   * transaction): after a power cut the plan must be there if any of its steps are. Returns
   * the new steps.
   */
  plan(actionId: string, purpose: JournalPurpose, steps: readonly PlannedStep[]): JournalStep[] {
    const first = (this.db.prepare('SELECT coalesce(max(seq) + 1, 0) AS next FROM file_journal WHERE action_id = ? AND purpose = ?').get(actionId, purpose) as { next: number }).next;
    const insert = this.db.prepare(
      `INSERT INTO file_journal (action_id, purpose, seq, op, from_root, from_rel, from_abs, to_root, to_rel, to_abs, dev, ino, size,
         hash, temp_abs, ref_seq, state, note, updated_at)
       VALUES (@action_id, @purpose, @seq, @op, @from_root, @from_rel, @from_abs, @to_root, @to_rel, @to_abs, @dev, @ino, @size,
         @hash, @temp_abs, @ref_seq, 'planned', NULL, @updated_at)`,
    );
    const previous = this.db.pragma('synchronous', { simple: true }) as number;
    this.db.pragma('synchronous = FULL');
    try {
      this.db.transaction(() => {
        steps.forEach((step, i) =>
          insert.run({
            action_id: actionId,
            purpose,
            seq: first + i,
            op: step.op,
            from_root: step.fromRoot,
            from_rel: step.fromRel,
            from_abs: step.fromAbs,
            to_root: step.toRoot,
            to_rel: step.toRel,
            to_abs: step.toAbs,
            dev: step.dev,
            ino: step.ino,
            size: step.size,
            hash: step.hash,
            temp_abs: step.tempAbs,
            ref_seq: step.refSeq,
            updated_at: this.now().toISOString(),
          }),
        );
      })();
    } finally {
      this.db.pragma(`synchronous = ${previous}`);
    }
    return this.steps(actionId, purpose).filter((step) => step.seq >= first);
  }

  /** Moves a step to a new state; the other fields change only where given. */
  mark(
    step: Pick<JournalStep, 'actionId' | 'purpose' | 'seq'>,
    state: JournalState,
    changes: { note?: string | null; dev?: string; ino?: string; hash?: string | null; toAbs?: Buffer; tempAbs?: Buffer | null } = {},
  ): void {
    this.db
      .prepare(
        `UPDATE file_journal SET state = ?, note = coalesce(?, note), dev = coalesce(?, dev), ino = coalesce(?, ino), hash = coalesce(?, hash),
           to_abs = coalesce(?, to_abs), temp_abs = coalesce(?, temp_abs), updated_at = ?
         WHERE action_id = ? AND purpose = ? AND seq = ?`,
      )
      .run(
        state,
        changes.note ?? null,
        changes.dev ?? null,
        changes.ino ?? null,
        changes.hash ?? null,
        changes.toAbs ?? null,
        changes.tempAbs ?? null,
        this.now().toISOString(),
        step.actionId,
        step.purpose,
        step.seq,
      );
  }



  steps(actionId: string, purpose: JournalPurpose): JournalStep[] {
    const rows = this.db.prepare('SELECT * FROM file_journal WHERE action_id = ? AND purpose = ? ORDER BY seq').all(actionId, purpose) as StepRow[];
    return rows.map(toStep);
  }

  /** Actions with steps a crash may have cut short. */
  unfinished(): { readonly actionId: string; readonly purpose: JournalPurpose }[] {
    return this.db
      .prepare("SELECT DISTINCT action_id AS actionId, purpose FROM file_journal WHERE state IN ('planned', 'started') ORDER BY action_id")
      .all() as { actionId: string; purpose: JournalPurpose }[];
  }
}

function toStep(row: StepRow): JournalStep {
  return {
    actionId: row.action_id,
    purpose: row.purpose,
    seq: row.seq,
    op: row.op,
    fromRoot: row.from_root,
    fromRel: row.from_rel,
    fromAbs: row.from_abs,
    toRoot: row.to_root,
    toRel: row.to_rel,
    toAbs: row.to_abs,
    dev: row.dev,
    ino: row.ino,
    size: row.size,
    hash: row.hash,
    tempAbs: row.temp_abs,
    refSeq: row.ref_seq,
    state: row.state,
    note: row.note,
  };
}
