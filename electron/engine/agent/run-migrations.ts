/**
 * The agent's own tables: its runs and every model call they made. Numbered like the engine's
 * migrations (db/migrations.ts); with the connector reshape they join the engine's list (or a
 * per-module list). Never edit one that has shipped: add one.
 *
 * Totals are not kept on the run: they are summed from its calls when read, so a crash between
 * a call and a run update cannot leave them disagreeing, and the spend a budget counts is
 * exactly the calls made, whatever became of their runs.
 */
import type { Migration } from '../db/migrations.js';

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
];
