import { describe, expect, it } from 'vitest';
import { estimateCostUsd, priceOf } from './pricing.js';
import { NO_USAGE, type BilledUsage } from './token-usage.js';

const usage = (fields: Partial<BilledUsage>): BilledUsage => ({ ...NO_USAGE, ...fields });

describe('estimateCostUsd', () => {
  it.each([
    { name: 'Haiku 5.5, short prompt', model: 'claude-haiku-5-5', u: usage({ input: 50_000 }), usd: 50_000 * 0.1e-6 },
    { name: 'Haiku 5.5 output', model: 'claude-haiku-5-5', u: usage({ output: 1_000_000 }), usd: 0.5 },
    { name: 'Haiku 5.5 cache reads', model: 'claude-haiku-5-5', u: usage({ cacheRead: 90_000 }), usd: 90_000 * 0.01e-6 },
    // Above 100k prompt tokens every token of the request is billed at the long-prompt rate.
    { name: 'Haiku 5.5, long prompt', model: 'claude-haiku-5-5', u: usage({ input: 150_000, output: 1_000 }), usd: 150_000 * 0.5e-6 + 1_000 * 2.5e-6 },
    { name: 'Haiku 5.5, long because of cache reads', model: 'claude-haiku-5-5', u: usage({ input: 1_000, cacheRead: 100_000 }), usd: 1_000 * 0.5e-6 + 100_000 * 0.05e-6 },
    { name: 'Sonnet 5.5, 5-minute cache write', model: 'claude-sonnet-5-5', u: usage({ cacheWrite: 1_000_000 }), usd: 2.5 },
    { name: 'Sonnet 5.5, 1-hour cache write', model: 'claude-sonnet-5-5', u: usage({ cacheWrite: 1_000_000, cacheWrite1h: 1_000_000 }), usd: 4 },
    { name: 'Sonnet 5.5 cache read after the October cut', model: 'claude-sonnet-5-5', u: usage({ cacheRead: 1_000_000 }), usd: 0.1 },
    { name: 'a dated snapshot id', model: 'claude-haiku-4-5-20251001', u: usage({ input: 1_000_000, output: 1_000_000 }), usd: 6 },
    { name: 'Opus 5.5', model: 'claude-opus-5-5', u: usage({ input: 2_000, output: 500, cacheRead: 3_000 }), usd: 2_000 * 4e-6 + 500 * 20e-6 + 3_000 * 0.2e-6 },
  ])('$name', ({ model, u, usd }) => {
    expect(estimateCostUsd(model, u)).toBeCloseTo(usd, 10);
  });

  it('gives no estimate for a model without a known price', () => {
    expect(estimateCostUsd('llama3:8b', usage({ input: 1_000 }))).toBeNull();
    expect(priceOf('claude-unknown-9')).toBeNull();
  });

  it('prices both default models', () => {
    expect(priceOf('claude-haiku-5-5')).not.toBeNull();
    expect(priceOf('claude-sonnet-5-5')).not.toBeNull();
  });
});
