import { describe, expect, it } from 'vitest';
import type { ModelFailure } from './model-failure.js';
import { decideRetry, type RetryPolicy } from './retry-policy.js';

const policy: RetryPolicy = { maxAttempts: 4, baseDelayMs: 1_000, maxDelayMs: 16_000, maxRetryAfterMs: 60_000 };
const noJitter = () => 0;

describe('decideRetry', () => {
  it.each<{ name: string; failure: ModelFailure; attempt: number; decision: ReturnType<typeof decideRetry> }>([
    { name: 'backs off after an overload', failure: { kind: 'overloaded', retryAfterMs: null }, attempt: 1, decision: { retry: true, delayMs: 1_000 } },
    { name: 'doubles the wait', failure: { kind: 'overloaded', retryAfterMs: null }, attempt: 3, decision: { retry: true, delayMs: 4_000 } },
    { name: 'waits what retry-after says', failure: { kind: 'rate_limited', retryAfterMs: 7_000 }, attempt: 1, decision: { retry: true, delayMs: 7_000 } },
    { name: 'retries a dropped connection', failure: { kind: 'unreachable', detail: 'ECONNRESET' }, attempt: 2, decision: { retry: true, delayMs: 2_000 } },
    { name: 'retries a stalled stream', failure: { kind: 'stalled', quietMs: 120_000 }, attempt: 1, decision: { retry: true, delayMs: 1_000 } },
    { name: 'retries a 5xx', failure: { kind: 'server_error', status: 500, retryAfterMs: null }, attempt: 1, decision: { retry: true, delayMs: 1_000 } },
    { name: 'gives up after the last attempt', failure: { kind: 'overloaded', retryAfterMs: null }, attempt: 4, decision: { retry: false, why: 'attempts_exhausted' } },
    { name: 'hands a long wait to the scheduler', failure: { kind: 'rate_limited', retryAfterMs: 3_600_000 }, attempt: 1, decision: { retry: false, why: 'wait_too_long' } },
    { name: 'never retries a bad key', failure: { kind: 'bad_key' }, attempt: 1, decision: { retry: false, why: 'permanent' } },
    { name: 'never retries a bad request', failure: { kind: 'bad_request', detail: 'x' }, attempt: 1, decision: { retry: false, why: 'permanent' } },
    { name: 'never retries without a key', failure: { kind: 'no_key' }, attempt: 1, decision: { retry: false, why: 'permanent' } },
    { name: 'never retries an abort', failure: { kind: 'aborted', reason: 'paused' }, attempt: 1, decision: { retry: false, why: 'permanent' } },
  ])('$name', ({ failure, attempt, decision }) => {
    expect(decideRetry(failure, attempt, policy, noJitter)).toEqual(decision);
  });

  it('caps the backoff and takes off at most a quarter at random', () => {
    const longPolicy = { ...policy, maxAttempts: 20 };
    expect(decideRetry({ kind: 'overloaded', retryAfterMs: null }, 12, longPolicy, noJitter)).toEqual({ retry: true, delayMs: 16_000 });
    expect(decideRetry({ kind: 'overloaded', retryAfterMs: null }, 12, longPolicy, () => 0.999)).toEqual({ retry: true, delayMs: 12_004 });
  });
});
