/**
 * Budget decisions, pure: where today is (from midnight in the user's time zone), how much of
 * the daily budget is spent, and whether a run may make its next call under its job's caps.
 * The store that sums the spend is run-store.ts; budget-guard.ts puts the two together.
 */
import type { JobCaps } from './job-profiles.js';

export interface DailyBudgetState {
  readonly budgetTokens: number;
  readonly spentTokens: number;
  readonly remainingTokens: number;
  /** Estimated; calls to models without a known price add nothing. */
  readonly spentUsd: number;
  readonly exhausted: boolean;
  /** When today began and when the budget refills (the next local midnight), ISO. */
  readonly dayStartedAt: string;
  readonly resetsAt: string;
}

export function dailyBudgetState(input: {
  readonly budgetTokens: number;
  readonly spentTokens: number;
  readonly spentUsd: number;
  readonly now: Date;
  readonly timeZone: string;
}): DailyBudgetState {
  const remaining = Math.max(0, input.budgetTokens - input.spentTokens);
  return {
    budgetTokens: input.budgetTokens,
    spentTokens: input.spentTokens,
    remainingTokens: remaining,
    spentUsd: input.spentUsd,
    exhausted: remaining === 0,
    dayStartedAt: startOfDayIn(input.timeZone, input.now).toISOString(),
    resetsAt: startOfNextDayIn(input.timeZone, input.now).toISOString(),
  };
}

/** Where a run stands against its caps. */
export interface RunProgress {
  readonly tokensUsed: number;
  readonly modelCalls: number;
  /** About what the next call's prompt will cost: the last prompt plus what was added since. */
  readonly nextPromptEstimate: number;
}

export type CapCheck = { readonly ok: true } | { readonly ok: false; readonly cap: 'steps' | 'tokens'; readonly detail: string };

/**
 * May the run make its next model call? It stops before a call that would cross the token cap
 * by its prompt alone, so a run overshoots its cap by at most one answer.
 */
export function checkJobCaps(progress: RunProgress, caps: JobCaps): CapCheck {
  if (progress.modelCalls >= caps.maxModelCalls) {
    return { ok: false, cap: 'steps', detail: `The job reached its cap of ${caps.maxModelCalls} model call(s).` };
  }
  if (progress.tokensUsed + progress.nextPromptEstimate > caps.maxTokens) {
    return {
      ok: false,
      cap: 'tokens',
      detail: `The job reached its cap of ${caps.maxTokens.toLocaleString('en')} tokens (${progress.tokensUsed.toLocaleString('en')} spent, about ${progress.nextPromptEstimate.toLocaleString('en')} more needed).`,
    };
  }
  return { ok: true };
}

// ---- Local days in an IANA time zone ----

interface WallClock {
  readonly year: number;
  readonly month: number;
  readonly day: number;
  readonly hour: number;
  readonly minute: number;
  readonly second: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function wallClock(at: Date, timeZone: string): WallClock {
  let format = formatters.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, format);
  }
  const parts = Object.fromEntries(format.formatToParts(at).map((part) => [part.type, Number(part.value)]));
  return { year: parts.year ?? 0, month: parts.month ?? 1, day: parts.day ?? 1, hour: parts.hour ?? 0, minute: parts.minute ?? 0, second: parts.second ?? 0 };
}

/** How far the zone's wall clock is ahead of UTC at that instant, in ms. */
function offsetAt(at: number, timeZone: string): number {
  const wall = wallClock(new Date(at), timeZone);
  const asUtc = Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second);
  return asUtc - Math.floor(at / 1000) * 1000;
}

/** The first instant of a calendar date in the zone (midnight, or the first hour a DST jump left). */
function firstInstantOf(year: number, month: number, day: number, timeZone: string): Date {
  const midnightAsUtc = Date.UTC(year, month - 1, day);
  // Two passes: the offset at the guess may differ from the offset at the answer across a DST change.
  let instant = midnightAsUtc - offsetAt(midnightAsUtc, timeZone);
  instant = midnightAsUtc - offsetAt(instant, timeZone);
  // Where midnight does not exist (clocks jump from 23:59 to 01:00), the guess lands on the day
  // before: step forward to the date's first hour. (Bounded: a zone once skipped a whole date.)
  for (let hours = 0; hours < 24 && wallClock(new Date(instant), timeZone).day !== day; hours++) instant += 60 * 60_000;
  return new Date(instant);
}

export function startOfDayIn(timeZone: string, at: Date): Date {
  const wall = wallClock(at, timeZone);
  return firstInstantOf(wall.year, wall.month, wall.day, timeZone);
}

export function startOfNextDayIn(timeZone: string, at: Date): Date {
  const wall = wallClock(at, timeZone);
  const next = new Date(Date.UTC(wall.year, wall.month - 1, wall.day + 1));
  return firstInstantOf(next.getUTCFullYear(), next.getUTCMonth() + 1, next.getUTCDate(), timeZone);
}

/** The time zone setting, checked: Intl throws a RangeError for a zone it does not know. */
export function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}
