/**
 * Budget decisions, pure: where today is (from midnight in the user's time zone), how much of
 * the daily budget is spent, and whether a run may make its next call under its job's caps.
 * The store that sums the spend is run-store.ts; budget-guard.ts puts the two together.
 */
import type { JobCaps } from './job-profiles.js';
import { startOfDayIn, startOfNextDayIn } from './time-zone.js';

export { isTimeZone, startOfDayIn, startOfNextDayIn } from './time-zone.js';

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
