/**
 * The model settings and where each value comes from: a setting the user made, else the
 * environment of the process (ANTHROPIC_API_KEY, ANTHROPIC_BASE_URL, as the SDK reads them),
 * else a default. Pure: the store that reads the keychain and the settings is model-settings-store.ts.
 */
import { DEFAULT_BASE_URL, DEFAULT_DAILY_TOKEN_BUDGET, DEFAULT_TRIAGE_MODEL, DEFAULT_WRITING_MODEL } from '@shared/config/model.js';

/** Which model a job runs on: a fast one to sort, a stronger one to write. */
export type ModelRole = 'triage' | 'writing';

export { DEFAULT_BASE_URL, DEFAULT_DAILY_TOKEN_BUDGET, DEFAULT_TRIAGE_MODEL, DEFAULT_WRITING_MODEL } from '@shared/config/model.js';

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
