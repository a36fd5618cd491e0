import type { MigrationModule } from '../db/migrations.js';

/**
 * Standing permissions, numbered as their own module so they take no core number:
 * 1. grants per connected account (or, with account_id '', for every account of the app), with
 *    scopes, argument predicates and an expiry;
 * 2. rules made from approvals ("always do this"), matching structured fields only.
 */
export const permissionMigrations: MigrationModule = {
  name: 'permissions',
  migrations: [
    {
      version: 1,
      name: 'scoped grants per account',
      sql: `
        CREATE TABLE grants_v2 (
          app TEXT NOT NULL,
          -- '' is the app's own grant (every account of that kind); an id narrows it to one account.
          account_id TEXT NOT NULL DEFAULT '',
          capability TEXT NOT NULL,
          mode TEXT NOT NULL CHECK (mode IN ('deny', 'ask', 'allow')),
          -- {"folders":[],"calendars":[],"pathRoots":[]}: where an Allow applies (empty: anywhere).
          scope_json TEXT NOT NULL DEFAULT '{"folders":[],"calendars":[],"pathRoots":[]}',
          -- What an Allow requires of the step (all must hold).
          predicates_json TEXT NOT NULL DEFAULT '[]',
          expires_at TEXT,
          updated_at TEXT NOT NULL,
          PRIMARY KEY (app, account_id, capability)
        );
        INSERT INTO grants_v2 (app, account_id, capability, mode, updated_at)
          SELECT app, '', capability, mode, updated_at FROM grants;
        DROP TABLE grants;
        ALTER TABLE grants_v2 RENAME TO grants;
        -- An account's own grants go with it ('' rows cannot reference accounts, so no foreign key).
        CREATE TRIGGER grants_of_removed_account AFTER DELETE ON accounts
          BEGIN DELETE FROM grants WHERE account_id = OLD.id; END;
      `,
    },
    {
      version: 2,
      name: 'rules from approvals',
      sql: `
        CREATE TABLE rules (
          id TEXT PRIMARY KEY,
          account_id TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
          name TEXT NOT NULL,
          -- The structured fields it matches (RuleMatch without the account).
          match_json TEXT NOT NULL,
          paused INTEGER NOT NULL DEFAULT 0,
          created_from TEXT,
          created_at TEXT NOT NULL,
          updated_at TEXT NOT NULL,
          uses INTEGER NOT NULL DEFAULT 0,
          last_used_at TEXT
        );
        CREATE INDEX rules_by_account ON rules (account_id) WHERE paused = 0;
      `,
    },
  ],
};
