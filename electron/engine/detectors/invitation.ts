/**
 * A calendar invitation (or its cancellation) arrived by mail → shown now, acted on in the
 * calendar later.
 *
 * Why a plan with a step, and a flag on the card, rather than a suggestion without steps: a
 * plan-less suggestion is not clean in this product yet (Approve would "succeed" doing nothing,
 * and nothing else on the card can take the user's yes). So an invitation is offered as a reply
 * to the organiser, saved as a draft, with a flag that says plainly that Steward cannot accept
 * or decline in the calendar yet; a cancellation, which needs no answer, is offered as "mark it
 * read", with the same kind of flag. The calendar work replaces both plans with
 * calendar.respond / calendar.cancel steps.
 */
import type { StoredAccount } from '../accounts/account-store.js';
import { displayName, mailSource, type DraftArgs, type MailItem } from '../items/mail/index.js';
import type { Proposal } from '../suggestions/suggestion-draft.js';
import { calendarMethodOf, type CalendarMethod } from './mail-parts.js';
import { baseSubject, bulkSignals, clip, firstName } from './mail-signals.js';
import { uncovered, type Detector } from './types.js';

export const INVITATION_FLAGS: Readonly<Record<CalendarMethod, string>> = {
  REQUEST: 'Steward cannot accept or decline in your calendar yet: approving only saves a draft reply to the organiser.',
  CANCEL: 'Steward cannot take it out of your calendar yet: approving only marks the notice read.',
};

export function isInvitation(item: MailItem): boolean {
  return calendarMethodOf(item) !== null;
}

/** "Invitation: Weekly sync @ Tue 1 Dec 10:00 (alice@x)" → "Weekly sync". */
export function eventTitle(subject: string): string {
  const bare = baseSubject(subject)
    .replace(/^(updated\s+)?(invitation|invite|canceled event|cancelled event|cancelled|canceled|event canceled|event cancelled)\s*(with note)?\s*:\s*/i, '')
    .replace(/\s+@\s+.*$/, '')
    .trim();
  return bare || 'an event';
}

export function invitationProposal(account: StoredAccount, item: MailItem, method: CalendarMethod): Proposal {
  const organiser = displayName(item.from);
  const topic = clip(eventTitle(item.subject), 60);
  const common = {
    kind: 'invitation' as const,
    accountId: account.id,
    dedupeKey: `invitation:${account.id}:${item.messageKey}`,
    flags: [INVITATION_FLAGS[method]],
    sources: [mailSource(item)],
    items: [{ id: item.id, key: item.messageKey }],
  };
  if (method === 'CANCEL') {
    return {
      ...common,
      title: `${organiser} cancelled ${topic}`,
      why: `A calendar cancellation from ${organiser}: the event is off.`,
      urgency: 'normal',
      intents: [{ type: 'mail.markRead', messages: [item], read: true }],
    };
  }
  const reply: DraftArgs = {
    to: [item.from],
    subject: `Re: ${baseSubject(item.subject)}`.trim(),
    body: [`Hi ${firstName(organiser)},`, '', '', 'Best,', firstName(account.displayName || account.email)].join('\n'),
    inReplyTo: item.messageId,
    references: [...item.references, ...(item.messageId ? [item.messageId] : [])],
  };
  return {
    ...common,
    title: `Answer ${organiser}'s invitation: ${topic}`,
    why: `${organiser} invited you (a calendar invitation in the mail).`,
    urgency: 'normal',
    intents: [{ type: 'mail.draft', draft: reply, replyTo: item }],
  };
}

export const invitationDetector: Detector<MailItem> = {
  id: 'invitation',
  itemKind: 'mail',
  detect(fresh, context) {
    const me = context.account.email.toLowerCase();
    const candidates = fresh.filter(
      (item) => item.present && item.roles.includes('inbox') && item.from.address !== me && bulkSignals(item).every((s) => s.startsWith('it comes from')),
    );
    const fresher = uncovered(candidates, context.covered('invitation', candidates.map((item) => item.messageKey)));
    return fresher.flatMap((item) => {
      const method = calendarMethodOf(item);
      // A cancellation the user already read needs nothing more.
      if (!method || (method === 'CANCEL' && item.flags.includes('\\Seen'))) return [];
      return [invitationProposal(context.account, item, method)];
    });
  },
};
