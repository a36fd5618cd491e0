/**
 * The user asked someone a question and got no answer → after N days (the mail.followUpDays
 * setting), "Follow up with Bob about Q3 contract", with a draft that asks again in the same
 * thread.
 *
 * A time rule: when a sent question comes in (from the Sent folder), the detector asks the
 * scheduler to look at it again N days after it was sent; any later message that answers or
 * continues the thread (its In-Reply-To or References name the question) settles that, whether
 * it arrives before or after the question is synced. Only what is still unsettled when the day
 * comes is proposed.
 */
import type { StoredAccount } from '../accounts/account-store.js';
import { displayName, formatAddress, mailSource, normalizeMessageId, type DraftArgs, type MailItem } from '../items/mail/index.js';
import type { Proposal } from '../suggestions/suggestion-draft.js';
import { baseSubject, clip, firstName, isNoReplyAddress, ownTextOf, questionOf } from './mail-signals.js';
import type { Detector, Revisit } from './types.js';

/** A question older than N days plus this, found in history on a first sync, is left alone. */
export const FOLLOW_UP_GRACE_DAYS = 7;
const DAY_MS = 86_400_000;

export interface SentQuestion {
  readonly question: string;
  /** Who it went to, without the user. */
  readonly recipients: readonly MailItem['to'][number][];
}

/** Who a message the user sent went to (without the user and no-reply addresses); null when it is not one the user sent. */
export function sentTo(item: MailItem, account: StoredAccount): MailItem['to'][number][] | null {
  const me = account.email.toLowerCase();
  if (!item.present || item.roles.includes('drafts') || item.flags.includes('\\Draft')) return null;
  if (!item.roles.includes('sent') && item.from.address !== me) return null;
  const recipients = item.to.filter((a) => a.address && a.address !== me && !isNoReplyAddress(a.address));
  return recipients.length === 0 ? null : recipients;
}

/** A message the user sent that asks someone something; null for anything else. */
export function sentQuestion(item: MailItem, account: StoredAccount): SentQuestion | null {
  const recipients = sentTo(item, account);
  if (!recipients) return null;
  const question = questionOf(item);
  return question ? { question, recipients } : null;
}

/** The Message-IDs a message answers or continues. */
export function threadAncestors(item: Pick<MailItem, 'inReplyTo' | 'references'>): string[] {
  return [...new Set([item.inReplyTo, ...item.references].map((id) => normalizeMessageId(id)).filter((id): id is string => id !== null))];
}

/** When to look at a sent question again; null when it is too old to follow up on. */
export function followUpAt(item: MailItem, days: number, now: Date): string | null {
  const sent = new Date(item.sentAt ?? item.receivedAt).getTime();
  if (Number.isNaN(sent) || now.getTime() - sent > (days + FOLLOW_UP_GRACE_DAYS) * DAY_MS) return null;
  return new Date(sent + days * DAY_MS).toISOString();
}

export function followUpProposal(account: StoredAccount, item: MailItem, asked: SentQuestion, now: Date): Proposal {
  const names = asked.recipients.map((a) => displayName(a));
  const whom = names.length <= 2 ? names.join(' and ') : `${names[0]} and ${names.length - 1} others`;
  const topic = baseSubject(item.subject) || 'your question';
  const days = Math.max(1, Math.floor((now.getTime() - new Date(item.sentAt ?? item.receivedAt).getTime()) / DAY_MS));
  const draft: DraftArgs = {
    to: [...asked.recipients],
    subject: `Re: ${baseSubject(item.subject)}`.trim(),
    body: followUpTemplate(account, item, asked),
    inReplyTo: item.messageId,
    references: [...item.references, ...(item.messageId ? [item.messageId] : [])],
  };
  return {
    kind: 'follow-up',
    accountId: account.id,
    dedupeKey: `follow-up:${account.id}:${item.messageKey}`,
    title: `Follow up with ${whom} about ${clip(topic, 60)}`,
    why: `No answer in ${days} day${days === 1 ? '' : 's'} to your question: “${asked.question}”`,
    urgency: 'normal',
    flags: [],
    sources: [mailSource(item)],
    items: [{ id: item.id, key: item.messageKey }],
    intents: [{ type: 'mail.draft', draft, replyTo: null }],
  };
}

export const awaitingReplyDetector: Detector<MailItem> = {
  id: 'follow-up',
  itemKind: 'mail',
  // Only a question the user sent recently enough to follow up on is read.
  readsText: (item, context) => sentTo(item, context.account) !== null && followUpAt(item, context.config('mail.followUpDays'), context.now) !== null,
  // Nothing to propose when a message arrives: only time tells that no answer came.
  detect: () => [],
  watch(fresh, context) {
    const days = context.config('mail.followUpDays');
    const revisit: Revisit[] = [];
    for (const item of fresh) {
      if (!sentQuestion(item, context.account)) continue;
      const at = followUpAt(item, days, context.now);
      if (at) revisit.push({ itemId: item.id, key: item.messageKey, at });
    }
    return { revisit, settle: [...new Set(fresh.flatMap(threadAncestors))] };
  },
  revisit(due, context) {
    const covered = context.covered('follow-up', due.map((item) => item.messageKey));
    return due.flatMap((item) => {
      if (covered.has(item.messageKey)) return [];
      const asked = sentQuestion(item, context.account);
      return asked ? [followUpProposal(context.account, item, asked, context.now)] : [];
    });
  },
};

function followUpTemplate(account: StoredAccount, item: MailItem, asked: SentQuestion): string {
  const quoted = ownTextOf(item)
    .split('\n')
    .slice(0, 30)
    .map((line) => `> ${line}`.trimEnd())
    .join('\n');
  const when = new Date(item.sentAt ?? item.receivedAt).toUTCString().replace(' GMT', ' UTC');
  const me = { name: account.displayName, address: account.email };
  return [
    `Hi ${firstName(displayName(asked.recipients[0] ?? item.to[0] ?? item.from))},`,
    '',
    `Just following up on my question: “${asked.question}”`,
    '',
    'Best,',
    firstName(account.displayName || account.email),
    '',
    `On ${when}, ${formatAddress(me)} wrote:`,
    quoted,
  ].join('\n');
}
