/**
 * A calendar invitation (or its cancellation) arrived by mail. When its event (by UID) is in a
 * calendar Steward reads, the calendar detectors speak about it (an RSVP plan that answers it
 * there) and the mail adds no second suggestion. Otherwise it is offered as a draft reply to
 * the organiser (a cancellation as "mark it read"), with a flag that says the event is in no
 * calendar Steward reads. Its key is the event's UID, so that when the event syncs after the
 * mail, the RSVP suggestion takes this one's place (rsvp.ts) instead of standing next to it.
 */
import type { StoredAccount } from '../accounts/account-store.js';
import { displayName, mailSource, type DraftArgs, type MailItem } from '../items/mail/index.js';
import type { Proposal } from '../suggestions/suggestion-draft.js';
import { calendarMethodOf, calendarUidOf, type CalendarMethod } from './mail-parts.js';
import { baseSubject, bulkSignals, clip, firstName } from './mail-signals.js';
import { uncovered, type Detector } from './types.js';

export const INVITATION_FLAGS: Readonly<Record<CalendarMethod, string>> = {
  REQUEST: 'This invitation is in no calendar Steward reads (connect yours in Settings → Accounts): approving only saves a draft reply to the organiser.',
  CANCEL: 'This event is in no calendar Steward reads: approving only marks the notice read.',
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

/** The dedupe key of the mail suggestion about an invitation to the event with this UID. */
export function invitationKeyOf(uid: string): string {
  return `invitation:uid:${uid}`;
}

export function invitationProposal(account: StoredAccount, item: MailItem, method: CalendarMethod): Proposal {
  const organiser = displayName(item.from);
  const topic = clip(eventTitle(item.subject), 60);
  const uid = calendarUidOf(item);
  const common = {
    kind: 'invitation' as const,
    accountId: account.id,
    dedupeKey: uid ? invitationKeyOf(uid) : `invitation:${account.id}:${item.messageKey}`,
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
  // The invitation is told by its calendar part's method and UID, kept with the message's parts.
  readsText: () => false,
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
      // The event is in a calendar Steward reads: the calendar's own suggestion (answer it, or
      // its cancellation shown there) is the one about it, not a second one from the mail.
      const uid = calendarUidOf(item);
      if (uid && context.itemsWithKey('event', uid).length > 0) return [];
      return [invitationProposal(context.account, item, method)];
    });
  },
};
