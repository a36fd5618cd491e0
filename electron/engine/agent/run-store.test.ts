import { describe, expect, it } from 'vitest';
import { openDatabase } from '../db/database.js';
import { ManualClock } from '../testing/memory-engine-parts.js';
import { AGENT_MIGRATIONS } from './run-migrations.js';
import { RunStore, type RecordedCall } from './run-store.js';
import { NO_USAGE } from './token-usage.js';

function store() {
  const clock = new ManualClock(new Date('2026-11-25T09:00:00Z'));
  let n = 0;
  const runs = new RunStore(openDatabase(':memory:', AGENT_MIGRATIONS), clock, () => `run-${++n}`);
  return { clock, runs };
}

const call = (fields: Partial<RecordedCall> = {}): RecordedCall => ({
  model: 'claude-haiku-5-5',
  usage: { ...NO_USAGE, input: 300, output: 120, cacheRead: 1_500, cacheWrite: 0 },
  costUsd: 0.0001,
  durationMs: 800,
  attempts: 1,
  requestIds: ['req_1'],
  outcome: 'ok',
  ...fields,
});

describe('RunStore', () => {
  it('records a run with its calls, and sums them when read', () => {
    const { clock, runs } = store();
    const id = runs.start({ jobKind: 'triage', trigger: { type: 'item.new', itemIds: ['mail:42'] }, role: 'triage' });
    expect(runs.get(id)).toMatchObject({ status: 'running', model: null, modelCalls: 0, usage: { input: 0, output: 0, cacheRead: 0, cacheWrite: 0 }, costUsd: 0 });
    runs.recordCall(id, call());
    runs.recordCall(id, call({ usage: { ...NO_USAGE, input: 50, output: 30, cacheRead: 1_500, cacheWrite: 0 }, costUsd: 0.00005 }));
    clock.advance(2_000);
    runs.finish(id, { status: 'done', detail: null, proposals: 0, durationMs: 1_900 });

    const run = runs.get(id);
    expect(run).toMatchObject({
      id,
      jobKind: 'triage',
      trigger: { type: 'item.new', itemIds: ['mail:42'] },
      role: 'triage',
      model: 'claude-haiku-5-5',
      startedAt: '2026-11-25T09:00:00.000Z',
      finishedAt: '2026-11-25T09:00:02.000Z',
      durationMs: 1_900,
      usage: { input: 350, output: 150, cacheRead: 3_000, cacheWrite: 0 },
      modelCalls: 2,
      status: 'done',
    });
    expect(run?.costUsd).toBeCloseTo(0.00015, 10);
  });

  it('shows no cost when a call went to a model without a price', () => {
    const { runs } = store();
    const id = runs.start({ jobKind: 'draft_reply', trigger: { type: 'manual' }, role: 'writing' });
    runs.recordCall(id, call());
    runs.recordCall(id, call({ model: 'llama3:70b', costUsd: null }));
    expect(runs.get(id)?.costUsd).toBeNull();
    expect(runs.get(id)?.model).toBe('llama3:70b');
  });

  it('counts today’s spend from the calls, failed ones included', () => {
    const { clock, runs } = store();
    const yesterday = runs.start({ jobKind: 'triage', trigger: { type: 'item.new' }, role: 'triage' });
    runs.recordCall(yesterday, call());
    clock.advance(24 * 60 * 60_000);
    const today = runs.start({ jobKind: 'triage', trigger: { type: 'item.new' }, role: 'triage' });
    runs.recordCall(today, call());
    runs.recordCall(today, call({ outcome: 'overloaded', attempts: 4, usage: { ...NO_USAGE, input: 0, output: 0, cacheRead: 0, cacheWrite: 0 }, costUsd: 0 }));
    runs.recordCall(today, call({ model: 'local', costUsd: null }));
    expect(runs.spendSince(new Date('2026-11-26T00:00:00Z'))).toEqual({
      usage: { input: 600, output: 240, cacheRead: 3_000, cacheWrite: 0 },
      tokens: 3_840,
      costUsd: 0.0001,
      calls: 3,
      unpricedCalls: 1,
    });
  });

  it('lists newest first, pages, and filters by job', () => {
    const { clock, runs } = store();
    for (const kind of ['triage', 'draft_reply', 'triage'] as const) {
      runs.start({ jobKind: kind, trigger: { type: 'manual' }, role: kind === 'triage' ? 'triage' : 'writing' });
      clock.advance(1_000);
    }
    expect(runs.list().map((run) => run.id)).toEqual(['run-3', 'run-2', 'run-1']);
    expect(runs.list({ limit: 1 }).map((run) => run.id)).toEqual(['run-3']);
    expect(runs.list({ before: '2026-11-25T09:00:02.000Z' }).map((run) => run.id)).toEqual(['run-2', 'run-1']);
    expect(runs.list({ jobKind: 'triage' }).map((run) => run.id)).toEqual(['run-3', 'run-1']);
  });

  it('marks runs a crash left open as interrupted, and leaves finished ones alone', () => {
    const { runs } = store();
    const open = runs.start({ jobKind: 'digest', trigger: { type: 'presence.return' }, role: 'writing' });
    const done = runs.start({ jobKind: 'triage', trigger: { type: 'item.new' }, role: 'triage' });
    runs.finish(done, { status: 'done', detail: null, proposals: 0, durationMs: 10 });
    expect(runs.markInterrupted()).toBe(1);
    expect(runs.get(open)).toMatchObject({ status: 'interrupted', detail: expect.stringMatching(/stopped while this run was in progress/) as unknown });
    expect(runs.get(done)?.status).toBe('done');
    // A finished run is never reopened or rewritten.
    runs.finish(done, { status: 'failed', detail: 'late', proposals: 3, durationMs: 99 });
    expect(runs.get(done)).toMatchObject({ status: 'done', proposals: 0 });
  });

  it('refuses a status outside the list (the schema checks it)', () => {
    const { runs } = store();
    const id = runs.start({ jobKind: 'triage', trigger: { type: 'manual' }, role: 'triage' });
    expect(() => runs.finish(id, { status: 'exploded' as 'done', detail: null, proposals: 0, durationMs: 1 })).toThrow(/CHECK constraint/);
  });
});
