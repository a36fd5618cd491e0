/**
 * The agent's questions to the stored mail: search, a message's thread, the user's own sent
 * mail (to learn their tone). Always within the accounts it is given (the ones the gate let it
 * read); never anything a connector has not synced.
 */
import type { Db } from '../../db/database.js';
import { baseSubject } from '../../detectors/mail-signals.js';
import type { MailItem } from '../../items/mail/mail-item.js';

/** What reads mail items by id (the mail kind's store). */
export interface MailItemReader {
  getMany(ids: readonly string[]): MailItem[];
}

export interface MailSearch {
  readonly query: string;
  readonly from?: string | undefined;
  readonly folder?: string | undefined;
  /** YYYY-MM-DD, inclusive. */
  readonly since?: string | undefined;
  readonly until?: string | undefined;
  readonly unreadOnly?: boolean | undefined;
  /** Only mail filed in one of these folders (a scoped read grant); undefined: any folder. */
  readonly inFolders?: readonly string[] | undefined;
  readonly limit: number;
}

const inAccounts = (ids: readonly string[]) => `i.account_id IN (${ids.map(() => '?').join(', ') || 'NULL'})`;

export class MailQueries {
  constructor(
    private readonly db: Db,
    private readonly mail: MailItemReader,
  ) {}

  /** Present messages of these accounts, by id (ids of other accounts or kinds are left out). */
  byIds(accountIds: readonly string[], ids: readonly string[]): MailItem[] {
    const allowed = new Set(accountIds);
    return this.mail.getMany(ids).filter((item) => allowed.has(item.accountId) && item.present);
  }

  /** Every word in the sender, subject or body; newest first. */
  search(accountIds: readonly string[], search: MailSearch): MailItem[] {
    const where = [inAccounts(accountIds), 'i.present = 1'];
    const params: unknown[] = [...accountIds];
    for (const word of search.query.toLowerCase().split(/\s+/).filter(Boolean).slice(0, 8)) {
      where.push(`instr(lower(m.from_name || ' ' || m.from_address || ' ' || m.subject || ' ' || m.body_text), ?) > 0`);
      params.push(word);
    }
    if (search.from) {
      where.push(`instr(lower(m.from_name || ' ' || m.from_address), ?) > 0`);
      params.push(search.from.toLowerCase());
    }
    if (search.folder) {
      where.push(`(lower(i.stream) = ? OR EXISTS (SELECT 1 FROM json_each(m.folders_json) WHERE lower(value) = ?))`);
      params.push(search.folder.toLowerCase(), search.folder.toLowerCase());
    }
    if (search.inFolders) {
      // As the grants compare them: INBOX in any case (RFC 3501), every other name as written.
      const inbox = search.inFolders.some((f) => f.toUpperCase() === 'INBOX');
      where.push(`EXISTS (SELECT 1 FROM json_each(m.folders_json) WHERE value IN (SELECT value FROM json_each(?)) OR (? AND upper(value) = 'INBOX'))`);
      params.push(JSON.stringify(search.inFolders), inbox ? 1 : 0);
    }
    if (search.since) {
      where.push('m.received_at >= ?');
      params.push(search.since);
    }
    if (search.until) {
      // Inclusive of the whole day.
      where.push('m.received_at < ?');
      params.push(nextDay(search.until));
    }
    if (search.unreadOnly) where.push(`NOT EXISTS (SELECT 1 FROM json_each(m.flags_json) WHERE value = '\\Seen')`);
    const ids = this.db
      .prepare(`SELECT i.id FROM items i JOIN mail_messages m ON m.item_id = i.id WHERE ${where.join(' AND ')} ORDER BY m.received_at DESC LIMIT ?`)
      .all(...params, search.limit) as { id: string }[];
    return this.mail.getMany(ids.map((row) => row.id));
  }

  /** Inbox mail that arrived since `since` (ISO), newest first. */
  receivedSince(accountIds: readonly string[], since: string, limit: number): MailItem[] {
    const ids = this.db
      .prepare(
        `SELECT i.id FROM items i JOIN mail_messages m ON m.item_id = i.id
         WHERE ${inAccounts(accountIds)} AND i.present = 1 AND m.received_at >= ? AND EXISTS (SELECT 1 FROM json_each(m.roles_json) WHERE value = 'inbox')
         ORDER BY m.received_at DESC LIMIT ?`,
      )
      .all(...accountIds, since, limit) as { id: string }[];
    return this.mail.getMany(ids.map((row) => row.id));
  }

