/**
 * The agent's own tables, a schema module of its own (numbered in schema_modules, see
 * db/migrations.ts): its runs and every model call they made (1); its durable jobs, the cursors
 * it keeps over the observation queue and its routines, the triage verdicts, and the
 * preferences it learned (2). Never edit one that has shipped: add one.
 *
 * Totals are not kept on the run: they are summed from its calls when read, so a crash between
 * a call and a run update cannot leave them disagreeing, and the spend a budget counts is
 * exactly the calls made, whatever became of their runs.
 */
import type { Migration, MigrationModule } from '../db/migrations.js';

export const AGENT_MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'agent runs and model calls',
    sql: `
      CREATE TABLE agent_runs (
        id TEXT PRIMARY KEY,
        job_kind TEXT NOT NULL,
        trigger_json TEXT NOT NULL,
        model_role TEXT NOT NULL,
        started_at TEXT NOT NULL,
        finished_at TEXT,
        duration_ms INTEGER,
        proposals INTEGER NOT NULL DEFAULT 0,
        status TEXT NOT NULL DEFAULT 'running'
          CHECK (status IN ('running', 'done', 'cap_reached', 'budget_exhausted', 'aborted', 'failed', 'refused', 'interrupted')),
        -- What happened, in words, for the Runs page and \`steward runs\`.
        detail TEXT
      );
      CREATE INDEX agent_runs_by_start ON agent_runs (started_at);
      CREATE INDEX agent_runs_running ON agent_runs (status) WHERE status = 'running';

      CREATE TABLE agent_model_calls (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        run_id TEXT NOT NULL REFERENCES agent_runs(id) ON DELETE CASCADE,
        at TEXT NOT NULL,
        model TEXT NOT NULL,
        input_tokens INTEGER NOT NULL,
        output_tokens INTEGER NOT NULL,
        cache_read_tokens INTEGER NOT NULL,
        cache_write_tokens INTEGER NOT NULL,
        cache_write_1h_tokens INTEGER NOT NULL,
        -- NULL when the model's price is unknown (a local or a new model).
        cost_usd REAL,
        duration_ms INTEGER NOT NULL,
        attempts INTEGER NOT NULL,
        -- 'ok', or the kind of failure (model-failure.ts).
        outcome TEXT NOT NULL,
        request_ids_json TEXT NOT NULL
      );
      CREATE INDEX agent_model_calls_by_run ON agent_model_calls (run_id);
      CREATE INDEX agent_model_calls_by_time ON agent_model_calls (at);
    `,
  },
  {
    version: 2,
    name: 'agent jobs, cursors, triage verdicts and preferences',
    sql: `
      -- Durable jobs: what the agent has to do, survives restarts. A job is queued until it is
      -- due (next_run_at), runs once at a time, and ends done, failed (for good) or cancelled;
      -- a failure that passes puts it back in the queue with a later next_run_at.
      CREATE TABLE agent_jobs (
        id TEXT PRIMARY KEY,
        kind TEXT NOT NULL,
        state TEXT NOT NULL CHECK (state IN ('queued', 'running', 'done', 'failed', 'cancelled')),
        payload_json TEXT NOT NULL,
        -- At most one queued or running job per key (one triage of a message, one digest per return).
        dedupe_key TEXT,
        attempts INTEGER NOT NULL DEFAULT 0,
        next_run_at TEXT NOT NULL,
        -- Why a queued job is not running yet, if something holds it (and, in words, detail).
        wait_reason TEXT CHECK (wait_reason IN ('backoff', 'budget', 'settings', 'paused', 'restart')),
        detail TEXT,
        last_run_id TEXT,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        finished_at TEXT
      );
      CREATE UNIQUE INDEX agent_jobs_active_key ON agent_jobs (dedupe_key) WHERE state IN ('queued', 'running');
      CREATE INDEX agent_jobs_due ON agent_jobs (state, next_run_at);

      -- Where the agent stands: the last observation each consumer has seen, the last slot each
      -- routine fired for. One row per name.
      CREATE TABLE agent_cursors (
        name TEXT PRIMARY KEY,
        value TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );

      -- What triage said about each message (for the digest, the brief and the drafts).
      CREATE TABLE agent_triage (
        item_id TEXT PRIMARY KEY REFERENCES items(id) ON DELETE CASCADE,
        account_id TEXT NOT NULL,
        item_key TEXT NOT NULL,
        category TEXT NOT NULL,
        urgency TEXT NOT NULL,
        needs_user INTEGER NOT NULL,
        needs_reply INTEGER NOT NULL,
        suspicious INTEGER NOT NULL,
        summary TEXT NOT NULL,
        run_id TEXT NOT NULL,
        at TEXT NOT NULL
      );
      CREATE INDEX agent_triage_by_time ON agent_triage (at);

      -- What Steward learned of the user's wishes, or the user wrote: text for the model's
      -- context, never a permission. A learned one carries the rule that made it (one per rule).
      CREATE TABLE agent_preferences (
        id TEXT PRIMARY KEY,
        text TEXT NOT NULL,
        source TEXT NOT NULL CHECK (source IN ('learned', 'user')),
        rule TEXT UNIQUE,
        evidence TEXT NOT NULL DEFAULT '',
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        -- A learned preference the user deleted stays as a tombstone, so it is not learned again.
        deleted_at TEXT
      );

      -- The user's acts the learner counted (from the ledger), so a restart counts nothing twice
      -- and a deleted preference is not learned again from the same acts.
      CREATE TABLE agent_signals (
        ledger_seq INTEGER PRIMARY KEY,
        signal TEXT NOT NULL,
        subject TEXT NOT NULL,
        at TEXT NOT NULL
      );
      CREATE INDEX agent_signals_by_signal ON agent_signals (signal, subject);
    `,
  },
];

/** The agent's tables as a schema module of the engine (electron/engine/schema.ts). */
export const AGENT_SCHEMA: MigrationModule = { name: 'agent', migrations: AGENT_MIGRATIONS };
