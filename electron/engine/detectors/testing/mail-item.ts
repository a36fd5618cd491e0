/** Mail items and an account for detector tests: a plain message, changed by what a test gives. */
import type { StoredAccount } from '../../accounts/account-store.js';
import type { MailItem } from '../../items/mail/mail-item.js';
import { NO_LOOKUPS } from '../lookups.js';
import type { DetectorContext } from '../types.js';
import { CONFIG_KEYS, type ConfigKeyName, type ConfigValues } from '@shared/config/index.js';

export const account: StoredAccount<'imap'> = {
  id: 'acc-1',
  kind: 'imap',
  email: 'alice@example.test',
  displayName: 'Alice Martin',
  settings: { host: '127.0.0.1', port: 143, tls: false, username: 'alice@example.test', archiveMailbox: null, smtp: null },
  createdAt: '2026-11-01T00:00:00Z',
};

export function mailItem(over: Partial<Omit<MailItem, 'attachments'>> & Record<string, unknown> = {}): MailItem {
  return {
    id: 'item-1',
    accountId: 'acc-1',
    stream: 'INBOX',
    externalId: '1:1',
    folders: ['INBOX'],
    roles: ['inbox'],
    messageKey: '<m1@example.test>',
    messageId: '<m1@example.test>',
    from: { name: 'Bob Chen', address: 'bob@partner.test' },
    to: [{ name: 'Alice', address: 'alice@example.test' }],
    cc: [],
    subject: 'Q3 contract',
    sentAt: '2026-11-25T09:14:00Z',
    receivedAt: '2026-11-25T09:14:05Z',
    flags: [],
    headers: { listUnsubscribe: null, listId: null, precedence: null, autoSubmitted: null },
    inReplyTo: null,
    references: [],
    bodyText: 'Hi Alice,\n\nThe signed contract is attached.\n\nThanks,\nBob',
    size: 400,
    parseError: null,
    attachments: [],
    threadKey: "thread",
    present: true,
    ...over,
  };
}

/** A detector context at `now`, with settings (defaults unless given) and nothing covered yet. */
export function contextAt(now: Date, settings: Partial<ConfigValues> = {}, covered: ReadonlySet<string> = new Set()): DetectorContext {
  return {
    account,
    now,
    covered: () => covered,
    openItems: () => [],
    openCard: () => null,
    itemsWithKey: () => [],
    lookups: NO_LOOKUPS,
    config: <K extends ConfigKeyName>(key: K) => (settings[key] ?? CONFIG_KEYS[key].default) as ConfigValues[K],
  };
}
