/**
 * Numbered schema migrations. Each runs once, in order, inside a transaction; the database's
 * user_version records the last core one applied, schema_modules each module's. Never edit a
 * migration that has shipped: add one.
 */
import type Database from 'better-sqlite3';

export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly sql?: string;
  /** For what SQL alone cannot say (e.g. copying from a table only some databases have). */
  readonly up?: (db: Database.Database) => void;
  /** Table rebuilds: run with foreign keys off, checked before commit. */
  readonly foreignKeysOff?: boolean;
}

/** A module's own migrations (an item kind's or a connector's tables), numbered from 1. */
export interface MigrationModule {
  readonly name: string;
  readonly migrations: readonly Migration[];
}

export interface Schema {
  readonly core: readonly Migration[];
  readonly modules: readonly MigrationModule[];
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'foundation',
    sql: `
      CREATE TABLE settings (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
      );

      CREATE TABLE accounts (
        id TEXT PRIMARY KEY,
        kind TEXT NOT NULL,
        email TEXT NOT NULL,
        display_name TEXT NOT NULL,
        host TEXT NOT NULL,
        port INTEGER NOT NULL,
        tls INTEGER NOT NULL,
        username TEXT NOT NULL,
        archive_mailbox TEXT,
        created_at TEXT NOT NULL
      );

      -- Where incremental sync stands per mailbox: new mail is everything above last_uid
      -- while uid_validity is unchanged.
      CREATE TABLE sync_state (
        account_id TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
        mailbox TEXT NOT NULL,
        uid_validity TEXT NOT NULL,
        last_uid INTEGER NOT NULL,
        last_sync_at TEXT,
        PRIMARY KEY (account_id, mailbox)
      );

      CREATE TABLE items (
        id TEXT PRIMARY KEY,
        account_id TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
        mailbox TEXT NOT NULL,
        uid_validity TEXT NOT NULL,
        uid INTEGER NOT NULL,
        message_key TEXT NOT NULL,
        message_id TEXT,
        from_name TEXT NOT NULL,
        from_address TEXT NOT NULL,
        to_json TEXT NOT NULL,
        cc_json TEXT NOT NULL,
        subject TEXT NOT NULL,
        sent_at TEXT,
        received_at TEXT NOT NULL,
        flags_json TEXT NOT NULL,
        headers_json TEXT NOT NULL,
        in_reply_to TEXT,
        references_json TEXT NOT NULL,
        body_text TEXT NOT NULL,
        size INTEGER NOT NULL,
        parse_error TEXT,
        present INTEGER NOT NULL DEFAULT 1,
        created_at TEXT NOT NULL,
        UNIQUE (account_id, mailbox, uid_validity, uid)
      );
      CREATE INDEX items_by_key ON items (account_id, message_key);

      -- The durable queue between connectors and the scheduler.
      CREATE TABLE observations (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        kind TEXT NOT NULL,
        account_id TEXT NOT NULL,
        item_id TEXT,
        created_at TEXT NOT NULL,
        processed_at TEXT
      );
      CREATE INDEX observations_pending ON observations (processed_at) WHERE processed_at IS NULL;

      CREATE TABLE suggestions (
        id TEXT PRIMARY KEY,
        kind TEXT NOT NULL,
        account_id TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
        dedupe_key TEXT NOT NULL,
        title TEXT NOT NULL,
        why TEXT NOT NULL,
        urgency TEXT NOT NULL,
        status TEXT NOT NULL,
        revision INTEGER NOT NULL,
        flags_json TEXT NOT NULL,
        sources_json TEXT NOT NULL,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );
      -- At most one open suggestion per subject (e.g. one "Archive N newsletters" per account).
      CREATE UNIQUE INDEX suggestions_open_dedupe ON suggestions (dedupe_key) WHERE status = 'pending';

      -- Which messages a suggestion covers, so a message is never proposed twice for the same
      -- purpose (not after a dismissal, and not when an undo brings it back with a new UID).
      CREATE TABLE suggestion_items (
        suggestion_id TEXT NOT NULL REFERENCES suggestions(id) ON DELETE CASCADE,
        kind TEXT NOT NULL,
        account_id TEXT NOT NULL,
        message_key TEXT NOT NULL,
        item_id TEXT NOT NULL,
        PRIMARY KEY (suggestion_id, message_key)
      );
      CREATE INDEX suggestion_items_by_key ON suggestion_items (account_id, kind, message_key);

      -- The outbox: every concrete step of every plan, with its gate decision and undo data.
      CREATE TABLE actions (
        id TEXT PRIMARY KEY,
        suggestion_id TEXT NOT NULL REFERENCES suggestions(id) ON DELETE CASCADE,
        position INTEGER NOT NULL,
        capability TEXT NOT NULL,
        app TEXT NOT NULL,
        account_id TEXT NOT NULL,
        title TEXT NOT NULL,
        args_json TEXT NOT NULL,
        preview_json TEXT NOT NULL,
        status TEXT NOT NULL,
        decision TEXT NOT NULL,
        error TEXT,
        result TEXT,
        undo_json TEXT,
        created_at TEXT NOT NULL,
        executed_at TEXT,
        undone_at TEXT
      );
      CREATE INDEX actions_by_suggestion ON actions (suggestion_id, position);

      CREATE TABLE grants (
        app TEXT NOT NULL,
        capability TEXT NOT NULL,
        mode TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        PRIMARY KEY (app, capability)
      );

      CREATE TABLE ledger (
        seq INTEGER PRIMARY KEY,
        at TEXT NOT NULL,
        kind TEXT NOT NULL,
        actor TEXT NOT NULL,
        summary TEXT NOT NULL,
        capability TEXT,
        account_id TEXT,
        suggestion_id TEXT,
        action_id TEXT,
        detail_json TEXT NOT NULL,
        prev_hash TEXT NOT NULL,
        hash TEXT NOT NULL
      );
      -- Append-only by construction; the hash chain catches whoever drops these triggers.
      CREATE TRIGGER ledger_no_update BEFORE UPDATE ON ledger
        BEGIN SELECT RAISE(ABORT, 'the ledger is append-only'); END;
      CREATE TRIGGER ledger_no_delete BEFORE DELETE ON ledger
        BEGIN SELECT RAISE(ABORT, 'the ledger is append-only'); END;
    `,
  },
  {
    version: 2,
    name: 'one account per address',
    // Two "add account" calls racing each other could both pass the application's check.
    sql: `CREATE UNIQUE INDEX accounts_unique_email ON accounts (lower(email));`,
  },
  {
    version: 3,
    name: 'accounts, items and sync cursors of any kind',
    foreignKeysOff: true,
    sql: `
      -- Accounts keep their kind's settings as JSON: an IMAP server, a calendar URL, a folder.
      CREATE TABLE accounts_v3 (
        id TEXT PRIMARY KEY,
        kind TEXT NOT NULL,
        email TEXT NOT NULL,
        display_name TEXT NOT NULL,
        settings_json TEXT NOT NULL,
        created_at TEXT NOT NULL
      );
      INSERT INTO accounts_v3 (id, kind, email, display_name, settings_json, created_at)
        SELECT id, kind, email, display_name,
          json_object('host', host, 'port', port, 'tls', json(CASE tls WHEN 1 THEN 'true' ELSE 'false' END),
                      'username', username, 'archiveMailbox', archive_mailbox),
          created_at
        FROM accounts;
      DROP TABLE accounts;
      ALTER TABLE accounts_v3 RENAME TO accounts;
      -- One account per address and kind (the same address may hold mail and a calendar).
      CREATE UNIQUE INDEX accounts_unique_email ON accounts (kind, lower(email)) WHERE email <> '';

      -- Where sync stands, per stream (a mailbox, a calendar, a folder), in the connector's terms.
      CREATE TABLE sync_cursors (
        account_id TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
        stream TEXT NOT NULL,
        cursor_json TEXT NOT NULL,
        last_sync_at TEXT,
        PRIMARY KEY (account_id, stream)
      );
      INSERT INTO sync_cursors (account_id, stream, cursor_json, last_sync_at)
        SELECT account_id, mailbox, json_object('uidValidity', uid_validity, 'lastUid', last_uid), last_sync_at FROM sync_state;
      DROP TABLE sync_state;

      -- Items of every kind; what is particular to a kind lives in that kind's table (the mail
      -- module moves the mail columns of the old table into mail_messages).
      DROP INDEX items_by_key;
      ALTER TABLE items RENAME TO legacy_mail_items;
      CREATE TABLE items (
        id TEXT PRIMARY KEY,
        account_id TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
        kind TEXT NOT NULL,
        -- Where it lives in the source: a mailbox, a calendar, a folder root.
        stream TEXT NOT NULL,
        -- The source's id for it within the stream (IMAP: UIDVALIDITY:UID).
        external_id TEXT NOT NULL,
        -- Its identity across streams and moves (a Message-ID, an event UID): never proposed twice.
        item_key TEXT NOT NULL,
        present INTEGER NOT NULL DEFAULT 1,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        UNIQUE (account_id, stream, external_id)
      );
      CREATE INDEX items_by_key ON items (account_id, item_key);
      INSERT INTO items (id, account_id, kind, stream, external_id, item_key, present, created_at, updated_at)
        SELECT id, account_id, 'mail', mailbox, uid_validity || ':' || uid, message_key, present, created_at, created_at FROM legacy_mail_items;

      ALTER TABLE suggestion_items RENAME COLUMN message_key TO item_key;
      UPDATE observations SET kind = 'item.new' WHERE kind = 'mail.new';
      UPDATE observations SET kind = 'item.gone' WHERE kind = 'mail.gone';
    `,
  },
  {
    version: 4,
    name: 'interruption decisions',
    // Whether each suggestion notified or waited, and why: shown on the card and in the popover.
    sql: `
      ALTER TABLE suggestions ADD COLUMN interruption_json TEXT;
      CREATE INDEX suggestions_by_interruption ON suggestions (json_extract(interruption_json, '$.at')) WHERE interruption_json IS NOT NULL;
    `,
  },
  {
    version: 5,
    name: 'suggestion origins',
    // Who proposed it: a detector, or a run of the model with its reason and provenance.
    sql: `ALTER TABLE suggestions ADD COLUMN origin_json TEXT;`,
  },
  {
    version: 6,
    name: 'notifications by time',
    // "How many notifications went out in the past hour" is asked for every new suggestion. The
    // index by time also holds the ones that were held, which during a first sync is every
    // suggestion made in that hour: count only the ones that notified (a handful an hour).
    sql: `CREATE INDEX suggestions_notified ON suggestions (json_extract(interruption_json, '$.at')) WHERE json_extract(interruption_json, '$.decision') = 'notified';`,
  },
  {
    version: 7,
    name: 'what a list of suggestions shows',
    // A list names the first 50 sources of a card and of a step's messages, with their counts,
    // written beside the full lists when they change: a first sync's newsletter card holds
    // thousands, and the popover and scripts poll the list (see LISTED_SOURCES, LISTED_MESSAGES).
    sql: `
      ALTER TABLE suggestions ADD COLUMN source_count INTEGER;
      ALTER TABLE suggestions ADD COLUMN listed_sources_json TEXT;
      UPDATE suggestions SET
        source_count = json_array_length(sources_json),
        listed_sources_json = (SELECT json_group_array(json(s.value)) FROM (SELECT value FROM json_each(suggestions.sources_json) ORDER BY key LIMIT 50) s);
      ALTER TABLE actions ADD COLUMN listed_preview_json TEXT;
      UPDATE actions SET listed_preview_json = CASE
        WHEN json_type(preview_json, '$.messages') = 'array' AND json_array_length(preview_json, '$.messages') > 50
        THEN json_set(preview_json,
          '$.messages', json((SELECT json_group_array(json(m.value)) FROM (SELECT value FROM json_each(actions.preview_json, '$.messages') ORDER BY key LIMIT 50) m)),
          '$.messageCount', json_array_length(preview_json, '$.messages'))
        ELSE preview_json END;
    `,
  },
  {
    version: 8,
    name: 'what a growing card keeps about itself',
    // A card that grows by addition (the newsletters of a first sync) keeps a short summary of
    // everything it holds (its detector's memo), so a growth is stated from the new items alone.
    sql: `ALTER TABLE suggestions ADD COLUMN memo_json TEXT;`,
  },
  {
    version: 9,
    name: 'items by key first',
    // One index that leads with item_key serves both lookups by key: within an account (a
    // renumbered mailbox adopting its messages) and by kind on any account (an invitation's
    // event), since a key names one item or a few. Two indexes on random keys cost a first sync a
    // page write each per new item; the event kind drops its (kind, item_key) in its migration 4.
    // With account_id second, SQLite prefers this index to a scan of the stream's UNIQUE prefix.
    sql: `
      DROP INDEX items_by_key;
      CREATE INDEX items_by_key ON items (item_key, account_id);
    `,
  },
];
