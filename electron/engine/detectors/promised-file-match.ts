/**
 * Finding a promise to send a file in what the user wrote: "I'll send the deck Friday", "will
 * share the slides tomorrow", "I'll get you the report by Monday". Pure. The day is read by the
 * deadline parser (deadline-dates.ts); a promise with no day is no promise we can check.
 *
 * Only things that are files count: "I'll send you a calendar invite" or "I'll send a note"
 * is not something that sits in a folder.
 */
import { findDeadline, type CalendarDay } from './deadline-dates.js';

export interface FilePromise {
  /** What was promised, as written: "the Q3 deck". */
  readonly thing: string;
  /** Words to look the file up by: "Q3 deck". */
  readonly nameWords: string;
  /** The promised day, "2026-11-27" (in the user's time zone). */
  readonly due: string;
  /** The sentence that promised it, trimmed. */
  readonly sentence: string;
}

/** Nouns that name a document someone can send; anything else ("invite", "link", "note") is not a file. */
const FILE_NOUNS = [
  'deck', 'slides', 'slide deck', 'presentation', 'report', 'document', 'doc', 'docs', 'draft', 'spreadsheet', 'sheet',
  'file', 'files', 'pdf', 'proposal', 'contract', 'budget', 'numbers', 'figures', 'invoice', 'memo', 'spec', 'specs',
  'minutes', 'mockups', 'mockup', 'designs', 'plan', 'estimate', 'quote', 'cv', 'resume', 'photos', 'brief',
];
const NOUN = `(?:${[...FILE_NOUNS].sort((a, b) => b.length - a.length).join('|')})`;
const WHO = String.raw`(?:i'?ll|i\s+will|i\s+am\s+going\s+to|i'?m\s+going\s+to|i\s+can|let\s+me|(?<!\p{L}\s+)will|we'?ll)`;
const VERB = String.raw`(?:send|share|get|forward|email|e-mail|mail|pass|drop)`;
// "you", "it over", "along", "across", "to you" between the verb and the thing.
const FILLER = String.raw`(?:(?:you|over|along|across|him|her|them|back)\s+)*`;
const PROMISE = new RegExp(
  String.raw`\b${WHO}\s+(?:\w+ly\s+)?${VERB}\s+${FILLER}((?:the|my|our|a|an|this|that)\s+((?:[\p{L}\p{N}-]+\s+){0,2}?${NOUN}))\b(.*)$`,
  'iu',
);

/** The first promise of a file, with the day it was promised for; null when there is none. */
export function findFilePromise(text: string, sent: CalendarDay): FilePromise | null {
  const sentences = text
    .replace(/\r\n/g, '\n')
    .split(/(?<=[.!?])\s+|\n+/)
    .map((s) => s.replace(/\s+/g, ' ').trim())
    .filter((s) => s.length > 0 && !s.startsWith('>'));
  for (const sentence of sentences) {
    const match = PROMISE.exec(sentence);
    if (!match) continue;
    const rest = (match[3] ?? '').replace(/^\s*(?:to\s+you|over|along)\b/i, '');
    // "the deck Friday" has no cue word: read it as "by Friday". "by Monday" reads as it is.
    const day = findDeadline(rest, sent) ?? findDeadline(`by ${rest.replace(/^\s*(?:on|until|for)\s+/i, '').trim()}`, sent);
    if (!day) continue;
    return { thing: (match[1] ?? '').trim(), nameWords: (match[2] ?? '').trim(), due: day.due, sentence: sentence.length > 200 ? `${sentence.slice(0, 199)}…` : sentence };
  }
  return null;
}

/** Nouns that say nothing about which file: "the file" cannot be looked up by name. */
const GENERIC_NOUNS = new Set(['file', 'files', 'document', 'doc', 'docs', 'pdf', 'draft']);

/** The words to look the promised file up by, or null when they would find any file at all. */
export function lookupWords(promise: Pick<FilePromise, 'nameWords'>): string | null {
  const words = promise.nameWords.toLowerCase().split(/\s+/).filter((word) => word.length > 0);
  return words.every((word) => GENERIC_NOUNS.has(word)) ? null : promise.nameWords;
}
