/**
 * Runs and their model calls in SQLite: what `steward runs`, the Runs page and the daily budget
 * read. Every call is recorded as it ends (success or failure), so the spend is known even for
 * a run that never finished.
 */
import { randomUUID } from 'node:crypto';
import type { Clock } from '../clock.js';
import type { Db } from '../db/database.js';
import type { JobKind } from './job-profiles.js';
import type { ModelCallAccount } from './model-caller.js';
import type { ModelFailureKind } from './model-failure.js';
import type { ModelRole } from './model-settings.js';
import type { TokenUsage } from './token-usage.js';

/** What started a run, for the record. */
export interface RunTrigger {
  /** item.new, item.changed, routine, meeting, presence.return, heartbeat, manual… */
  readonly type: string;
  readonly itemIds?: readonly string[];
  readonly detail?: string;
  /** The durable job the run belongs to. */
  readonly jobId?: string;
}

export type RunStatus = 'running' | 'done' | 'cap_reached' | 'budget_exhausted' | 'aborted' | 'failed' | 'refused' | 'interrupted';
export type FinishedRunStatus = Exclude<RunStatus, 'running' | 'interrupted'>;

export interface AgentRun {
  readonly id: string;
  readonly jobKind: JobKind;
  readonly trigger: RunTrigger;
  readonly role: ModelRole;
  /** The model its calls used (the last one's); null before its first call. */
  readonly model: string | null;
  readonly startedAt: string;
  readonly finishedAt: string | null;
  readonly durationMs: number | null;
  readonly usage: TokenUsage;
  /** Estimated USD; null when a call went to a model whose price is unknown. */
  readonly costUsd: number | null;
  readonly modelCalls: number;
  readonly proposals: number;
  readonly status: RunStatus;
  /** What happened, in words. */
  readonly detail: string | null;
}

export interface RecordedCall extends ModelCallAccount {
  readonly outcome: 'ok' | ModelFailureKind;
}

export interface RunEnd {
  readonly status: FinishedRunStatus;
  readonly detail: string | null;
  readonly proposals: number;
  readonly durationMs: number;
}

/** What the agent loop writes as it goes. */
export interface RunRecorder {
  start(run: { readonly jobKind: JobKind; readonly trigger: RunTrigger; readonly role: ModelRole }): string;
  recordCall(runId: string, call: RecordedCall): void;
  finish(runId: string, end: RunEnd): void;
}

export interface Spend {
  readonly usage: TokenUsage;
  /** All four counts together: what the daily budget counts. */
  readonly tokens: number;
  /** Estimated USD of the calls whose model has a known price. */
  readonly costUsd: number;
  readonly calls: number;
  /** Calls to a model without a known price (their cost is not in costUsd). */
  readonly unpricedCalls: number;
}

interface RunRow {
  id: string;
  job_kind: string;
  trigger_json: string;
  model_role: string;
  started_at: string;
  finished_at: string | null;
  duration_ms: number | null;
  proposals: number;
  status: string;
  detail: string | null;
  model: string | null;
  input_tokens: number;
  output_tokens: number;
  cache_read_tokens: number;
  cache_write_tokens: number;
  cost_usd: number | null;
  unpriced: number;
  calls: number;
}

const RUN_COLUMNS = `
  r.*,
  (SELECT model FROM agent_model_calls WHERE run_id = r.id ORDER BY id DESC LIMIT 1) AS model,
  COALESCE(SUM(c.input_tokens), 0) AS input_tokens,
  COALESCE(SUM(c.output_tokens), 0) AS output_tokens,
  COALESCE(SUM(c.cache_read_tokens), 0) AS cache_read_tokens,
  COALESCE(SUM(c.cache_write_tokens), 0) AS cache_write_tokens,
  COALESCE(SUM(c.cost_usd), 0) AS cost_usd,
  COALESCE(SUM(CASE WHEN c.id IS NOT NULL AND c.cost_usd IS NULL THEN 1 ELSE 0 END), 0) AS unpriced,
  COUNT(c.id) AS calls`;

