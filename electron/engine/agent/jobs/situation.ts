/**
 * What happened since a moment, for a digest or a brief: the mail that came in (with what
 * triage said of it), and the suggestions that wait for the user. As data for the model: mail
 * and Steward's cards both quote what others wrote.
 */
import type { Suggestion } from '@shared/domain/types.js';
import type { MailItem } from '../../items/mail/mail-item.js';
import { EXCERPT_CHARS, mailAsData } from '../mail/mail-data.js';
import type { UntrustedItem } from '../prompt/untrusted-data.js';
import type { AgentRuntime } from './job-handler.js';
import type { StoredVerdict } from './triage-store.js';

export interface Situation {
  readonly newMail: readonly MailItem[];
  readonly verdicts: ReadonlyMap<string, StoredVerdict>;
  /** Suggestions waiting for the user's decision, newest first. */
  readonly waiting: readonly Suggestion[];
}

const MAIL_LIMIT = 30;
const WAITING_LIMIT = 15;

export function situationSince(runtime: AgentRuntime, since: string, accountIds: readonly string[]): Situation {
  const newMail = runtime.mail.receivedSince(accountIds, since, MAIL_LIMIT);
  const verdicts = new Map<string, StoredVerdict>();
  for (const item of newMail) {
    const verdict = runtime.triage.get(item.id);
    if (verdict) verdicts.set(item.id, verdict);
  }
  // A note of the same kind is not news about itself.
  const waiting = runtime.suggestions
    .list('open')
    .filter((s) => s.status === 'pending' && s.actions.length > 0)
    .slice(0, WAITING_LIMIT);
  return { newMail, verdicts, waiting };
}

/**
 * Nothing new since `since`: no mail came and no suggestion was made. Suggestions that waited
 * before it were already in front of the user; they alone are no reason to call the model.
 */
export function isQuiet(situation: Situation, since: string): boolean {
  return situation.newMail.length === 0 && situation.waiting.every((s) => s.createdAt < since);
}

/** The situation as data blocks: each message (an excerpt, with its triage) and each waiting card. */
export function situationItems(situation: Situation): UntrustedItem[] {
  const mail = situation.newMail.map((item): UntrustedItem => {
    const data = mailAsData(item, EXCERPT_CHARS);
    const verdict = situation.verdicts.get(item.id);
    return verdict
      ? { ...data, fields: { ...data.fields, triage: `${verdict.category}, ${verdict.urgency} urgency${verdict.needsReply ? ', needs a reply' : ''}: ${verdict.summary}` } }
      : data;
  });
  const cards = situation.waiting.map(
    (s): UntrustedItem => ({
      id: s.id,
      kind: 'suggestion',
      fields: { card: s.title, why: s.why, urgency: s.urgency, proposed: s.createdAt, state: 'waiting for the user’s decision' },
      body: '',
    }),
  );
  return [...mail, ...cards];
}

/** "4 new messages · 2 waiting", for a note's title. */
export function situationWords(situation: Situation): string {
  const parts = [`${situation.newMail.length} new message${situation.newMail.length === 1 ? '' : 's'}`];
  if (situation.waiting.length > 0) parts.push(`${situation.waiting.length} waiting`);
  return parts.join(' · ');
}
