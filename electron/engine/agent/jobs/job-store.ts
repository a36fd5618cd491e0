/**
 * The agent's durable jobs in SQLite: what it has to do, whether it waits and why, how often it
 * was tried, when it is due. Jobs survive restarts; a job a restart cut short is queued again
 * (and runs once more, not twice); a job that failed on something passing is queued again for
 * later, never dropped.
 */
import { randomUUID } from 'node:crypto';
import type { Clock } from '../../clock.js';
import type { Db } from '../../db/database.js';
import type { JobKind } from '../job-profiles.js';

export type JobState = 'queued' | 'running' | 'done' | 'failed' | 'cancelled';

/** What holds a queued job back. */
export type WaitReason = 'backoff' | 'budget' | 'settings' | 'paused' | 'restart';

export interface JobRecord {
  readonly id: string;
  readonly kind: JobKind;
  readonly state: JobState;
  readonly payload: unknown;
  readonly dedupeKey: string | null;
  /** Times it was started (a restart's interrupted try included). */
  readonly attempts: number;
  readonly nextRunAt: string;
  readonly waitReason: WaitReason | null;
  /** What happened last, in words. */
  readonly detail: string | null;
  readonly lastRunId: string | null;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly finishedAt: string | null;
}

export interface NewJob {
  readonly kind: JobKind;
  readonly payload: unknown;
  /** At most one queued or running job per key. */
  readonly dedupeKey?: string;
  /** Not before this time (default: now). */
  readonly runAt?: Date;
}

interface JobRow {
  id: string;
  kind: JobKind;
  state: JobState;
  payload_json: string;
  dedupe_key: string | null;
  attempts: number;
  next_run_at: string;
  wait_reason: WaitReason | null;
  detail: string | null;
  last_run_id: string | null;
  created_at: string;
  updated_at: string;
  finished_at: string | null;
}

