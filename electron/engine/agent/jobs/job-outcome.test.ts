import { describe, expect, it } from 'vitest';
import type { RunOutcome } from '../run-loop.js';
import { decideJobOutcome, jobBackoffMs } from './job-outcome.js';

const now = new Date('2026-11-25T09:00:00Z');
const later = (ms: number) => new Date(now.getTime() + ms).toISOString();
const failed = (failure: Extract<RunOutcome, { status: 'failed' }>['failure']): RunOutcome => ({ status: 'failed', failure, detail: 'words' });

describe('decideJobOutcome', () => {
  it.each([
    { name: 'done', outcome: { status: 'done' }, attempts: 1, expected: { state: 'done', detail: null } },
    { name: 'a cap ends it (what it proposed stands)', outcome: { status: 'cap_reached', cap: 'tokens', detail: 'cap' }, attempts: 1, expected: { state: 'done', detail: 'cap' } },
    { name: 'a refusal ends it', outcome: { status: 'refused', detail: 'no' }, attempts: 1, expected: { state: 'done', detail: 'no' } },
    {
      name: 'a spent budget waits for the refill, attempt not counted',
      outcome: { status: 'budget_exhausted', resetsAt: '2026-11-25T23:00:00.000Z', detail: 'spent' },
      attempts: 1,
      expected: { state: 'queued', at: '2026-11-25T23:00:00.000Z', reason: 'budget', refund: true },
    },
    { name: 'a pause waits for the resume, attempt not counted', outcome: { status: 'aborted', detail: 'paused' }, attempts: 2, expected: { state: 'queued', at: now.toISOString(), reason: 'paused', refund: true } },
    { name: 'unreachable: backoff', outcome: failed({ kind: 'unreachable', detail: 'ECONNREFUSED' }), attempts: 1, expected: { state: 'queued', at: later(30_000), reason: 'backoff', refund: false } },
    { name: 'overloaded, third try: 8 minutes', outcome: failed({ kind: 'overloaded', retryAfterMs: null }), attempts: 3, expected: { state: 'queued', at: later(480_000), reason: 'backoff' } },
    { name: 'rate limited: never sooner than retry-after', outcome: failed({ kind: 'rate_limited', retryAfterMs: 120_000 }), attempts: 1, expected: { state: 'queued', at: later(120_000), reason: 'backoff' } },
    { name: 'still down after many tries: hourly, never dropped', outcome: failed({ kind: 'timeout' }), attempts: 40, expected: { state: 'queued', at: later(3_600_000), reason: 'backoff' } },
    { name: 'a bad key waits for the settings', outcome: failed({ kind: 'bad_key' }), attempts: 1, expected: { state: 'queued', at: later(3_600_000), reason: 'settings' } },
    { name: 'no key waits for the settings', outcome: failed({ kind: 'no_key' }), attempts: 5, expected: { state: 'queued', reason: 'settings' } },
    { name: 'a fault in Steward is retried…', outcome: failed({ kind: 'bad_request', detail: 'x' }), attempts: 2, expected: { state: 'queued', reason: 'backoff' } },
    { name: '…then given up', outcome: failed({ kind: 'bad_request', detail: 'x' }), attempts: 3, expected: { state: 'failed', detail: 'words' } },
  ] as const)('$name', ({ outcome, attempts, expected }) => {
    const decision = decideJobOutcome({ outcome: outcome, attempts, now, stopping: false });
    expect({ ...decision, ...('at' in decision ? { at: decision.at.toISOString() } : {}) }).toMatchObject(expected);
  });

  it('queues a job the engine’s stop cut short to run again, counting the attempt', () => {
    expect(decideJobOutcome({ outcome: { status: 'aborted', detail: 'stopping' }, attempts: 1, now, stopping: true })).toMatchObject({ state: 'queued', reason: 'restart', refund: false });
  });

  it('backs off 30 s, 2, 8, 32 minutes, then hourly', () => {
    expect([1, 2, 3, 4, 5, 9].map(jobBackoffMs)).toEqual([30_000, 120_000, 480_000, 1_920_000, 3_600_000, 3_600_000]);
  });
});
