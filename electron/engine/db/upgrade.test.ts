/**
 * A data folder from before connectors were plug-ins (schema 2: IMAP columns on accounts, UID
 * cursors, mail columns on items) opens under the current schema with nothing lost.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { ItemStore } from '../items/item-store.js';
import { MailStore } from '../items/mail/mail-store.js';
import { ManualClock } from '../testing/memory-engine-parts.js';
import { engineSchema } from '../schema.js';
import { AccountStore } from '../accounts/account-store.js';
import { CursorStore } from '../sync/cursor-store.js';
import { SuggestionStore } from '../suggestions/suggestion-store.js';
import { ActionStore } from '../actions/action-store.js';
import { MIGRATIONS } from './migrations.js';
import { openDatabase } from './database.js';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true })));

it('keeps accounts, cursors, mail, suggestions and queued observations from schema 2', () => {
  const dir = mkdtempSync(join(tmpdir(), 'steward-upgrade-'));
  dirs.push(dir);
  const file = join(dir, 'steward.db');
  const old = openDatabase(file, MIGRATIONS.slice(0, 2));
  old.exec(`
    INSERT INTO accounts (id, kind, email, display_name, host, port, tls, username, archive_mailbox, created_at)
      VALUES ('acc', 'imap', 'alice@example.test', 'Alice', 'imap.example.test', 993, 1, 'alice', 'Old', '2026-11-01T00:00:00Z');
    INSERT INTO sync_state (account_id, mailbox, uid_validity, last_uid, last_sync_at) VALUES ('acc', 'INBOX', '77', 42, '2026-11-30T10:00:00Z');
    INSERT INTO items (id, account_id, mailbox, uid_validity, uid, message_key, message_id, from_name, from_address, to_json, cc_json,
        subject, sent_at, received_at, flags_json, headers_json, in_reply_to, references_json, body_text, size, parse_error, present, created_at)
      VALUES ('item', 'acc', 'INBOX', '77', 41, '<m@x>', '<m@x>', 'Bob', 'bob@x.test', '[]', '[]', 'Hello', NULL,
        '2026-11-30T09:00:00Z', '["\\\\Seen"]', '{"listUnsubscribe":null,"listId":null,"precedence":null,"autoSubmitted":null}', NULL, '[]', 'Can you?', 100, NULL, 1, 'now');
    INSERT INTO suggestions (id, kind, account_id, dedupe_key, title, why, urgency, status, revision, flags_json, sources_json, created_at, updated_at)
      VALUES ('sug', 'reply', 'acc', 'reply:acc:<m@x>', 'Reply to Bob', 'asked', 'normal', 'pending', 1, '[]', '[]', 'now', 'now');
    INSERT INTO suggestion_items (suggestion_id, kind, account_id, message_key, item_id) VALUES ('sug', 'reply', 'acc', '<m@x>', 'item');
    INSERT INTO observations (kind, account_id, item_id, created_at) VALUES ('mail.new', 'acc', 'item', 'now');
  `);
  old.close();

  const db = openDatabase(file, engineSchema());
  const clock = new ManualClock();
  expect(new AccountStore(db, clock).get('acc')).toEqual({
    id: 'acc',
    kind: 'imap',
    email: 'alice@example.test',
    displayName: 'Alice',
    settings: { host: 'imap.example.test', port: 993, tls: true, username: 'alice', archiveMailbox: 'Old' },
    createdAt: '2026-11-01T00:00:00Z',
  });
  const cursors = new CursorStore(db, clock);
  expect(cursors.load('acc', 'INBOX')).toEqual({ uidValidity: '77', lastUid: 42 });
  expect(cursors.lastSyncAt('acc')).toBe('2026-11-30T10:00:00Z');
  const mail = new MailStore(db, new ItemStore(db, clock)).get('item');
  expect(mail).toMatchObject({ stream: 'INBOX', externalId: '77:41', messageKey: '<m@x>', roles: ['inbox'], folders: ['INBOX'], flags: ['\\Seen'], bodyText: 'Can you?' });
  const suggestions = new SuggestionStore(db, new ActionStore(db, clock), clock);
  expect(suggestions.coveredKeys('acc', 'reply', ['<m@x>', '<other@x>'])).toEqual(new Set(['<m@x>']));
  expect(suggestions.itemIds('sug')).toEqual(['item']);
  expect(db.prepare('SELECT kind FROM observations').all()).toEqual([{ kind: 'item.new' }]);
  expect(db.prepare(`SELECT name FROM sqlite_master WHERE name IN ('legacy_mail_items', 'sync_state')`).all()).toEqual([]);
  expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
  db.close();
});
