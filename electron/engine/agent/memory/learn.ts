/**
 * What Steward learns from the user's acts, purely. Each approval, edit and dismissal is a
 * signal about a subject (a sender's domain, an address, replies in general); a preference
 * holds while its signals say so, and is withdrawn when later acts contradict it.
 *
 * A preference is text for the model's context. It never reaches the gate: it cannot make
 * anything run without asking, whatever it says.
 */

export type SignalKind =
  /** The user cut one of Steward's reply drafts by a quarter or more before approving it. */
  | 'reply.shortened'
  /** …or made it much longer. */
  | 'reply.lengthened'
  /** A reply draft to this address was approved (subject: the address). */
  | 'reply.approved'
  /** A reply draft to this address was dismissed. */
  | 'reply.dismissed'
  /** A suggestion to archive mail from this domain was approved (subject: the domain). */
  | 'archive.approved'
  /** …or dismissed. */
  | 'archive.dismissed';

export interface SignalCount {
  readonly signal: SignalKind;
  /** The address or domain it is about; '' for replies in general. */
  readonly subject: string;
  readonly count: number;
}

export interface LearnedPreference {
  /** Stable per subject, so a preference is updated rather than duplicated, and a deleted one stays deleted. */
  readonly rule: string;
  readonly text: string;
  readonly evidence: string;
}

/** Acts of the same kind it takes before Steward draws a conclusion. */
export const EVIDENCE_NEEDED = 2;

export function learnPreferences(counts: readonly SignalCount[]): LearnedPreference[] {
  const count = (signal: SignalKind, subject = '') => counts.find((c) => c.signal === signal && c.subject === subject)?.count ?? 0;
  const learned: LearnedPreference[] = [];

  const shortened = count('reply.shortened');
  const lengthened = count('reply.lengthened');
  if (shortened >= EVIDENCE_NEEDED && shortened > lengthened) {
    learned.push({ rule: 'replies.short', text: 'Prefers short replies: keep drafts brief and to the point.', evidence: `shortened ${shortened} of Steward’s reply drafts before approving them` });
  } else if (lengthened >= EVIDENCE_NEEDED && lengthened > shortened) {
    learned.push({ rule: 'replies.full', text: 'Prefers fuller replies: drafts may give more detail and context.', evidence: `lengthened ${lengthened} of Steward’s reply drafts before approving them` });
  }

  for (const { subject } of counts.filter((c) => c.signal === 'archive.dismissed')) {
    const dismissed = count('archive.dismissed', subject);
    if (dismissed >= EVIDENCE_NEEDED && count('archive.approved', subject) === 0) {
      learned.push({
        rule: `archive.never:${subject}`,
        text: `Never suggest archiving mail from ${subject}.`,
        evidence: `dismissed ${dismissed} suggestions to archive mail from ${subject}, approved none`,
      });
    }
  }

  for (const { subject } of counts.filter((c) => c.signal === 'reply.dismissed')) {
    const dismissed = count('reply.dismissed', subject);
    if (dismissed >= EVIDENCE_NEEDED && count('reply.approved', subject) === 0) {
      learned.push({
        rule: `reply.skip:${subject}`,
        text: `Does not usually answer ${subject} by mail: no need to draft replies to them.`,
        evidence: `dismissed ${dismissed} reply drafts to ${subject}, approved none`,
      });
    }
  }
  return learned;
}

/** How an edit of a reply draft's body counts: shorter by a quarter, longer by half, or neither. */
export function editSignal(charsBefore: number, charsAfter: number): SignalKind | null {
  if (charsBefore <= 0) return null;
  if (charsAfter <= charsBefore * 0.75) return 'reply.shortened';
  if (charsAfter >= charsBefore * 1.5) return 'reply.lengthened';
  return null;
}