  /**
   * The conversation a message belongs to, oldest first: linked by Message-ID, In-Reply-To and
   * References, or by the same subject (without Re:/Fwd:) with one of the same people.
   */
  thread(anchor: MailItem, max: number): MailItem[] {
    const ids = new Set([anchor.messageId, anchor.inReplyTo, ...anchor.references].filter((id): id is string => !!id));
    const subject = baseSubject(anchor.subject).toLowerCase();
    const people = new Set([anchor.from.address, ...anchor.to.map((a) => a.address), ...anchor.cc.map((a) => a.address)].map((a) => a.toLowerCase()));
    const candidates = this.db
      .prepare(
        `SELECT i.id FROM items i JOIN mail_messages m ON m.item_id = i.id
         WHERE i.account_id = ? AND i.present = 1 AND (instr(lower(m.subject), ?) > 0 OR m.message_id IN (SELECT value FROM json_each(?))
           OR m.in_reply_to IN (SELECT value FROM json_each(?)))
         ORDER BY m.received_at DESC LIMIT 200`,
      )
      .all(anchor.accountId, subject, JSON.stringify([...ids]), JSON.stringify([...ids])) as { id: string }[];
    const related = this.mail.getMany(candidates.map((row) => row.id)).filter((item) => {
      if (item.id === anchor.id) return true;
      const linked = (item.messageId && ids.has(item.messageId)) || (item.inReplyTo && ids.has(item.inReplyTo)) || item.references.some((id) => ids.has(id));
      if (linked) return true;
      const samePeople = [item.from, ...item.to, ...item.cc].some((a) => people.has(a.address.toLowerCase()));
      return subject !== '' && baseSubject(item.subject).toLowerCase() === subject && samePeople;
    });
    // The same message can be in two folders (Gmail labels, a copy in Archive): once each.
    const unique = [...new Map(related.map((item) => [item.messageKey, item])).values()];
    return unique.sort((a, b) => (a.sentAt ?? a.receivedAt).localeCompare(b.sentAt ?? b.receivedAt)).slice(-max);
  }

  /**
   * Whether the user has written to this address (a message from one of their addresses with it
   * among the recipients). Mail *from* it does not count: anyone can write to the user.
   */
  userHasWrittenTo(userAddresses: readonly string[], address: string): boolean {
    const row = this.db
      .prepare(
        `SELECT 1 FROM mail_messages m WHERE lower(m.from_address) IN (SELECT lower(value) FROM json_each(@mine))
           AND (EXISTS (SELECT 1 FROM json_each(m.to_json) WHERE lower(json_extract(value, '$.address')) = @address)
             OR EXISTS (SELECT 1 FROM json_each(m.cc_json) WHERE lower(json_extract(value, '$.address')) = @address))
         LIMIT 1`,
      )
      .get({ mine: JSON.stringify(userAddresses), address: address.toLowerCase() });
    return row !== undefined;
  }

  /** The user's own recent mail (the Sent folder), preferably to this person: how they write. */
  sentByUser(accountId: string, to: string | null, max: number): MailItem[] {
    const rows = this.db
      .prepare(
        `SELECT i.id, EXISTS (SELECT 1 FROM json_each(m.to_json) WHERE lower(json_extract(value, '$.address')) = ?) AS to_them
         FROM items i JOIN mail_messages m ON m.item_id = i.id
         WHERE i.account_id = ? AND EXISTS (SELECT 1 FROM json_each(m.roles_json) WHERE value = 'sent') AND length(m.body_text) > 40
         ORDER BY to_them DESC, m.received_at DESC LIMIT ?`,
      )
      .all((to ?? '').toLowerCase(), accountId, max) as { id: string }[];
    return this.mail.getMany(rows.map((row) => row.id));
  }
}

function nextDay(day: string): string {
  const date = new Date(`${day}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + 1);
  return date.toISOString().slice(0, 10);
}
