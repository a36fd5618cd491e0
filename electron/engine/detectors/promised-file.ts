/**
 * The user promised someone a file ("I'll send the deck Friday") and the day passed with
 * nothing sent → "You promised Bob the deck by Friday: nothing was sent", with a draft reply in
 * that thread (the file to attach named on the card and in the draft).
 *
 * Issue 9 lists this as "raised by the agent's review job", but the review job only sees new
 * observations, has no later trigger and cannot read files; so this is a model-free detector
 * over mail, like the follow-up: a promise in Sent asks the scheduler to look again the day
 * after the promised day. Then it is proposed unless a later message of the user's in that
 * thread carried an attachment (whatever the order of sync), or the promised file in a granted
 * folder (looked up by the promise's words) changed since the promise: the user is working on
 * it, and a card would nag rather than help.
 */
import type { StoredAccount } from '../accounts/account-store.js';
import { displayName, mailSource, type DraftArgs, type MailItem } from '../items/mail/index.js';
import type { Proposal } from '../suggestions/suggestion-draft.js';
import { sentTo } from './awaiting-reply.js';
import { calendarDayIn } from './deadline-dates.js';
import type { NamedFile } from './lookups.js';
import { baseSubject, clip, firstName, ownTextOf } from './mail-signals.js';
import { findFilePromise, lookupWords, type FilePromise } from './promised-file-match.js';
import type { Detector, DetectorContext, Revisit } from './types.js';

const DAY_MS = 86_400_000;
/** A promise whose day is longer ago than this, found in history on a first sync, is left alone. */
export const PROMISE_GRACE_DAYS = 7;

export interface SentPromise extends FilePromise {
  readonly recipients: readonly MailItem['to'][number][];
}

/** A message the user sent that promises a file by a day; null for anything else. */
export function sentPromise(item: MailItem, account: StoredAccount, timeZone: string): SentPromise | null {
  const recipients = sentTo(item, account);
  if (!recipients) return null;
  const promise = findFilePromise(ownTextOf(item), calendarDayIn(new Date(sentAtOf(item)), timeZone));
  return promise ? { ...promise, recipients } : null;
}

/** The start of the day after the promised one, in the user's time zone: the promise had all its day. */
export function lookAgainAt(due: string, timeZone: string): Date {
  const [year, month, day] = due.split('-').map(Number) as [number, number, number];
  const guess = Date.UTC(year, month - 1, day + 1);
  // The zone's wall clock at that UTC instant tells how far off midnight there it is.
  const wall = new Intl.DateTimeFormat('en-CA', { timeZone: timeZone || undefined, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' }).formatToParts(new Date(guess));
  const get = (type: string) => Number(wall.find((p) => p.type === type)?.value);
  const wallMs = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'));
  return new Date(guess - (wallMs - guess));
}

/** Whether the user sent something with an attachment in this thread after the promise. */
export function attachmentSentSince(item: MailItem, account: StoredAccount, context: Pick<DetectorContext, 'lookups'>): boolean {
  const me = account.email.toLowerCase();
  const since = Date.parse(sentAtOf(item));
  return context.lookups
    .threadMessages(account.id, item.threadKey)
    .some((message) => message.itemId !== item.id && message.fromAddress.toLowerCase() === me && message.attachmentCount > 0 && Date.parse(message.at) > since);
}

export function promisedFileProposal(account: StoredAccount, item: MailItem, promise: SentPromise, file: NamedFile | null): Proposal {
  const whom = firstName(displayName(promise.recipients[0] ?? item.to[0] ?? item.from));
  const thing = promise.thing.replace(/^(?:my|our|a|an|this|that)\s+/i, 'the ');
  const when = dayName(promise.due);
  const draft: DraftArgs = {
    to: [...promise.recipients],
    subject: `Re: ${baseSubject(item.subject)}`.trim(),
    body: [
      `Hi ${whom},`,
      '',
      `Here is ${thing} I promised${file ? ` (${file.name})` : ''}. Sorry it took a little longer.`,
      '',
      'Best,',
      firstName(account.displayName || account.email),
    ].join('\n'),
    inReplyTo: item.messageId,
    references: [...item.references, ...(item.messageId ? [item.messageId] : [])],
  };
  return {
    kind: 'promised-file',
    accountId: account.id,
    dedupeKey: `promised-file:${account.id}:${item.messageKey}`,
    title: `You promised ${whom} ${clip(thing, 60)} by ${when}: nothing was sent`,
    why: file
      ? `You wrote “${promise.sentence}”; ${file.shownPath} has not changed since and nothing with an attachment went to ${whom} in that thread. Attach it to the draft before sending.`
      : `You wrote “${promise.sentence}” and nothing with an attachment went to ${whom} in that thread since.`,
    urgency: 'normal',
    flags: [],
    sources: [mailSource(item)],
    items: [{ id: item.id, key: item.messageKey }],
    intents: [{ type: 'mail.draft', draft, replyTo: null }],
  };
}

export const promisedFileDetector: Detector<MailItem> = {
  id: 'promised-file',
  itemKind: 'mail',
  // Any message the user sent may promise something, for whatever day.
  readsText: (item, context) => sentTo(item, context.account) !== null,
  // Only the promised day passing tells that nothing was sent.
  detect: () => [],
  watch(fresh, context) {
    const timeZone = context.config('user.timeZone');
    const revisit: Revisit[] = [];
    for (const item of fresh) {
      const promise = sentPromise(item, context.account, timeZone);
      if (!promise) continue;
      const at = lookAgainAt(promise.due, timeZone);
      if (context.now.getTime() - at.getTime() > PROMISE_GRACE_DAYS * DAY_MS) continue;
      revisit.push({ itemId: item.id, key: item.messageKey, at: at.toISOString() });
    }
    // Whether the promise was kept is asked of the whole thread when the day comes
    // (attachmentSentSince), so the order in which a sync brings messages in does not matter.
    return { revisit, settle: [] };
  },
  revisit(due, context) {
    const covered = context.covered('promised-file', due.map((item) => item.messageKey));
    const timeZone = context.config('user.timeZone');
    return due.flatMap((item) => {
      if (covered.has(item.messageKey)) return [];
      const promise = sentPromise(item, context.account, timeZone);
      if (!promise || attachmentSentSince(item, context.account, context)) return [];
      const words = lookupWords(promise);
      const file = words ? (context.lookups.filesNamed(words)[0] ?? null) : null;
      // Worked on since the promise: on its way, not forgotten.
      if (file && Date.parse(file.modifiedAt) > Date.parse(sentAtOf(item))) return [];
      return [promisedFileProposal(context.account, item, promise, file)];
    });
  },
};

function sentAtOf(item: MailItem): string {
  return item.sentAt ?? item.receivedAt;
}

/** "Friday 27 Nov". */
function dayName(due: string): string {
  const [year, month, day] = due.split('-').map(Number) as [number, number, number];
  return new Intl.DateTimeFormat('en-GB', { weekday: 'long', day: 'numeric', month: 'short', timeZone: 'UTC' }).format(new Date(Date.UTC(year, month - 1, day)));
}
