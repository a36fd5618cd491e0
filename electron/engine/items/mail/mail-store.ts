/**
 * Mail as items: the generic row (where it is, its Message-ID as identity) plus what the
 * message says in mail_messages. Used by every mail connector (IMAP, Gmail).
 */
import type { Db } from '../../db/database.js';
import type { ThreadMessage } from '../../detectors/lookups.js';
import { rowsById } from '../../db/rows-by-id.js';
import type { ItemStore } from '../item-store.js';
import type { ItemKindStore, UpsertOptions } from '../kinds.js';
import { threadKeyOf, type MailAddress, type MailAttachment, type MailHeaders, type MailItem, type MailRole, type NewMailItem } from './mail-item.js';

/** A message's attachments with what says where they came from. */
export interface MailWithAttachments {
  readonly itemId: string;
  readonly from: MailAddress;
  readonly subject: string;
  readonly receivedAt: string;
  readonly attachments: readonly MailAttachment[];
}

interface MailRow {
  id: string;
  account_id: string;
  stream: string;
  external_id: string;
  item_key: string;
  present: number;
  message_id: string | null;
  from_name: string;
  from_address: string;
  to_json: string;
  cc_json: string;
  subject: string;
  sent_at: string | null;
  received_at: string;
  flags_json: string;
  folders_json: string;
  roles_json: string;
  headers_json: string;
  in_reply_to: string | null;
  references_json: string;
  body_text: string;
  size: number;
  parse_error: string | null;
  thread_key: string | null;
  attachments_json: string;
}

const SELECT = `SELECT i.id, i.account_id, i.stream, i.external_id, i.item_key, i.present, m.*
  FROM items i JOIN mail_messages m ON m.item_id = i.id`;

/** SELECT without the body (read as ''): see ItemKindStore.getManyBrief. */
const SELECT_BRIEF = `SELECT i.id, i.account_id, i.stream, i.external_id, i.item_key, i.present, m.message_id, m.from_name, m.from_address,
  m.to_json, m.cc_json, m.subject, m.sent_at, m.received_at, m.flags_json, m.folders_json, m.roles_json, m.headers_json, m.in_reply_to,
  m.references_json, '' AS body_text, m.size, m.parse_error, m.thread_key, m.attachments_json
  FROM items i JOIN mail_messages m ON m.item_id = i.id`;

export class MailStore implements ItemKindStore<NewMailItem, MailItem> {
  readonly kind = 'mail' as const;

  constructor(
    private readonly db: Db,
    private readonly items: ItemStore,
  ) {}

  upsert(accountId: string, messages: readonly NewMailItem[], options: UpsertOptions = {}): { added: string[]; changed: string[] } {
    const added: string[] = [];
    const changed: string[] = [];
    const insert = this.db.prepare(
      `INSERT INTO mail_messages (item_id, message_id, from_name, from_address, to_json, cc_json, subject, sent_at, received_at,
         flags_json, folders_json, roles_json, headers_json, in_reply_to, references_json, body_text, size, parse_error, thread_key, attachments_json)
       VALUES (@item_id, @message_id, @from_name, @from_address, @to_json, @cc_json, @subject, @sent_at, @received_at,
         @flags_json, @folders_json, @roles_json, @headers_json, @in_reply_to, @references_json, @body_text, @size, @parse_error, @thread_key, @attachments_json)`,
    );
    const current = this.db.prepare('SELECT flags_json, folders_json, roles_json FROM mail_messages WHERE item_id = ?');
    const update = this.db.prepare('UPDATE mail_messages SET flags_json = ?, folders_json = ?, roles_json = ? WHERE item_id = ?');
    this.db.transaction(() => {
      for (const message of messages) {
        const { id, created, wasPresent } = this.items.upsert(accountId, 'mail', {
          stream: message.stream,
          externalId: message.externalId,
          itemKey: message.messageKey,
        }, options.supersedes);
        const row = toRow(id, message);
        if (created) {
          insert.run(row);
          added.push(id);
          continue;
        }
        // A message's content never changes; where it is filed and its flags do.
        const before = current.get(id) as { flags_json: string; folders_json: string; roles_json: string } | undefined;
        const moved = !before || before.flags_json !== row.flags_json || before.folders_json !== row.folders_json || before.roles_json !== row.roles_json;
        if (moved) update.run(row.flags_json, row.folders_json, row.roles_json, id);
        if (moved || !wasPresent) {
          this.items.touch(id);
          changed.push(id);
        }
      }
    })();
    return { added, changed };
  }

