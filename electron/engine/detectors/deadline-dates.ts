/**
 * Finding a deadline in what someone wrote: a cue ("by", "due", "deadline", "no later than",
 * "before", "closes", "expires") followed by a day ("Friday", "tomorrow", "5 December",
 * "Dec 5th", "2026-12-05", "end of the week"). Pure: the day is worked out from the date the
 * message was sent, in the user's time zone. Numeric dates like 12/05 are left alone: whether
 * that is May or December cannot be told.
 */
import { zoneFormat } from '../zone-format.js';

export interface Deadline {
  /** The day it is due, as a calendar date in the user's time zone: "2026-12-05". */
  readonly due: string;
  /** The sentence that says so, as written (trimmed). */
  readonly sentence: string;
}

export interface CalendarDay {
  readonly year: number;
  /** 1-12 */
  readonly month: number;
  readonly day: number;
}

const WEEKDAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];
const MONTHS = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];

const CUE = String.raw`(?:\bby|\bdue(?:\s+(?:on|by|date(?:\s+is)?))?|\bdeadline(?:\s+is|\s*:)?|\bno later than|\bbefore|\bcloses(?:\s+on)?|\bexpires(?:\s+on)?|\bends(?:\s+on)?)`;
const WEEKDAY = String.raw`(?:(next|this)\s+)?(mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)(?:day|sday|nesday|rsday|urday)?`;
const MONTH = String.raw`(january|february|march|april|may|june|july|august|september|october|november|december|jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec)\.?(?![a-z])`;
const CUE_WORD = /\b(?:by|due|deadline|no later than|before|closes|expires|ends)\b/i;
const PATTERNS: readonly { readonly re: RegExp; readonly kind: 'relative' | 'weekday' | 'dayMonth' | 'monthDay' | 'iso' }[] = [
  { kind: 'iso', re: new RegExp(String.raw`${CUE}\s+(?:the\s+)?(\d{4})-(\d{2})-(\d{2})\b`, 'i') },
  { kind: 'relative', re: new RegExp(String.raw`${CUE}\s+(today|tonight|tomorrow|eod|end of (?:the )?day|end of (?:the |this )?week|eow)\b`, 'i') },
  { kind: 'dayMonth', re: new RegExp(String.raw`${CUE}\s+(?:${WEEKDAY},?\s+)?(?:the\s+)?(\d{1,2})(?:st|nd|rd|th)?(?:\s+of)?\s+${MONTH}(?:,?\s+(\d{4}))?\b`, 'i') },
  { kind: 'monthDay', re: new RegExp(String.raw`${CUE}\s+(?:${WEEKDAY},?\s+)?${MONTH}\s+(\d{1,2})(?:st|nd|rd|th)?\b(?:,?\s+(\d{4}))?`, 'i') },
  { kind: 'weekday', re: new RegExp(String.raw`${CUE}\s+${WEEKDAY}\b`, 'i') },
];

/** The first deadline in `text`, or null. `sent` is the day the message was written. */
export function findDeadline(text: string, sent: CalendarDay): Deadline | null {
  const sentences = text
    .replace(/\r\n/g, '\n')
    .split(/(?<=[.!?])\s+|\n+/)
    .map((s) => s.replace(/\s+/g, ' ').trim())
    .filter((s) => s.length > 0);
  for (const sentence of sentences) {
    // Every pattern starts with a cue: one cheap test spares the five full ones on most sentences.
    if (!CUE_WORD.test(sentence)) continue;
    for (const { re, kind } of PATTERNS) {
      const match = re.exec(sentence);
      if (!match) continue;
      const due = dayOf(kind, match, sent);
      if (due) return { due: isoDay(due), sentence: sentence.length > 200 ? `${sentence.slice(0, 199)}…` : sentence };
    }
  }
  return null;
}

