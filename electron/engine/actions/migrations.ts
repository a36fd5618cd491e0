import type { MigrationModule } from '../db/migrations.js';

/**
 * The action layer's own tables, beside the core `actions` table:
 * - `outbox`: approved sends waiting out their undo window, with who approved them (the timer
 *   that sends them at `due_at` may fire in a later process, after a restart);
 * - `step_journal`: what an executor noted, durably, about an action it is carrying out ("handed
 *   to SMTP", "accepted"), so that a retry after a crash knows what already happened;
 * - `actions.undo_started_at`: an undo under way, for the same check after a crash;
 * - `actions.approved_by`: who approved a step, so that a step a pause holds runs on resume
 *   (also after a restart) with the approval it was given.
 */
export const actionMigrations: MigrationModule = {
  name: 'actions',
  migrations: [
    {
      version: 1,
      name: 'outbox and step journal',
      sql: `
        CREATE TABLE outbox (
          action_id TEXT PRIMARY KEY REFERENCES actions(id) ON DELETE CASCADE,
          approved_by TEXT NOT NULL,
          window_ms INTEGER NOT NULL,
          -- When it leaves; NULL while a pause holds it.
          due_at TEXT,
          -- While held: what was left of the window when the pause began.
          held_ms INTEGER,
          created_at TEXT NOT NULL
        );

        CREATE TABLE step_journal (
          action_id TEXT NOT NULL REFERENCES actions(id) ON DELETE CASCADE,
          phase TEXT NOT NULL,
          detail_json TEXT NOT NULL,
          at TEXT NOT NULL,
          PRIMARY KEY (action_id, phase)
        );
      `,
    },
    {
      version: 2,
      name: 'undo in progress',
      // When an undo began and has not been recorded yet: a process killed in between leaves it
      // set, and the next start asks the server whether the undo happened (ActionRunner).
      sql: 'ALTER TABLE actions ADD COLUMN undo_started_at TEXT;',
    },
    {
      version: 3,
      name: 'step provenance, caution and the gate run log',
      // Where each step came from (the run, the untrusted items in the model's context) and
      // why the card warns about it; and every run ticket issued, which the breaker and the
      // rate limits count (so a restart cannot reset them).
      sql: `
        ALTER TABLE actions ADD COLUMN provenance_json TEXT;
        ALTER TABLE actions ADD COLUMN caution_json TEXT;
        CREATE TABLE gate_runs (
          action_id TEXT NOT NULL,
          capability TEXT NOT NULL,
          unasked INTEGER NOT NULL,
          at TEXT NOT NULL
        );
        CREATE INDEX gate_runs_by_time ON gate_runs (at);
      `,
    },
    {
      version: 4,
      name: 'who approved a step',
      // Kept from approval on: a pause holds approved steps that have not started ('held'), and
      // the resume, in this process or a later one, runs them as the person (or rule) approved them.
      // The partial index keeps the status's count of held steps (polled) and the resume's
      // lookup off a scan of every action ever run.
      sql: `
        ALTER TABLE actions ADD COLUMN approved_by TEXT;
        CREATE INDEX actions_held ON actions (created_at, suggestion_id, position) WHERE status = 'held';
      `,
    },
  ],
};
