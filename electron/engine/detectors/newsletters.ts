/**
 * Newsletter / bulk mail → "Archive N newsletters". All the bulk mail waiting in one account's
 * inbox is one suggestion, which grows as more arrives until the user decides.
 */
import { plural } from '@shared/text/plural.js';
import type { StoredAccount } from '../accounts/account-store.js';
import type { ArchiveArgs } from '../connectors/imap/index.js';
import type { MailItem } from '../items/mail-item.js';
import { mailSource, type SuggestionDraft } from '../suggestions/suggestion-draft.js';
import { bulkSignals } from './mail-signals.js';

/** From this many messages on, the card says plainly that it is a bulk move. */
export const BULK_FLAG_THRESHOLD = 10;

export function isNewsletter(item: MailItem): boolean {
  return item.present && item.mailbox === 'INBOX' && !item.flags.includes('\\Flagged') && bulkSignals(item).length > 0;
}

export function newslettersDraft(account: StoredAccount, items: readonly MailItem[]): SuggestionDraft {
  const newestFirst = [...items].sort((a, b) => b.receivedAt.localeCompare(a.receivedAt));
  const senders = [...new Set(newestFirst.map((item) => item.from.name || item.from.address))];
  const named = senders.length <= 2 ? senders.join(' and ') : `${senders.slice(0, 2).join(', ')} and ${plural(senders.length - 2, 'other')}`;
  const reasons = [...new Set(newestFirst.flatMap((item) => bulkSignals(item)))];
  const target = account.archiveMailbox ?? 'Archive';
  const args: ArchiveArgs = {
    mailbox: 'INBOX',
    messages: newestFirst.map((item) => ({ uid: item.uid, uidValidity: item.uidValidity, messageKey: item.messageKey })),
  };
  const flags =
    items.length >= BULK_FLAG_THRESHOLD
      ? [`Bulk: this moves ${plural(items.length, 'message')} at once. Undo brings them all back.`]
      : [];
  return {
    kind: 'newsletters',
    accountId: account.id,
    dedupeKey: `newsletters:${account.id}`,
    title: `Archive ${plural(items.length, 'newsletter')}`,
    why: `Bulk mail from ${named}: ${reasons.slice(0, 2).join(' and ')}.`,
    urgency: 'low',
    flags,
    sources: newestFirst.map(mailSource),
    items: newestFirst,
    steps: [
      {
        capability: 'email.archive',
        app: 'imap',
        accountId: account.id,
        title: `Move ${plural(items.length, 'message')} from INBOX to ${target}`,
        args,
        preview: {
          kind: 'move',
          fromMailbox: 'INBOX',
          toMailbox: target,
          messages: newestFirst.map((item) => ({
            from: item.from.name || item.from.address,
            subject: item.subject,
            date: item.sentAt ?? item.receivedAt,
          })),
        },
      },
    ],
  };
}
