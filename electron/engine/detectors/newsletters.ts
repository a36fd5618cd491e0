/**
 * Newsletter / bulk mail → "Archive N newsletters". All the bulk mail waiting in one account's
 * inbox is one suggestion, which grows as more arrives until the user decides.
 *
 * A large card grows by addition: a first sync brings thousands of newsletters a batch at a time, and
 * restating the whole card after every batch (its plan, the gate's review of it, its sources)
 * cost a fifth of the sync's CPU and about 17 MB of its peak. A growth names only the new messages;
 * the card's memo (each sender and each reason with its newest message) says enough about the
 * rest to word the whole card. The scheduler restates a grown card once when the burst is over
 * (see Scheduler.restateGrown), so it ends with one step per mailbox again.
 */
import { plural } from '@shared/text/plural.js';
import type { StoredAccount } from '../accounts/account-store.js';
import { mailSource, type MailItem } from '../items/mail/index.js';
import type { Proposal } from '../suggestions/suggestion-draft.js';
import { bulkSignals } from './mail-signals.js';
import { uncovered, type Detector, type OpenCard } from './types.js';

/** From this many messages on, the card says plainly that it is a bulk move. */
export const BULK_FLAG_THRESHOLD = 10;

/**
 * From this many messages on, the card grows by addition; a smaller one is restated whole, which
 * costs little and keeps its plan one move per mailbox as it grows.
 */
export const GROWS_FROM = 500;

export function isNewsletter(item: MailItem): boolean {
  return item.present && item.roles.includes('inbox') && !item.flags.includes('\\Flagged') && bulkSignals(item).length > 0;
}

/** What the card keeps about its messages: each sender and each reason, with the time of its newest message. */
export interface NewsletterMemo {
  readonly senders: readonly (readonly [name: string, newest: string])[];
  /** With the reason's place among its newest message's reasons. */
  readonly reasons: readonly (readonly [reason: string, newest: string, rank: number])[];
}

/** The whole card, stated from all of its messages. */
export function newslettersProposal(account: StoredAccount, items: readonly MailItem[]): Proposal {
  return { ...describe(account, items.length, remember(null, items)), ...naming(items) };
}

/** The open card grown by these messages: only they are named; the words are the whole card's. */
export function newslettersGrowth(account: StoredAccount, card: OpenCard & { readonly memo: NewsletterMemo }, added: readonly MailItem[]): Proposal {
  return { ...describe(account, card.itemCount + added.length, remember(card.memo, added)), grows: true, ...naming(added) };
}

/** The sources, covered items and archive of these messages, newest first. */
function naming(messages: readonly MailItem[]): Pick<Proposal, 'sources' | 'items' | 'intents'> {
  const newestFirst = [...messages].sort((a, b) => b.receivedAt.localeCompare(a.receivedAt));
  return {
    sources: newestFirst.map(mailSource),
    items: newestFirst.map((item) => ({ id: item.id, key: item.messageKey })),
    intents: [{ type: 'mail.archive', messages: newestFirst }],
  };
}

/** Title, reasons and flags of a card of `count` messages. */
function describe(account: StoredAccount, count: number, memo: NewsletterMemo): Omit<Proposal, 'sources' | 'items' | 'intents'> {
  const senders = memo.senders.map(([name]) => name);
  const named = senders.length <= 2 ? senders.join(' and ') : `${senders.slice(0, 2).join(', ')} and ${plural(senders.length - 2, 'other')}`;
  const reasons = memo.reasons.map(([reason]) => reason);
  const flags = count >= BULK_FLAG_THRESHOLD ? [`Bulk: this moves ${plural(count, 'message')} at once. Undo brings them all back.`] : [];
  return {
    kind: 'newsletters',
    accountId: account.id,
    dedupeKey: dedupeKeyFor(account),
    title: `Archive ${plural(count, 'newsletter')}`,
    why: `Bulk mail from ${named}: ${reasons.slice(0, 2).join(' and ')}.`,
    urgency: 'low',
    flags,
    memo,
  };
}

/**
 * The memo with these messages added: each sender and reason keeps its newest time, newest first,
 * so the words do not depend on the order in which messages arrived. Reasons of one message keep
 * the order bulkSignals gives them (its position is kept as their rank); other ties go by name.
 */
function remember(memo: NewsletterMemo | null, items: readonly MailItem[]): NewsletterMemo {
  const senders = new Map<string, Seen>((memo?.senders ?? []).map(([name, at]) => [name, { at, rank: 0 }]));
  const reasons = new Map<string, Seen>((memo?.reasons ?? []).map(([reason, at, rank]) => [reason, { at, rank }]));
  for (const item of items) {
    note(senders, item.from.name || item.from.address, item.receivedAt, 0);
    bulkSignals(item).forEach((reason, rank) => note(reasons, reason, item.receivedAt, rank));
  }
  return {
    senders: newestFirst(senders).map(([name, seen]) => [name, seen.at] as const),
    reasons: newestFirst(reasons).map(([reason, seen]) => [reason, seen.at, seen.rank] as const),
  };
}

interface Seen {
  readonly at: string;
  readonly rank: number;
}

function note(into: Map<string, Seen>, key: string, at: string, rank: number): void {
  const known = into.get(key);
  if (known === undefined || known.at < at || (known.at === at && rank < known.rank)) into.set(key, { at, rank });
}

function newestFirst(seen: Map<string, Seen>): [string, Seen][] {
  return [...seen].sort(([a, x], [b, y]) => (x.at !== y.at ? (x.at < y.at ? 1 : -1) : x.rank !== y.rank ? x.rank - y.rank : a < b ? -1 : a > b ? 1 : 0));
}

function isMemo(memo: unknown): memo is NewsletterMemo {
  return typeof memo === 'object' && memo !== null && Array.isArray((memo as NewsletterMemo).senders) && Array.isArray((memo as NewsletterMemo).reasons);
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
    const card = context.openCard(dedupeKeyFor(context.account));
    if (card && card.itemCount >= GROWS_FROM && isMemo(card.memo)) return [newslettersGrowth(context.account, { ...card, memo: card.memo }, fresher)];
    // No card yet, a small one, or one from before cards kept a memo: stated whole.
    const already = card ? (context.openItems(dedupeKeyFor(context.account)) as readonly MailItem[]) : [];
    return [newslettersProposal(context.account, [...already, ...fresher])];
  },
  revise: (remaining, context) => newslettersProposal(context.account, remaining),
};
