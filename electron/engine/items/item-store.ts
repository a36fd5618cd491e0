import type { Clock } from '../clock.js';
import type { Db } from '../db/database.js';
import type { MailAddress, MailHeaders, MailItem } from './mail-item.js';

interface ItemRow {
  id: string;
  account_id: string;
  mailbox: string;
  uid_validity: string;
  uid: number;
  message_key: string;
  message_id: string | null;
  from_name: string;
  from_address: string;
  to_json: string;
  cc_json: string;
  subject: string;
  sent_at: string | null;
  received_at: string;
  flags_json: string;
  headers_json: string;
  in_reply_to: string | null;
  references_json: string;
  body_text: string;
  size: number;
  parse_error: string | null;
  present: number;
}

export class ItemStore {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
  ) {}

  /** Stores new messages; ones already known (same mailbox, UIDVALIDITY and UID) are skipped. */
  insertMany(items: readonly MailItem[]): MailItem[] {
    const insert = this.db.prepare(
      `INSERT OR IGNORE INTO items (id, account_id, mailbox, uid_validity, uid, message_key, message_id, from_name,
         from_address, to_json, cc_json, subject, sent_at, received_at, flags_json, headers_json, in_reply_to,
         references_json, body_text, size, parse_error, present, created_at)
       VALUES (@id, @account_id, @mailbox, @uid_validity, @uid, @message_key, @message_id, @from_name, @from_address,
         @to_json, @cc_json, @subject, @sent_at, @received_at, @flags_json, @headers_json, @in_reply_to,
         @references_json, @body_text, @size, @parse_error, @present, @created_at)`,
    );
    const createdAt = this.clock.now().toISOString();
    return this.db.transaction(() =>
      items.filter((item) => insert.run({ ...toRow(item), created_at: createdAt }).changes > 0),
    )();
  }

  get(id: string): MailItem | undefined {
    const row = this.db.prepare('SELECT * FROM items WHERE id = ?').get(id) as ItemRow | undefined;
    return row && fromRow(row);
  }

  getMany(ids: readonly string[]): MailItem[] {
    const get = this.db.prepare('SELECT * FROM items WHERE id = ?');
    return ids.flatMap((id) => {
      const row = get.get(id) as ItemRow | undefined;
      return row ? [fromRow(row)] : [];
    });
  }

  /**
   * Marks messages that left the mailbox (moved, deleted elsewhere) as absent, given the UIDs
   * the server still has. Returns the ids that changed.
   */
  reconcilePresence(accountId: string, mailbox: string, uidValidity: string, presentUids: ReadonlySet<number>): string[] {
    const rows = this.db
      .prepare('SELECT id, uid, uid_validity FROM items WHERE account_id = ? AND mailbox = ? AND present = 1')
      .all(accountId, mailbox) as { id: string; uid: number; uid_validity: string }[];
    const gone = rows.filter((row) => row.uid_validity !== uidValidity || !presentUids.has(row.uid)).map((row) => row.id);
    const mark = this.db.prepare('UPDATE items SET present = 0 WHERE id = ?');
    this.db.transaction(() => gone.forEach((id) => mark.run(id)))();
    return gone;
  }
}

function toRow(item: MailItem): Omit<ItemRow, never> {
  return {
    id: item.id,
    account_id: item.accountId,
    mailbox: item.mailbox,
    uid_validity: item.uidValidity,
    uid: item.uid,
    message_key: item.messageKey,
    message_id: item.messageId,
    from_name: item.from.name,
    from_address: item.from.address,
    to_json: JSON.stringify(item.to),
    cc_json: JSON.stringify(item.cc),
    subject: item.subject,
    sent_at: item.sentAt,
    received_at: item.receivedAt,
    flags_json: JSON.stringify(item.flags),
    headers_json: JSON.stringify(item.headers),
    in_reply_to: item.inReplyTo,
    references_json: JSON.stringify(item.references),
    body_text: item.bodyText,
    size: item.size,
    parse_error: item.parseError,
    present: item.present ? 1 : 0,
  };
}

function fromRow(row: ItemRow): MailItem {
  return {
    id: row.id,
    accountId: row.account_id,
    mailbox: row.mailbox,
    uidValidity: row.uid_validity,
    uid: row.uid,
    messageKey: row.message_key,
    messageId: row.message_id,
    from: { name: row.from_name, address: row.from_address },
    to: JSON.parse(row.to_json) as MailAddress[],
    cc: JSON.parse(row.cc_json) as MailAddress[],
    subject: row.subject,
    sentAt: row.sent_at,
    receivedAt: row.received_at,
    flags: JSON.parse(row.flags_json) as string[],
    headers: JSON.parse(row.headers_json) as MailHeaders,
    inReplyTo: row.in_reply_to,
    references: JSON.parse(row.references_json) as string[],
    bodyText: row.body_text,
    size: row.size,
    parseError: row.parse_error,
    present: row.present === 1,
  };
}
