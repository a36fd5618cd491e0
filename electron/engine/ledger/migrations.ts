import type { MigrationModule } from '../db/migrations.js';

/**
 * Indexes for the ledger viewer's filters (capability, kind, actor, account), newest first: a
 * filtered page of a ledger of 100,000 entries reads only the rows it shows.
 */
export const ledgerMigrations: MigrationModule = {
  name: 'ledger',
  migrations: [
    {
      version: 1,
      name: 'indexes for filtered pages',
      sql: `
        CREATE INDEX IF NOT EXISTS ledger_by_kind ON ledger (kind, seq);
        CREATE INDEX IF NOT EXISTS ledger_by_capability ON ledger (capability, seq);
        CREATE INDEX IF NOT EXISTS ledger_by_actor ON ledger (actor, seq);
        CREATE INDEX IF NOT EXISTS ledger_by_account ON ledger (account_id, seq);
        CREATE INDEX IF NOT EXISTS ledger_by_time ON ledger (at);
      `,
    },
  ],
};
