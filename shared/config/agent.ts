/**
 * When the agent works on its own: the morning brief's schedule, the digest after an absence,
 * the review heartbeat, the brief before a meeting. Each can be turned off; none of them calls
 * the model when there is nothing new.
 */
import { z } from 'zod';
import type { ConfigKey } from './keys.js';

/** A routine's schedule: a time of day and the days it runs on ("08:00 weekdays"). */
export interface Schedule {
  /** Minutes after local midnight. */
  readonly minuteOfDay: number;
  /** 0 Sunday … 6 Saturday. */
  readonly days: readonly number[];
}

const DAY_NAMES = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;
const DAY_SETS: Readonly<Record<string, readonly number[]>> = {
  daily: [0, 1, 2, 3, 4, 5, 6],
  weekdays: [1, 2, 3, 4, 5],
  weekends: [0, 6],
};

export type ScheduleParse = { readonly ok: true; readonly schedule: Schedule } | { readonly ok: false; readonly error: string };

/**
 * "08:00 weekdays", "07:30 daily", "09:00 mon-fri", "18:00 mon,wed,fri", "10:00 sat-sun".
 * Without days, every day.
 */
export function parseSchedule(text: string): ScheduleParse {
  const match = /^([01]?\d|2[0-3]):([0-5]\d)(?:\s+(.+))?$/.exec(text.trim().toLowerCase());
  if (!match) return { ok: false, error: `write a time and the days, such as "08:00 weekdays", "07:30 daily" or "09:00 mon,wed,fri"` };
  const minuteOfDay = Number(match[1]) * 60 + Number(match[2]);
  const spec = (match[3] ?? 'daily').replace(/\s+/g, '');
  const days = new Set<number>();
  for (const part of spec.split(',')) {
    const named = DAY_SETS[part];
    if (named) {
      named.forEach((d) => days.add(d));
      continue;
    }
    const range = /^([a-z]{3})(?:-([a-z]{3}))?$/.exec(part);
    const from = range ? DAY_NAMES.indexOf(range[1] as (typeof DAY_NAMES)[number]) : -1;
    const to = range?.[2] ? DAY_NAMES.indexOf(range[2] as (typeof DAY_NAMES)[number]) : from;
    if (from < 0 || to < 0) return { ok: false, error: `"${part}" is not a day: use mon, tue, wed, thu, fri, sat, sun, ranges such as mon-fri, or daily, weekdays, weekends` };
    for (let day = from; ; day = (day + 1) % 7) {
      days.add(day);
      if (day === to) break;
    }
  }
  return { ok: true, schedule: { minuteOfDay, days: [...days].sort((a, b) => a - b) } };
}

const schedule = z
  .string()
  .trim()
  .refine((text) => parseSchedule(text).ok, { error: (issue) => { const parsed = parseSchedule(String(issue.input)); return parsed.ok ? 'invalid' : parsed.error; } })
  .nullable();

export const AGENT_KEYS = {
  'routines.morningBrief': {
    schema: schedule,
    default: '08:00 weekdays',
    description: 'When the morning brief is written, in your time zone ("08:00 weekdays"; null: never). Missed while the computer slept, it comes once on wake.',
  } satisfies ConfigKey<string | null>,
  'agent.digestAfterMinutes': {
    schema: z.number().int().min(0).max(24 * 60),
    default: 30,
    description: 'Back after at least this many minutes away (idle, locked, asleep), a digest of what happened meanwhile (0: never).',
  } satisfies ConfigKey<number>,
  'agent.reviewEveryMinutes': {
    schema: z.number().int().min(0).max(24 * 60),
    default: 60,
    description: 'How often the review looks across what is new for work nobody asked for yet; it calls the model only when something new came (0: never).',
  } satisfies ConfigKey<number>,
  'agent.meetingPrepMinutes': {
    schema: z.number().int().min(0).max(24 * 60),
    default: 15,
    description: 'A brief this many minutes before a meeting with other people, once a calendar is connected (0: never).',
  } satisfies ConfigKey<number>,
} as const;