  get(id: string): MailItem | undefined {
    const row = this.db.prepare(`${SELECT} WHERE i.id = ?`).get(id) as MailRow | undefined;
    return row && fromRow(row);
  }

  /**
   * Present messages received since then that have attachments, newest first: what a rule
   * joining mail to other things (a file saved from it) looks at, without reading bodies.
   */
  withAttachmentsSince(since: Date, limit: number): MailWithAttachments[] {
    const rows = this.db
      .prepare(
        `SELECT i.id, m.from_name, m.from_address, m.subject, m.received_at, m.attachments_json
         FROM items i JOIN mail_messages m ON m.item_id = i.id
         WHERE i.present = 1 AND m.received_at >= ? AND m.attachments_json != '[]'
         ORDER BY m.received_at DESC LIMIT ?`,
      )
      .all(since.toISOString(), limit) as Pick<MailRow, 'id' | 'from_name' | 'from_address' | 'subject' | 'received_at' | 'attachments_json'>[];
    return rows.map((row) => ({
      itemId: row.id,
      from: { name: row.from_name, address: row.from_address },
      subject: row.subject,
      receivedAt: row.received_at,
      attachments: JSON.parse(row.attachments_json) as MailAttachment[],
    }));
  }

  /** The present messages of one conversation, oldest first, without their bodies. */
  threadMessages(accountId: string, threadKey: string): ThreadMessage[] {
    const rows = this.db
      .prepare(
        `SELECT i.id, m.from_address, coalesce(m.sent_at, m.received_at) AS at, m.attachments_json
         FROM items i JOIN mail_messages m ON m.item_id = i.id
         WHERE i.account_id = ? AND i.present = 1 AND m.thread_key = ?
         ORDER BY at LIMIT 500`,
      )
      .all(accountId, threadKey) as { id: string; from_address: string; at: string; attachments_json: string }[];
    return rows.map((row) => ({ itemId: row.id, fromAddress: row.from_address, at: row.at, attachmentCount: (JSON.parse(row.attachments_json) as unknown[]).length }));
  }

  /** In the order asked for; ids that do not exist are left out. */
  getMany(ids: readonly string[]): MailItem[] {
    return this.read(SELECT, ids);
  }

  getManyBrief(ids: readonly string[]): MailItem[] {
    return this.read(SELECT_BRIEF, ids);
  }

  private read(select: string, ids: readonly string[]): MailItem[] {
    const rows = rowsById<MailRow>(this.db, `${select} WHERE i.id IN (SELECT value FROM json_each(?))`, ids);
    return ids.flatMap((id) => {
      const row = rows.get(id);
      return row ? [fromRow(row)] : [];
    });
  }
}

function toRow(itemId: string, item: NewMailItem) {
  return {
    item_id: itemId,
    message_id: item.messageId,
    from_name: item.from.name,
    from_address: item.from.address,
    to_json: JSON.stringify(item.to),
    cc_json: JSON.stringify(item.cc),
    subject: item.subject,
    sent_at: item.sentAt,
    received_at: item.receivedAt,
    flags_json: JSON.stringify([...item.flags].sort()),
    folders_json: JSON.stringify(item.folders),
    roles_json: JSON.stringify([...item.roles].sort()),
    headers_json: JSON.stringify(item.headers),
    in_reply_to: item.inReplyTo,
    references_json: JSON.stringify(item.references),
    body_text: item.bodyText,
    size: item.size,
    parse_error: item.parseError,
    thread_key: threadKeyOf(item),
    attachments_json: JSON.stringify(item.attachments),
  };
}

function fromRow(row: MailRow): MailItem {
  return {
    id: row.id,
    accountId: row.account_id,
    stream: row.stream,
    externalId: row.external_id,
    messageKey: row.item_key,
    present: row.present === 1,
    messageId: row.message_id,
    from: { name: row.from_name, address: row.from_address },
    to: JSON.parse(row.to_json) as MailAddress[],
    cc: JSON.parse(row.cc_json) as MailAddress[],
    subject: row.subject,
    sentAt: row.sent_at,
    receivedAt: row.received_at,
    flags: JSON.parse(row.flags_json) as string[],
    folders: JSON.parse(row.folders_json) as string[],
    roles: JSON.parse(row.roles_json) as MailRole[],
    headers: JSON.parse(row.headers_json) as MailHeaders,
    inReplyTo: row.in_reply_to,
    references: JSON.parse(row.references_json) as string[],
    bodyText: row.body_text,
    size: row.size,
    parseError: row.parse_error,
    threadKey: row.thread_key ?? row.item_key,
    attachments: JSON.parse(row.attachments_json) as MailAttachment[],
  };
}