function dayOf(kind: (typeof PATTERNS)[number]['kind'], m: RegExpExecArray, sent: CalendarDay): CalendarDay | null {
  switch (kind) {
    case 'iso':
      return valid({ year: Number(m[1]), month: Number(m[2]), day: Number(m[3]) });
    case 'relative': {
      const word = (m[1] ?? '').toLowerCase();
      if (word === 'tomorrow') return addDays(sent, 1);
      if (/week|eow/.test(word)) return nextWeekday(sent, 5, false);
      return sent;
    }
    case 'weekday': {
      const target = weekdayIndex(m[2] ?? '');
      if (target === null) return null;
      return nextWeekday(sent, target, (m[1] ?? '').toLowerCase() === 'next');
    }
    case 'dayMonth':
      return withYear(Number(m[3]), monthIndex(m[4] ?? ''), m[5], sent);
    case 'monthDay':
      return withYear(Number(m[4]), monthIndex(m[3] ?? ''), m[5], sent);
  }
}

/** A day without a year is the nearest one to the day it was written: "3 January" in December is next year's. */
function withYear(day: number, month: number | null, year: string | undefined, sent: CalendarDay): CalendarDay | null {
  if (month === null) return null;
  if (year) return valid({ year: Number(year), month, day });
  const thisYear = valid({ year: sent.year, month, day });
  if (!thisYear) return null;
  // "by 3 January" written on 20 December means next year; "2 November" written on 25 November
  // is this year's (and already past).
  return serial(thisYear) < serial(sent) - 183 ? valid({ year: sent.year + 1, month, day }) : thisYear;
}

/** The next given weekday on or after `from` (after, with "next"; Sunday = 0, …, Friday = 5). */
export function nextWeekday(from: CalendarDay, weekday: number, next: boolean): CalendarDay {
  const today = weekdayOf(from);
  let ahead = (weekday - today + 7) % 7;
  if (next && ahead === 0) ahead = 7;
  return addDays(from, ahead);
}

function weekdayIndex(word: string): number | null {
  const prefix = word.toLowerCase().slice(0, 3);
  const index = WEEKDAYS.findIndex((day) => day.startsWith(prefix));
  return index >= 0 ? index : null;
}

function monthIndex(word: string): number | null {
  const prefix = word.toLowerCase().slice(0, 3);
  const index = MONTHS.findIndex((month) => month.startsWith(prefix));
  return index >= 0 ? index + 1 : null;
}

function valid(day: CalendarDay): CalendarDay | null {
  const date = new Date(Date.UTC(day.year, day.month - 1, day.day));
  return date.getUTCFullYear() === day.year && date.getUTCMonth() === day.month - 1 && date.getUTCDate() === day.day ? day : null;
}

function serial(day: CalendarDay): number {
  return Date.UTC(day.year, day.month - 1, day.day) / 86_400_000;
}

export function addDays(day: CalendarDay, days: number): CalendarDay {
  const date = new Date(Date.UTC(day.year, day.month - 1, day.day + days));
  return { year: date.getUTCFullYear(), month: date.getUTCMonth() + 1, day: date.getUTCDate() };
}

function weekdayOf(day: CalendarDay): number {
  return new Date(Date.UTC(day.year, day.month - 1, day.day)).getUTCDay();
}

export function isoDay(day: CalendarDay): string {
  return `${day.year}-${String(day.month).padStart(2, '0')}-${String(day.day).padStart(2, '0')}`;
}

/** The parts of a calendar day (the formatter is built once per zone: see zone-format.ts). */
const DAY_PARTS = { year: 'numeric', month: '2-digit', day: '2-digit' } as const;

/** The calendar day an instant falls on in a time zone ('' for the system's). */
export function calendarDayIn(instant: Date, timeZone: string): CalendarDay {
  const parts = zoneFormat('en-CA', DAY_PARTS, timeZone).formatToParts(instant);
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  return { year: get('year'), month: get('month'), day: get('day') };
}

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: CalendarDay, to: CalendarDay): number {
  return serial(to) - serial(from);
}
