/**
 * The model settings and where each value comes from: a setting the user made, else the
 * environment of the process (ANTHROPIC_API_KEY, ANTHROPIC_BASE_URL, as the SDK reads them),
 * else a default. Pure: the store that reads the keychain and the database is model-settings-store.ts.
 */
import { z } from 'zod';

/** Which model a job runs on: a fast one to sort, a stronger one to write. */
export type ModelRole = 'triage' | 'writing';

/**
 * Defaults, checked against the `Model` type of @anthropic-ai/sdk 1.15:
 * - triage: claude-haiku-5-5, the newest model of the fastest line (Haiku) in the SDK's list. At
 *   $0.10/$0.50 per million tokens (prompts under 100k), a 2,000-token triage costs about $0.0002,
 *   so sorting every new message is affordable.
 * - writing: claude-sonnet-5-5, the newest Sonnet, which Anthropic pitches as the best mix of speed
 *   and intelligence ($2/$10). Opus 5.5 costs twice as much and always thinks (more output
 *   tokens, slower) for a reply draft that does not need it; Fable and Mythos cost five times as
 *   much and Mythos is of limited availability.
 */
export const DEFAULT_TRIAGE_MODEL = 'claude-haiku-5-5';
export const DEFAULT_WRITING_MODEL = 'claude-sonnet-5-5';
export const DEFAULT_BASE_URL = 'https://api.anthropic.com';

/**
 * The daily budget: 1,000,000 tokens. A busy day is about 100 new messages triaged at under
 * 2,000 tokens each (200k), 15 drafts at about 6,000 (90k), 4 meeting briefs at about 8,000
 * (32k), 2 digests at about 12,000 (24k) and 10 reviews at about 6,000 (60k): about 400k. The
 * budget leaves that room to spare (so a busy day does not stall jobs by afternoon) while still
 * stopping a runaway loop within the day. Spent entirely as fresh input on the writing model it
 * comes to about $2; spent as Steward spends it (mostly cached prefixes and Haiku) well under $1.
 */
export const DEFAULT_DAILY_TOKEN_BUDGET = 1_000_000;

/** What the user set; anything absent falls back to the environment or the default. */
export interface ModelSettingsOverrides {
  readonly triageModel?: string;
  readonly writingModel?: string;
  readonly baseUrl?: string;
  readonly dailyTokenBudget?: number;
}

export type ApiKeySource = 'keychain' | 'environment';
export type BaseUrlSource = 'setting' | 'environment' | 'default';

export interface ResolvedModelSettings {
  readonly apiKey: { readonly value: string; readonly source: ApiKeySource } | null;
  readonly baseUrl: { readonly value: string; readonly source: BaseUrlSource };
  readonly models: Readonly<Record<ModelRole, string>>;
  readonly dailyTokenBudget: number;
}

export interface ModelEnvironment {
  readonly ANTHROPIC_API_KEY?: string | undefined;
  readonly ANTHROPIC_BASE_URL?: string | undefined;
}

export function resolveModelSettings(input: {
  readonly overrides: ModelSettingsOverrides;
  /** The key from the keychain, if one was saved. */
  readonly storedApiKey: string | null;
  readonly env: ModelEnvironment;
}): ResolvedModelSettings {
  const { overrides, storedApiKey, env } = input;
  // As the SDK reads them: trimmed, and empty counts as unset.
  const envKey = env.ANTHROPIC_API_KEY?.trim() || undefined;
  const envBaseUrl = env.ANTHROPIC_BASE_URL?.trim() || undefined;
  const apiKey = storedApiKey ? { value: storedApiKey, source: 'keychain' as const } : envKey ? { value: envKey, source: 'environment' as const } : null;
  const baseUrl = overrides.baseUrl
    ? { value: overrides.baseUrl, source: 'setting' as const }
    : envBaseUrl
      ? { value: envBaseUrl, source: 'environment' as const }
      : { value: DEFAULT_BASE_URL, source: 'default' as const };
  return {
    apiKey,
    baseUrl,
    models: { triage: overrides.triageModel ?? DEFAULT_TRIAGE_MODEL, writing: overrides.writingModel ?? DEFAULT_WRITING_MODEL },
    dailyTokenBudget: overrides.dailyTokenBudget ?? DEFAULT_DAILY_TOKEN_BUDGET,
  };
}

/**
 * How overrides are stored (JSON in the settings table). A malformed field is dropped, not
 * trusted, and the others are kept.
 */
export const modelSettingsOverridesSchema = z
  .object({
    triageModel: z.string().min(1).optional().catch(undefined),
    writingModel: z.string().min(1).optional().catch(undefined),
    baseUrl: z.string().min(1).optional().catch(undefined),
    dailyTokenBudget: z.number().int().positive().optional().catch(undefined),
  })
  .strip()
  .catch({});
