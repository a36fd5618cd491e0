import type { MigrationModule } from '../db/migrations.js';

/** The detectors' own table: time triggers (see revisit-store.ts). */
export const detectorMigrations: MigrationModule = {
  name: 'detectors',
  migrations: [
    {
      version: 1,
      name: 'revisits',
      sql: `
        CREATE TABLE revisits (
          account_id TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
          detector TEXT NOT NULL,
          item_key TEXT NOT NULL,
          -- Null for a settle that arrived before any request.
          item_id TEXT,
          due_at TEXT,
          -- 'waiting' until due; 'settled' (no longer wanted) or 'done' (looked at) after.
          state TEXT NOT NULL,
          PRIMARY KEY (account_id, detector, item_key)
        );
        CREATE INDEX revisits_due ON revisits (due_at) WHERE state = 'waiting';
      `,
    },
  ],
};
