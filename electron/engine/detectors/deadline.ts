/**
 * Someone wrote to the user about a day something is due → "Flag it: due Friday 5 December".
 *
 * Why a flag and not a draft to self: there is no calendar yet to put a reminder in. A flag is
 * the reminder every mail program already shows (the Flagged view, the star on a phone), it is
 * on the message itself, syncs everywhere, and undo takes it off again; a draft to oneself
 * reminds nobody and clutters Drafts. The calendar work can add a reminder event to this plan.
 *
 * A message that also asks the user something is left to the reply detector (its suggestion
 * says what was asked, the deadline included): one card per message.
 */
import type { StoredAccount } from '../accounts/account-store.js';
import { displayName, mailSource, type MailItem } from '../items/mail/index.js';
import type { Proposal } from '../suggestions/suggestion-draft.js';
import { calendarDayIn, daysBetween, findDeadline, type CalendarDay, type Deadline } from './deadline-dates.js';
import { isInvitation } from './invitation.js';
import { baseSubject, bulkSignals, clip, firstName, isAutomated, ownTextOf } from './mail-signals.js';
import { needsReply } from './needs-reply.js';
import { uncovered, type Detector } from './types.js';

/** Mail older than this found on first sync is history. */
const DEADLINE_WINDOW_DAYS = 14;

export interface DeadlineFound extends Deadline {
  /** Whole days from today (0: today). */
  readonly inDays: number;
}

/** Whether a message may tell the user of a deadline, judged without its text: a recent one a person sent them. */
export function mightHaveDeadline(item: MailItem, account: StoredAccount, now: Date): boolean {
  const me = account.email.toLowerCase();
  if (!item.present || !item.roles.includes('inbox')) return false;
  if (item.flags.includes('\\Flagged') || item.flags.includes('\\Draft')) return false;
  if (!item.from.address || item.from.address === me) return false;
  if (bulkSignals(item).length > 0 || isAutomated(item) || isInvitation(item)) return false;
  if (!item.to.some((to) => to.address === me)) return false;
  return now.getTime() - new Date(item.receivedAt).getTime() <= DEADLINE_WINDOW_DAYS * 86_400_000;
}

export function deadlineIn(item: MailItem, account: StoredAccount, now: Date, timeZone: string): DeadlineFound | null {
  if (!mightHaveDeadline(item, account, now)) return null;
  // One card per message: a question goes to the reply suggestion.
  if (needsReply(item, account, now)) return null;
  const sent: CalendarDay = calendarDayIn(new Date(item.sentAt ?? item.receivedAt), timeZone);
  const found = findDeadline(`${item.subject}.\n${ownTextOf(item)}`, sent);
  if (!found) return null;
  const today = calendarDayIn(now, timeZone);
  const [year, month, day] = found.due.split('-').map(Number) as [number, number, number];
  const inDays = daysBetween(today, { year, month, day });
  // Already past: nothing left to be reminded of.
  if (inDays < 0) return null;
  return { ...found, inDays };
}

export function deadlineProposal(account: StoredAccount, item: MailItem, found: DeadlineFound): Proposal {
  const sender = displayName(item.from);
  const topic = clip(baseSubject(item.subject) || 'their message', 60);
  return {
    kind: 'deadline',
    accountId: account.id,
    dedupeKey: `deadline:${account.id}:${item.messageKey}`,
    title: `Flag ${topic}: due ${whenDue(found)}`,
    why: `${firstName(sender)} wrote: “${found.sentence}”`,
    urgency: found.inDays <= 1 ? 'high' : 'normal',
    flags: [],
    sources: [mailSource(item)],
    items: [{ id: item.id, key: item.messageKey }],
    intents: [{ type: 'mail.mark', messages: [item], add: [{ kind: 'flagged' }], remove: [] }],
  };
}

/** "today", "tomorrow", "Fri 5 Dec". */
export function whenDue(found: Pick<DeadlineFound, 'due' | 'inDays'>): string {
  if (found.inDays === 0) return 'today';
  if (found.inDays === 1) return 'tomorrow';
  const [year, month, day] = found.due.split('-').map(Number) as [number, number, number];
  return new Intl.DateTimeFormat('en-GB', { weekday: 'short', day: 'numeric', month: 'short', timeZone: 'UTC' }).format(new Date(Date.UTC(year, month - 1, day)));
}

export const deadlineDetector: Detector<MailItem> = {
  id: 'deadline',
  itemKind: 'mail',
  readsText: (item, context) => mightHaveDeadline(item, context.account, context.now),
  detect(fresh, context) {
    const fresher = uncovered(fresh, context.covered('deadline', fresh.map((item) => item.messageKey)));
    const timeZone = context.config('user.timeZone');
    return fresher.flatMap((item) => {
      const found = deadlineIn(item, context.account, context.now, timeZone);
      return found ? [deadlineProposal(context.account, item, found)] : [];
    });
  },
};
