/**
 * What becomes of a job after a run, decided purely from how the run ended: done, waiting
 * (for the budget, for the model to come back, for the user to fix a setting, for a resume), or
 * failed for good. Table-tested in job-outcome.test.ts.
 *
 * Nothing that passes is ever dropped: a model that cannot be reached is tried again with a
 * backoff that grows to an hour and stays there. Only what retrying cannot fix (a request the
 * API refuses as malformed: a fault in Steward) fails for good, after a few tries.
 */
import type { ModelFailure } from '../model-failure.js';
import type { RunOutcome } from '../run-loop.js';
import type { WaitReason } from './job-store.js';

export type JobDecision =
  | { readonly state: 'done'; readonly detail: string | null }
  | { readonly state: 'failed'; readonly detail: string }
  | { readonly state: 'queued'; readonly at: Date; readonly reason: WaitReason; readonly detail: string; readonly refund: boolean };

/** First retry after 30 s, then ×4 (2 min, 8 min, 32 min), then hourly. */
export function jobBackoffMs(attempts: number): number {
  return Math.min(60 * 60_000, 30_000 * 4 ** Math.max(0, attempts - 1));
}

/** A job that fails for a reason retrying cannot fix is given up after this many tries. */
export const MAX_ATTEMPTS_FOR_FAULTS = 3;
/** A setting the user must fix: looked at again hourly, and at once when a model setting changes. */
const SETTINGS_RETRY_MS = 60 * 60_000;

export interface OutcomeInput {
  readonly outcome: RunOutcome;
  /** Attempts so far, this one included. */
  readonly attempts: number;
  readonly now: Date;
  /** The engine is stopping (not a pause): the job runs again after the restart. */
  readonly stopping: boolean;
}

export function decideJobOutcome({ outcome, attempts, now, stopping }: OutcomeInput): JobDecision {
  switch (outcome.status) {
    case 'done':
      return { state: 'done', detail: null };
    case 'cap_reached':
    case 'refused':
      return { state: 'done', detail: outcome.detail };
    case 'budget_exhausted':
      return { state: 'queued', at: new Date(outcome.resetsAt), reason: 'budget', detail: outcome.detail, refund: true };
    case 'aborted':
      return stopping
        ? { state: 'queued', at: now, reason: 'restart', detail: 'Steward stopped while this job ran; it runs again.', refund: false }
        : { state: 'queued', at: now, reason: 'paused', detail: outcome.detail, refund: true };
    case 'failed':
      return decideFailure(outcome.failure, outcome.detail, attempts, now);
  }
}

function decideFailure(failure: ModelFailure | null, detail: string, attempts: number, now: Date): JobDecision {
  const later = (ms: number, reason: WaitReason): JobDecision => ({ state: 'queued', at: new Date(now.getTime() + ms), reason, detail, refund: false });
  switch (failure?.kind) {
    case 'rate_limited':
    case 'overloaded':
    case 'server_error':
      // The server may have said how long to wait: never sooner than that.
      return later(Math.max(jobBackoffMs(attempts), failure.retryAfterMs ?? 0), 'backoff');
    case 'unreachable':
    case 'timeout':
    case 'stalled':
      return later(jobBackoffMs(attempts), 'backoff');
    case 'no_key':
    case 'bad_key':
    case 'forbidden':
    case 'billing':
    case 'model_not_found':
    case 'bad_base_url':
    case 'keychain_unavailable':
      return later(SETTINGS_RETRY_MS, 'settings');
    case 'aborted':
      return { state: 'queued', at: now, reason: 'paused', detail, refund: true };
    case 'bad_request':
    case 'protocol':
    case undefined:
      return attempts >= MAX_ATTEMPTS_FOR_FAULTS ? { state: 'failed', detail } : later(jobBackoffMs(attempts), 'backoff');
  }
}
