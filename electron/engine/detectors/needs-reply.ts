/**
 * A person wrote to the user directly and asked something → "Reply to <name> about <subject>",
 * with a plan that saves a draft reply. The draft is a template for now; the model writes real
 * drafts in a later issue.
 */
import type { StoredAccount } from '../accounts/account-store.js';
import { displayName, formatAddress, mailSource, type DraftArgs, type MailItem } from '../items/mail/index.js';
import type { Proposal } from '../suggestions/suggestion-draft.js';
import { calendarMethodOf } from './mail-parts.js';
import { baseSubject, bulkSignals, clip, firstName, isAutomated, ownTextOf, questionOf, soundsUrgent } from './mail-signals.js';
import { isNewsletter } from './newsletters.js';
import { uncovered, type Detector } from './types.js';

/** Older unanswered mail found on first sync is history, not something to act on now. */
export const REPLY_WINDOW_DAYS = 14;

export interface ReplyNeed {
  readonly question: string;
}

/** Whether a message may ask the user something, judged without its text: a recent, unanswered one a person sent to them. */
export function mightNeedReply(item: MailItem, account: StoredAccount, now: Date): boolean {
  const me = account.email.toLowerCase();
  if (!item.present || !item.roles.includes('inbox')) return false;
  if (item.flags.includes('\\Answered') || item.flags.includes('\\Draft')) return false;
  if (!item.from.address || item.from.address === me) return false;
  if (bulkSignals(item).length > 0 || isAutomated(item)) return false;
  // An invitation is answered in the calendar (the invitation detector offers that).
  if (calendarMethodOf(item) !== null) return false;
  if (!item.to.some((to) => to.address === me)) return false;
  const received = new Date(item.receivedAt).getTime();
  return now.getTime() - received <= REPLY_WINDOW_DAYS * 86_400_000;
}

export function needsReply(item: MailItem, account: StoredAccount, now: Date): ReplyNeed | null {
  if (!mightNeedReply(item, account, now)) return null;
  const question = questionOf(item);
  return question ? { question } : null;
}

export function replyProposal(account: StoredAccount, item: MailItem, need: ReplyNeed): Proposal {
  const name = displayName(item.from);
  const topic = baseSubject(item.subject) || 'your message';
  const replySubject = `Re: ${baseSubject(item.subject)}`.trim();
  const args: DraftArgs = {
    to: [item.from],
    subject: replySubject,
    body: replyTemplate(account, item),
    inReplyTo: item.messageId,
    references: [...item.references, ...(item.messageId ? [item.messageId] : [])],
  };
  const flags = item.parseError ? [`This message could not be read completely (${item.parseError}).`] : [];
  return {
    kind: 'reply',
    accountId: account.id,
    dedupeKey: `reply:${account.id}:${item.messageKey}`,
    title: `Reply to ${name} about ${clip(topic, 60)}`,
    why: `${firstName(name)} asked: “${need.question}”`,
    urgency: soundsUrgent(`${item.subject}\n${ownTextOf(item)}`) ? 'high' : 'normal',
    flags,
    sources: [mailSource(item)],
    items: [{ id: item.id, key: item.messageKey }],
    intents: [{ type: 'mail.draft', draft: args, replyTo: item }],
  };
}

export const needsReplyDetector: Detector<MailItem> = {
  id: 'reply',
  itemKind: 'mail',
  readsText: (item, context) => mightNeedReply(item, context.account, context.now),
  detect(fresh, context) {
    const candidates = fresh.filter((item) => !isNewsletter(item));
    const fresher = uncovered(candidates, context.covered('reply', candidates.map((item) => item.messageKey)));
    return fresher.flatMap((item) => {
      const need = needsReply(item, context.account, context.now);
      return need ? [replyProposal(context.account, item, need)] : [];
    });
  },
};

function replyTemplate(account: StoredAccount, item: MailItem): string {
  const quoted = ownTextOf(item)
    .split('\n')
    .slice(0, 30)
    .map((line) => `> ${line}`.trimEnd())
    .join('\n');
  const when = new Date(item.sentAt ?? item.receivedAt).toUTCString().replace(' GMT', ' UTC');
  // Room to write between the greeting and the sign-off; nothing the user did not write is sent.
  return [
    `Hi ${firstName(displayName(item.from))},`,
    '',
    '',
    'Best,',
    firstName(account.displayName || account.email),
    '',
    `On ${when}, ${formatAddress(item.from)} wrote:`,
    quoted,
  ].join('\n');
}
