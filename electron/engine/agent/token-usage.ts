/**
 * What a model call consumed, in the four counts the Messages API bills separately. Every token
 * the API bills counts toward budgets, cache reads included: they are cheap, but they are what
 * an agent that re-reads its context on a timer burns, and Steward promises not to.
 */
export interface TokenUsage {
  /** Input tokens read fresh (after the last cache breakpoint, or everything when nothing was cached). */
  readonly input: number;
  readonly output: number;
  readonly cacheRead: number;
  readonly cacheWrite: number;
}

/** The cache writes split by how long they are kept (they cost differently). */
export interface BilledUsage extends TokenUsage {
  readonly cacheWrite1h: number;
}

export const NO_USAGE: BilledUsage = Object.freeze({ input: 0, output: 0, cacheRead: 0, cacheWrite: 0, cacheWrite1h: 0 });

export function addUsage(a: BilledUsage, b: BilledUsage): BilledUsage {
  return {
    input: a.input + b.input,
    output: a.output + b.output,
    cacheRead: a.cacheRead + b.cacheRead,
    cacheWrite: a.cacheWrite + b.cacheWrite,
    cacheWrite1h: a.cacheWrite1h + b.cacheWrite1h,
  };
}

/** Everything the API billed, in tokens: what budgets and caps count. */
export function billableTokens(usage: TokenUsage): number {
  return usage.input + usage.output + usage.cacheRead + usage.cacheWrite;
}

/** The prompt's size as the API prices it (Haiku 5.5 has a higher rate above 100k). */
export function promptTokens(usage: TokenUsage): number {
  return usage.input + usage.cacheRead + usage.cacheWrite;
}

/** The API's usage object (any version: fields it leaves out count as zero). */
export interface ApiUsage {
  readonly input_tokens?: number | null;
  readonly output_tokens?: number | null;
  readonly cache_read_input_tokens?: number | null;
  readonly cache_creation_input_tokens?: number | null;
  readonly cache_creation?: { readonly ephemeral_1h_input_tokens?: number | null; readonly ephemeral_5m_input_tokens?: number | null } | null;
}

export function usageFromApi(usage: ApiUsage | null | undefined): BilledUsage {
  if (!usage) return NO_USAGE;
  const cacheWrite = usage.cache_creation_input_tokens ?? 0;
  return {
    input: usage.input_tokens ?? 0,
    output: usage.output_tokens ?? 0,
    cacheRead: usage.cache_read_input_tokens ?? 0,
    cacheWrite,
    cacheWrite1h: Math.min(cacheWrite, usage.cache_creation?.ephemeral_1h_input_tokens ?? 0),
  };
}
