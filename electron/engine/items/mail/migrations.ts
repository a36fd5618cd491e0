import type { Db } from '../../db/database.js';
import type { MigrationModule } from '../../db/migrations.js';

/** The mail item kind's own table: what a message says, beside its generic row in `items`. */
export const mailMigrations: MigrationModule = {
  name: 'mail',
  migrations: [
    {
      version: 1,
      name: 'mail messages',
      sql: `
        CREATE TABLE mail_messages (
          item_id TEXT PRIMARY KEY REFERENCES items(id) ON DELETE CASCADE,
          message_id TEXT,
          from_name TEXT NOT NULL,
          from_address TEXT NOT NULL,
          to_json TEXT NOT NULL,
          cc_json TEXT NOT NULL,
          subject TEXT NOT NULL,
          sent_at TEXT,
          received_at TEXT NOT NULL,
          flags_json TEXT NOT NULL,
          folders_json TEXT NOT NULL,
          roles_json TEXT NOT NULL,
          headers_json TEXT NOT NULL,
          in_reply_to TEXT,
          references_json TEXT NOT NULL,
          body_text TEXT NOT NULL,
          size INTEGER NOT NULL,
          parse_error TEXT
        );
      `,
      // Databases from before connectors were plug-ins kept mail in the old items table
      // (renamed by core migration 3): move it over.
      up: (db: Db) => {
        const legacy = db.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'legacy_mail_items'`).get();
        if (!legacy) return;
        db.exec(`
          INSERT INTO mail_messages (item_id, message_id, from_name, from_address, to_json, cc_json, subject, sent_at,
              received_at, flags_json, folders_json, roles_json, headers_json, in_reply_to, references_json, body_text, size, parse_error)
            SELECT id, message_id, from_name, from_address, to_json, cc_json, subject, sent_at, received_at, flags_json,
              json_array(mailbox), CASE WHEN upper(mailbox) = 'INBOX' THEN '["inbox"]' ELSE '[]' END,
              headers_json, in_reply_to, references_json, body_text, size, parse_error
            FROM legacy_mail_items;
          DROP TABLE legacy_mail_items;
        `);
      },
    },
    {
      version: 2,
      name: 'mail threads and attachments',
      sql: `
        ALTER TABLE mail_messages ADD COLUMN thread_key TEXT;
        ALTER TABLE mail_messages ADD COLUMN attachments_json TEXT NOT NULL DEFAULT '[]';
        UPDATE mail_messages SET thread_key = coalesce(json_extract(references_json, '$[0]'), in_reply_to,
          (SELECT item_key FROM items WHERE items.id = mail_messages.item_id));
        CREATE INDEX mail_messages_thread ON mail_messages (thread_key);
      `,
    },
    {
      version: 3,
      name: 'recent mail with attachments',
      // What a file saved to Downloads is compared with (MailStore.withAttachmentsSince), on
      // every save: only the messages that have attachments, by arrival.
      sql: `CREATE INDEX mail_messages_with_attachments ON mail_messages (received_at) WHERE attachments_json != '[]';`,
    },
    {
      version: 4,
      name: 'mail lookups by Message-ID and sender',
      // The gate looks up, for every reply it reviews, the message answered (by Message-ID) and
      // whether the user wrote to the recipient (mail from the user's addresses): without these
      // each review read the whole table, and a first sync of 50,000 messages slowed to a crawl.
      sql: `
        CREATE INDEX mail_messages_message_id ON mail_messages (message_id);
        CREATE INDEX mail_messages_sender ON mail_messages (lower(from_address));
      `,
    },
  ],
};
