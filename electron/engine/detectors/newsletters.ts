/**
 * Newsletter / bulk mail → "Archive N newsletters". All the bulk mail waiting in one account's
 * inbox is one suggestion, which grows as more arrives until the user decides.
 */
import { plural } from '@shared/text/plural.js';
import type { StoredAccount } from '../accounts/account-store.js';
import { mailSource, type MailItem } from '../items/mail/index.js';
import type { Proposal } from '../suggestions/suggestion-draft.js';
import { bulkSignals } from './mail-signals.js';
import { uncovered, type Detector } from './types.js';

/** From this many messages on, the card says plainly that it is a bulk move. */
export const BULK_FLAG_THRESHOLD = 10;

export function isNewsletter(item: MailItem): boolean {
  return item.present && item.roles.includes('inbox') && !item.flags.includes('\\Flagged') && bulkSignals(item).length > 0;
}

export function newslettersProposal(account: StoredAccount, items: readonly MailItem[]): Proposal {
  const newestFirst = [...items].sort((a, b) => b.receivedAt.localeCompare(a.receivedAt));
  const senders = [...new Set(newestFirst.map((item) => item.from.name || item.from.address))];
  const named = senders.length <= 2 ? senders.join(' and ') : `${senders.slice(0, 2).join(', ')} and ${plural(senders.length - 2, 'other')}`;
  const reasons = [...new Set(newestFirst.flatMap((item) => bulkSignals(item)))];
  const flags =
    items.length >= BULK_FLAG_THRESHOLD
      ? [`Bulk: this moves ${plural(items.length, 'message')} at once. Undo brings them all back.`]
      : [];
  return {
    kind: 'newsletters',
    accountId: account.id,
    dedupeKey: dedupeKeyFor(account),
    title: `Archive ${plural(items.length, 'newsletter')}`,
    why: `Bulk mail from ${named}: ${reasons.slice(0, 2).join(' and ')}.`,
    urgency: 'low',
    flags,
    sources: newestFirst.map(mailSource),
    items: newestFirst.map((item) => ({ id: item.id, key: item.messageKey })),
    intents: [{ type: 'mail.archive', messages: newestFirst }],
  };
}

function dedupeKeyFor(account: StoredAccount): string {
  return `newsletters:${account.id}`;
}

export const newslettersDetector: Detector<MailItem> = {
  id: 'newsletters',
  itemKind: 'mail',
  // Headers and sender tell bulk mail; a card names its messages by sender and subject.
  readsText: () => false,
  detect(fresh, context) {
    const newsletters = fresh.filter(isNewsletter);
    const fresher = uncovered(newsletters, context.covered('newsletters', newsletters.map((item) => item.messageKey)));
    if (fresher.length === 0) return [];
    const already = context.openItems(dedupeKeyFor(context.account)) as readonly MailItem[];
    return [newslettersProposal(context.account, [...already, ...fresher])];
  },
  revise: (remaining, context) => newslettersProposal(context.account, remaining),
};
