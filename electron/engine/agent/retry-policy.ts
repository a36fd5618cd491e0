/**
 * When to try a failed model call again, and after how long. Pure, so the table of cases is
 * tested directly.
 *
 * Steward retries itself rather than through the SDK's maxRetries (which it sets to 0):
 * - the SDK retries only until the response headers: an overload or a dropped connection in the
 *   middle of a stream (the API sends `event: error` with overloaded_error) is not retried;
 * - the SDK waits as long as any retry-after says, an hour included, holding the job silently;
 *   here a wait longer than `maxRetryAfterMs` ends the call and hands the wait to the scheduler;
 * - each attempt is reported (the status line can say "overloaded, retry 2 of 4 in 3 s") and its
 *   tokens counted, which the SDK's internal loop does not expose.
 * The backoff sleep listens to the same abort signal as the call, so a pause cuts it short.
 */
import { isTransient, requestedWaitMs, type ModelFailure } from './model-failure.js';

export interface RetryPolicy {
  /** Attempts in all, the first included. */
  readonly maxAttempts: number;
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
  /** A server asking to wait longer than this ends the call instead (the job is rescheduled). */
  readonly maxRetryAfterMs: number;
}

/**
 * Four attempts over about 1 + 2 + 4 s of backoff: a blip or a short overload passes within
 * seconds, and a longer outage is the scheduler's to wait out (a job is retried later, not
 * dropped), so a job does not sit on the model for minutes.
 */
export const DEFAULT_RETRY_POLICY: RetryPolicy = { maxAttempts: 4, baseDelayMs: 1_000, maxDelayMs: 16_000, maxRetryAfterMs: 60_000 };

export type RetryDecision =
  | { readonly retry: true; readonly delayMs: number }
  | { readonly retry: false; readonly why: 'permanent' | 'attempts_exhausted' | 'wait_too_long' };

/** `attempt` is the number of the attempt that just failed (1 for the first). */
export function decideRetry(failure: ModelFailure, attempt: number, policy: RetryPolicy, random: () => number = Math.random): RetryDecision {
  if (!isTransient(failure)) return { retry: false, why: 'permanent' };
  const asked = requestedWaitMs(failure);
  if (asked !== null && asked > policy.maxRetryAfterMs) return { retry: false, why: 'wait_too_long' };
  if (attempt >= policy.maxAttempts) return { retry: false, why: 'attempts_exhausted' };
  if (asked !== null) return { retry: true, delayMs: asked };
  // Exponential, with up to a quarter taken off at random so many clients do not retry in step.
  const exponential = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  return { retry: true, delayMs: Math.round(exponential * (1 - random() * 0.25)) };
}
