/**
 * The database's answers to the questions facts.ts asks: the user's own addresses, whether they
 * wrote to an address (the agent's own query, so the card and the gate agree with the
 * proposal's flags), the conversation a reply answers, and where an address appeared.
 */
import type { Db } from '../db/database.js';
import type { MailQueries } from '../agent/mail/mail-queries.js';
import type { AddressSighting, FactLookups, ThreadFacts } from './facts.js';
import { domainOf } from './facts.js';

interface AddressRow {
  from_name: string;
  from_address: string;
  to_json: string;
  cc_json: string;
  subject: string;
  item_id: string;
}

export function databaseFactLookups(db: Db, mail: Pick<MailQueries, 'userHasWrittenTo'>): FactLookups {
  return {
    ownAddresses(accountId) {
      const row = db.prepare('SELECT email FROM accounts WHERE id = ?').get(accountId) as { email: string } | undefined;
      return row ? [row.email] : [];
    },
    userHasWrittenTo: (own, address) => own.length > 0 && mail.userHasWrittenTo(own, address),
    thread(accountId, messageId): ThreadFacts | null {
      const row = db
        .prepare(
          `SELECT m.from_name, m.from_address, m.to_json, m.cc_json, m.subject, m.item_id FROM mail_messages m JOIN items i ON i.id = m.item_id
           WHERE i.account_id = ? AND m.message_id = ? LIMIT 1`,
        )
        .get(accountId, messageId) as AddressRow | undefined;
      if (!row) return null;
      const people = [row.from_address, ...addresses(row.to_json), ...addresses(row.cc_json)].map((a) => a.toLowerCase());
      return { participants: [...new Set(people)], domain: domainOf(row.from_address) };
    },
    sighting(address, itemIds): AddressSighting | null {
      if (itemIds.length === 0) return null;
      const rows = db
        .prepare(
          `SELECT m.from_name, m.from_address, m.to_json, m.cc_json, m.subject, m.item_id FROM mail_messages m
           WHERE m.item_id IN (SELECT value FROM json_each(?))
             AND instr(lower(m.from_address || ' ' || m.to_json || ' ' || m.cc_json || ' ' || m.subject || ' ' || m.body_text), ?) > 0`,
        )
        .all(JSON.stringify(itemIds), address.toLowerCase()) as AddressRow[];
      // The first in the model's reading order.
      const byId = new Map(rows.map((r) => [r.item_id, r]));
      const first = itemIds.map((id) => byId.get(id)).find((r) => r !== undefined);
      if (!first) return null;
      return { itemId: first.item_id, from: first.from_name ? `${first.from_name} <${first.from_address}>` : first.from_address, subject: first.subject };
    },
  };
}

function addresses(json: string): string[] {
  try {
    const list = JSON.parse(json) as unknown;
    if (!Array.isArray(list)) return [];
    return list.map((a: unknown) => (a && typeof a === 'object' ? (a as { address?: unknown }).address : null)).filter((a): a is string => typeof a === 'string' && a !== '');
  } catch {
    return [];
  }
}