export class RunStore implements RunRecorder {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly newId: () => string = randomUUID,
  ) {}

  start(run: { readonly jobKind: JobKind; readonly trigger: RunTrigger; readonly role: ModelRole }): string {
    const id = this.newId();
    this.db
      .prepare('INSERT INTO agent_runs (id, job_kind, trigger_json, model_role, started_at) VALUES (?, ?, ?, ?, ?)')
      .run(id, run.jobKind, JSON.stringify(run.trigger), run.role, this.clock.now().toISOString());
    return id;
  }

  recordCall(runId: string, call: RecordedCall): void {
    this.db
      .prepare(
        `INSERT INTO agent_model_calls (run_id, at, model, input_tokens, output_tokens, cache_read_tokens, cache_write_tokens,
           cache_write_1h_tokens, cost_usd, duration_ms, attempts, outcome, request_ids_json)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        runId,
        this.clock.now().toISOString(),
        call.model,
        call.usage.input,
        call.usage.output,
        call.usage.cacheRead,
        call.usage.cacheWrite,
        call.usage.cacheWrite1h,
        call.costUsd,
        call.durationMs,
        call.attempts,
        call.outcome,
        JSON.stringify(call.requestIds),
      );
  }

  finish(runId: string, end: RunEnd): void {
    this.db
      .prepare(`UPDATE agent_runs SET status = ?, detail = ?, proposals = ?, duration_ms = ?, finished_at = ? WHERE id = ? AND status = 'running'`)
      .run(end.status, end.detail, end.proposals, end.durationMs, this.clock.now().toISOString(), runId);
  }

  /** At start-up: runs a crash left open did not finish, and say so (their calls stay counted). */
  markInterrupted(): number {
    return this.db
      .prepare(`UPDATE agent_runs SET status = 'interrupted', finished_at = ?, detail = ? WHERE status = 'running'`)
      .run(this.clock.now().toISOString(), 'Steward stopped while this run was in progress; its job runs again.').changes;
  }

  get(id: string): AgentRun | null {
    const row = this.db.prepare(`SELECT ${RUN_COLUMNS} FROM agent_runs r LEFT JOIN agent_model_calls c ON c.run_id = r.id WHERE r.id = ? GROUP BY r.id`).get(id) as RunRow | undefined;
    return row ? toRun(row) : null;
  }

  /** Newest first. `before` is a startedAt to page from. */
  list(options: { readonly limit?: number; readonly before?: string; readonly jobKind?: JobKind } = {}): AgentRun[] {
    const limit = Math.min(Math.max(1, options.limit ?? 50), 500);
    const where: string[] = [];
    const params: unknown[] = [];
    if (options.before) {
      where.push('r.started_at < ?');
      params.push(options.before);
    }
    if (options.jobKind) {
      where.push('r.job_kind = ?');
      params.push(options.jobKind);
    }
    const rows = this.db
      .prepare(
        `SELECT ${RUN_COLUMNS} FROM agent_runs r LEFT JOIN agent_model_calls c ON c.run_id = r.id
         ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''}
         GROUP BY r.id ORDER BY r.started_at DESC, r.rowid DESC LIMIT ?`,
      )
      .all(...params, limit) as RunRow[];
    return rows.map(toRun);
  }

  /** What the model calls since `since` spent. */
  spendSince(since: Date): Spend {
    const row = this.db
      .prepare(
        `SELECT COALESCE(SUM(input_tokens), 0) AS input, COALESCE(SUM(output_tokens), 0) AS output,
                COALESCE(SUM(cache_read_tokens), 0) AS cacheRead, COALESCE(SUM(cache_write_tokens), 0) AS cacheWrite,
                COALESCE(SUM(cost_usd), 0) AS cost, COUNT(*) AS calls,
                COALESCE(SUM(CASE WHEN cost_usd IS NULL THEN 1 ELSE 0 END), 0) AS unpriced
         FROM agent_model_calls WHERE at >= ?`,
      )
      .get(since.toISOString()) as { input: number; output: number; cacheRead: number; cacheWrite: number; cost: number; calls: number; unpriced: number };
    const usage = { input: row.input, output: row.output, cacheRead: row.cacheRead, cacheWrite: row.cacheWrite };
    return {
      usage,
      tokens: usage.input + usage.output + usage.cacheRead + usage.cacheWrite,
      costUsd: row.cost,
      calls: row.calls,
      unpricedCalls: row.unpriced,
    };
  }
}

function toRun(row: RunRow): AgentRun {
  return {
    id: row.id,
    jobKind: row.job_kind as JobKind,
    trigger: JSON.parse(row.trigger_json) as RunTrigger,
    role: row.model_role as ModelRole,
    model: row.model,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
    durationMs: row.duration_ms,
    usage: { input: row.input_tokens, output: row.output_tokens, cacheRead: row.cache_read_tokens, cacheWrite: row.cache_write_tokens },
    costUsd: row.unpriced > 0 ? null : row.cost_usd,
    modelCalls: row.calls,
    proposals: row.proposals,
    status: row.status as RunStatus,
    detail: row.detail,
  };
}
