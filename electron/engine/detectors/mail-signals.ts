/**
 * Facts about a message that need no model: is it bulk mail, is it from a machine, does it ask
 * the reader something. Pure functions over what the message says.
 */
import type { MailItem } from '../items/mail/mail-item.js';

const NO_REPLY = /^(no[-_.]?reply|do[-_.]?not[-_.]?reply|donotreply|mailer[-_.]?daemon|postmaster|bounce[s]?|notifications?|newsletters?|news|updates|info|marketing|digest)([+\-_.].*)?@/i;

export function isNoReplyAddress(address: string): boolean {
  return NO_REPLY.test(address.trim());
}

/** Reasons, in words, that a message is bulk mail; empty when it looks personal. */
export function bulkSignals(item: Pick<MailItem, 'headers' | 'from'>): string[] {
  const reasons: string[] = [];
  if (item.headers.listUnsubscribe) reasons.push('it has an unsubscribe link');
  if (item.headers.precedence && ['bulk', 'list', 'junk'].includes(item.headers.precedence)) {
    reasons.push(`it is marked Precedence: ${item.headers.precedence}`);
  }
  if (item.headers.listId) reasons.push('it was sent to a mailing list');
  if (isNoReplyAddress(item.from.address)) reasons.push(`it comes from ${item.from.address}`);
  return reasons;
}

/** Mail a program sent on its own (vacation replies, bounces, receipts). */
export function isAutomated(item: Pick<MailItem, 'headers'>): boolean {
  const auto = item.headers.autoSubmitted;
  return auto !== null && auto !== 'no';
}

/** The part of a reply the sender wrote: quoted history, forwarded parts and the signature removed. */
export function ownText(body: string): string {
  const lines = body.replace(/\r\n/g, '\n').split('\n');
  const kept: string[] = [];
  for (const line of lines) {
    if (/^-- ?$/.test(line)) break;
    if (/^On .{4,200}wrote:\s*$/.test(line.trim())) break;
    if (/^-{2,}\s*(Original|Forwarded) Message\s*-{2,}/i.test(line.trim())) break;
    if (line.trimStart().startsWith('>')) continue;
    kept.push(line);
  }
  return kept.join('\n').trim();
}

/**
 * What a message's sender wrote and asked, worked out once per message object: the reply,
 * deadline, awaiting-reply and promised-file detectors each ask it of every message in a batch
 * (the same objects), and splitting a body into lines and sentences was most of their work.
 * Weak: an entry goes with the batch's messages.
 */
const ownTexts = new WeakMap<Pick<MailItem, 'bodyText'>, string>();
const questions = new WeakMap<Pick<MailItem, 'bodyText' | 'subject'>, string | null>();

/** ownText of a message's body, once per message object. */
export function ownTextOf(item: Pick<MailItem, 'bodyText'>): string {
  let text = ownTexts.get(item);
  if (text === undefined) {
    text = ownText(item.bodyText);
    ownTexts.set(item, text);
  }
  return text;
}

/** findQuestion of a message, once per message object. */
export function questionOf(item: Pick<MailItem, 'bodyText' | 'subject'>): string | null {
  let question = questions.get(item);
  if (question === undefined) {
    question = questionIn(ownTextOf(item), item.subject);
    questions.set(item, question);
  }
  return question;
}

const REQUEST =
  /\b(can|could|would|will) you\b|\blet me know\b|\bplease (confirm|advise|reply|respond|send|review|let me know|get back)\b|\bare you (free|available|around|able)\b|\bwhat do you think\b|\bany (thoughts|update|news)\b|\bdo you (have|know|want|mind)\b/i;

/**
 * The sentence in which the sender asks the reader something, or null. Looks at what they wrote
 * (not the quoted history) and the subject.
 */
export function findQuestion(body: string, subject: string): string | null {
  return questionIn(ownText(body), subject);
}

/** The question in what the sender wrote (ownText already taken). */
function questionIn(text: string, subject: string): string | null {
  const sentences = text
    .split(/(?<=[.!?])\s+|\n+/)
    .map((s) => s.replace(/\s+/g, ' ').trim())
    .filter((s) => s.length >= 6 && !/^https?:\/\//i.test(s));
  const asked = sentences.find((s) => s.endsWith('?')) ?? sentences.find((s) => REQUEST.test(s));
  if (asked) return clip(asked, 160);
  const cleanSubject = subject.trim();
  return cleanSubject.endsWith('?') ? clip(cleanSubject, 160) : null;
}

const URGENT = /\b(urgent|asap|as soon as possible|today|tonight|by (eod|end of (the )?day)|right away|immediately)\b/i;

export function soundsUrgent(text: string): boolean {
  return URGENT.test(text);
}

/** "Re: Fwd: Q3 contract" → "Q3 contract". */
export function baseSubject(subject: string): string {
  let s = subject.trim();
  for (;;) {
    const next = s.replace(/^(re|fwd?|aw|wg|sv|antw)\s*(\[\d+\])?\s*:\s*/i, '');
    if (next === s) return s;
    s = next;
  }
}

export function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1).trimEnd()}…`;
}

/** "Bob Chen" → "Bob"; an address stands for the name when there is none ("bob@x" → "bob"). */
export function firstName(name: string): string {
  const trimmed = name.trim();
  if (trimmed.includes('@')) return trimmed.split('@')[0] ?? trimmed;
  return trimmed.split(/\s+/)[0] ?? trimmed;
}