export class JobStore {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly newId: () => string = randomUUID,
  ) {}

  /** Queues a job, unless one with the same key is queued or running: then that one's id. */
  enqueue(job: NewJob): { readonly id: string; readonly created: boolean } {
    return this.db.transaction(() => {
      if (job.dedupeKey) {
        const active = this.db.prepare(`SELECT id FROM agent_jobs WHERE dedupe_key = ? AND state IN ('queued', 'running')`).get(job.dedupeKey) as
          | { id: string }
          | undefined;
        if (active) return { id: active.id, created: false };
      }
      const id = this.newId();
      const now = this.now();
      this.db
        .prepare(
          `INSERT INTO agent_jobs (id, kind, state, payload_json, dedupe_key, next_run_at, created_at, updated_at)
           VALUES (?, ?, 'queued', ?, ?, ?, ?, ?)`,
        )
        .run(id, job.kind, JSON.stringify(job.payload), job.dedupeKey ?? null, (job.runAt ?? this.clock.now()).toISOString(), now, now);
      return { id, created: true };
    })();
  }

  get(id: string): JobRecord | null {
    const row = this.db.prepare('SELECT * FROM agent_jobs WHERE id = ?').get(id) as JobRow | undefined;
    return row ? fromRow(row) : null;
  }

  /** Queued jobs that are due, oldest due first. */
  due(at: Date): JobRecord[] {
    return (this.db.prepare(`SELECT * FROM agent_jobs WHERE state = 'queued' AND next_run_at <= ? ORDER BY next_run_at, rowid`).all(at.toISOString()) as JobRow[]).map(fromRow);
  }

  /** When the next queued job falls due (null: none queued). */
  nextDueAt(): string | null {
    const row = this.db.prepare(`SELECT min(next_run_at) AS at FROM agent_jobs WHERE state = 'queued'`).get() as { at: string | null };
    return row.at;
  }

  /** queued → running, counting the attempt. False when it is no longer queued. */
  start(id: string): boolean {
    return (
      this.db
        .prepare(`UPDATE agent_jobs SET state = 'running', attempts = attempts + 1, wait_reason = NULL, updated_at = ? WHERE id = ? AND state = 'queued'`)
        .run(this.now(), id).changes === 1
    );
  }

  /** running → done, failed or cancelled. */
  finish(id: string, state: 'done' | 'failed' | 'cancelled', detail: string | null, runId: string | null = null): void {
    const now = this.now();
    this.db
      .prepare(`UPDATE agent_jobs SET state = ?, detail = ?, last_run_id = COALESCE(?, last_run_id), updated_at = ?, finished_at = ? WHERE id = ? AND state IN ('running', 'queued')`)
      .run(state, detail, runId, now, now, id);
  }

  /**
   * running → queued again, due at `at`, held by `reason`. `refund` takes back the attempt (a
   * pause is not a failure of the job).
   */
  requeue(id: string, change: { readonly at: Date; readonly reason: WaitReason; readonly detail: string | null; readonly runId?: string | null; readonly refund?: boolean }): void {
    this.db
      .prepare(
        `UPDATE agent_jobs SET state = 'queued', next_run_at = ?, wait_reason = ?, detail = ?, last_run_id = COALESCE(?, last_run_id),
           attempts = attempts - ?, updated_at = ? WHERE id = ? AND state = 'running'`,
      )
      .run(change.at.toISOString(), change.reason, change.detail, change.runId ?? null, change.refund ? 1 : 0, this.now(), id);
  }

  /** Replaces a queued job's payload (a review that takes in observations that came since). */
  updatePayload(id: string, payload: unknown): void {
    this.db.prepare(`UPDATE agent_jobs SET payload_json = ?, updated_at = ? WHERE id = ? AND state = 'queued'`).run(JSON.stringify(payload), this.now(), id);
  }

  /** At start-up: jobs a stopped or crashed process left running are queued again, to run once more. */
  recoverInterrupted(): number {
    return this.db
      .prepare(
        `UPDATE agent_jobs SET state = 'queued', next_run_at = ?, wait_reason = 'restart',
           detail = 'Steward stopped while this job ran; it runs again.', updated_at = ? WHERE state = 'running'`,
      )
      .run(this.now(), this.now()).changes;
  }

  /** Queued jobs held for this reason are due now (the budget refilled, a setting changed, Steward resumed). */
  release(reason: WaitReason): number {
    return this.db
      .prepare(`UPDATE agent_jobs SET next_run_at = ?, updated_at = ? WHERE state = 'queued' AND wait_reason = ? AND next_run_at > ?`)
      .run(this.now(), this.now(), reason, this.now()).changes;
  }

  /** How many jobs wait (queued), and how many of them are held by each reason. */
  waiting(): { readonly queued: number; readonly running: number; readonly byReason: Readonly<Partial<Record<WaitReason, number>>> } {
    const rows = this.db.prepare(`SELECT state, wait_reason, count(*) AS n FROM agent_jobs WHERE state IN ('queued', 'running') GROUP BY state, wait_reason`).all() as {
      state: JobState;
      wait_reason: WaitReason | null;
      n: number;
    }[];
    const byReason: Partial<Record<WaitReason, number>> = {};
    let queued = 0;
    let running = 0;
    for (const row of rows) {
      if (row.state === 'running') running += row.n;
      else {
        queued += row.n;
        if (row.wait_reason) byReason[row.wait_reason] = (byReason[row.wait_reason] ?? 0) + row.n;
      }
    }
    return { queued, running, byReason };
  }

  /** The active job with this key, if any. */
  activeByKey(dedupeKey: string): JobRecord | null {
    const row = this.db.prepare(`SELECT * FROM agent_jobs WHERE dedupe_key = ? AND state IN ('queued', 'running')`).get(dedupeKey) as JobRow | undefined;
    return row ? fromRow(row) : null;
  }

  /** Whether a job with this key was ever queued (a meeting's brief is made once, whatever became of it). */
  everQueued(dedupeKey: string): boolean {
    return this.db.prepare('SELECT 1 FROM agent_jobs WHERE dedupe_key = ? LIMIT 1').get(dedupeKey) !== undefined;
  }

  /** Newest first. */
  list(limit = 50): JobRecord[] {
    return (this.db.prepare('SELECT * FROM agent_jobs ORDER BY created_at DESC, rowid DESC LIMIT ?').all(limit) as JobRow[]).map(fromRow);
  }

  private now(): string {
    return this.clock.now().toISOString();
  }
}

function fromRow(row: JobRow): JobRecord {
  return {
    id: row.id,
    kind: row.kind,
    state: row.state,
    payload: JSON.parse(row.payload_json) as unknown,
    dedupeKey: row.dedupe_key,
    attempts: row.attempts,
    nextRunAt: row.next_run_at,
    waitReason: row.wait_reason,
    detail: row.detail,
    lastRunId: row.last_run_id,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    finishedAt: row.finished_at,
  };
}
