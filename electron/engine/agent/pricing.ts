/**
 * What a call costs, estimated from Anthropic's published prices. An estimate only: the bill is
 * Anthropic's, and the daily budget is counted in tokens, not dollars, so a price that goes
 * stale skews the display, never the brake.
 *
 * Prices are USD per million tokens, from the model pages and the pricing page at
 * platform.claude.com (read 2026-12; Sonnet 5.5's cache-read cut of 2026-10-07 applied). A cache
 * write costs more than a plain input token and depends on how long it is kept (5 minutes or 1
 * hour); a cache read costs a small fraction of one.
 */
import { promptTokens, type BilledUsage } from './token-usage.js';

export interface PriceCard {
  readonly input: number;
  readonly output: number;
  readonly cacheWrite5m: number;
  readonly cacheWrite1h: number;
  readonly cacheRead: number;
}

export interface ModelPrice {
  readonly standard: PriceCard;
  /** Haiku 5.5 bills every token of a request at a higher rate once its prompt passes a threshold. */
  readonly longPrompt?: { readonly aboveTokens: number; readonly card: PriceCard };
}

const card = (input: number, output: number, cacheWrite5m: number, cacheWrite1h: number, cacheRead: number): PriceCard => ({
  input,
  output,
  cacheWrite5m,
  cacheWrite1h,
  cacheRead,
});

const OPUS_4_5_TO_5 = { standard: card(5, 25, 6.25, 10, 0.5) };
const FABLE_MYTHOS_5 = { standard: card(10, 50, 12.5, 20, 1) };
const FABLE_MYTHOS_5_1 = { standard: card(10, 50, 12.5, 20, 0.25) };

/** Model ids as the SDK's `Model` type lists them. Models missing here get no cost estimate. */
export const PRICES: Readonly<Record<string, ModelPrice>> = {
  'claude-haiku-5-5': { standard: card(0.1, 0.5, 0.125, 0.2, 0.01), longPrompt: { aboveTokens: 100_000, card: card(0.5, 2.5, 0.625, 1, 0.05) } },
  'claude-sonnet-5-5': { standard: card(2, 10, 2.5, 4, 0.1) },
  'claude-opus-5-5': { standard: card(4, 20, 5, 8, 0.2) },
  'claude-sonnet-5': { standard: card(2, 10, 2.5, 4, 0.2) },
  'claude-opus-5': OPUS_4_5_TO_5,
  'claude-fable-5-1': FABLE_MYTHOS_5_1,
  'claude-mythos-5-1': FABLE_MYTHOS_5_1,
  'claude-fable-5': FABLE_MYTHOS_5,
  'claude-mythos-5': FABLE_MYTHOS_5,
  'claude-opus-4-8': OPUS_4_5_TO_5,
  'claude-opus-4-7': OPUS_4_5_TO_5,
  'claude-opus-4-6': OPUS_4_5_TO_5,
  'claude-opus-4-5': OPUS_4_5_TO_5,
  'claude-sonnet-4-6': { standard: card(3, 15, 3.75, 6, 0.3) },
  'claude-haiku-4-5': { standard: card(1, 5, 1.25, 2, 0.1) },
};

/** The price of a model id, also for dated snapshots ("claude-haiku-4-5-20251001"). */
export function priceOf(model: string): ModelPrice | null {
  return PRICES[model] ?? PRICES[model.replace(/-\d{8}$/, '')] ?? null;
}

/** Estimated USD for one call; null when the model's price is unknown (a local model, a new one). */
export function estimateCostUsd(model: string, usage: BilledUsage): number | null {
  const price = priceOf(model);
  if (!price) return null;
  const rates = price.longPrompt && promptTokens(usage) > price.longPrompt.aboveTokens ? price.longPrompt.card : price.standard;
  const cacheWrite5m = usage.cacheWrite - usage.cacheWrite1h;
  const micro =
    usage.input * rates.input +
    usage.output * rates.output +
    usage.cacheRead * rates.cacheRead +
    cacheWrite5m * rates.cacheWrite5m +
    usage.cacheWrite1h * rates.cacheWrite1h;
  return micro / 1_000_000;
}
