/**
 * Where the model settings live: the API key in the OS keychain (the SecretStore), everything
 * else as one JSON value in the settings table. Reading resolves them against the process
 * environment (see model-settings.ts) and remembers the answer until a setting changes, so a
 * model call does not cost a keychain round trip.
 */
import type { SettingsStore } from '../db/settings.js';
import type { SecretStore } from '../secrets/secret-store.js';
import { parseModelConfig, type ModelConfigKey } from './model-config.js';
import {
  modelSettingsOverridesSchema,
  resolveModelSettings,
  type ModelEnvironment,
  type ModelSettingsOverrides,
  type ResolvedModelSettings,
} from './model-settings.js';

/** The keychain entry that holds the API key. */
export const API_KEY_SECRET = 'anthropic.apiKey';
const OVERRIDES_SETTING = 'agent.modelSettings';

export type ConfigChange =
  | { readonly ok: true; readonly key: ModelConfigKey; readonly removed: boolean }
  | { readonly ok: false; readonly error: string };

export class ModelSettingsStore {
  private resolved: Promise<ResolvedModelSettings> | null = null;

  constructor(
    private readonly settings: SettingsStore,
    private readonly secrets: SecretStore,
    private readonly env: ModelEnvironment = process.env,
  ) {}

  overrides(): ModelSettingsOverrides {
    const parsed = modelSettingsOverridesSchema.parse(this.settings.get<unknown>(OVERRIDES_SETTING) ?? {});
    // Fields a bad value emptied are left out rather than kept as undefined.
    return Object.fromEntries(Object.entries(parsed).filter(([, value]) => value !== undefined));
  }

  /** The settings in force now. A keychain failure is thrown in words (SecretStore's ApiError). */
  resolve(): Promise<ResolvedModelSettings> {
    if (this.resolved) return this.resolved;
    const resolving = (async () => resolveModelSettings({ overrides: this.overrides(), storedApiKey: await this.secrets.get(API_KEY_SECRET), env: this.env }))();
    this.resolved = resolving;
    // A failed read is not remembered: the keychain may be unlocked by the next call.
    resolving.catch(() => {
      if (this.resolved === resolving) this.resolved = null;
    });
    return resolving;
  }

  /** `steward config set KEY VALUE`: checks the value, saves it, and forgets the resolved settings. */
  async set(key: string, raw: string): Promise<ConfigChange> {
    const parsed = parseModelConfig(key, raw);
    if (!parsed.ok) return parsed;
    this.resolved = null;
    if (parsed.key === 'model.apiKey') {
      if (parsed.value === null) await this.secrets.delete(API_KEY_SECRET);
      else await this.secrets.set(API_KEY_SECRET, parsed.value);
      return { ok: true, key: parsed.key, removed: parsed.value === null };
    }
    const field = OVERRIDE_FIELDS[parsed.key];
    const next: Record<string, unknown> = { ...this.overrides() };
    if (parsed.value === null) delete next[field];
    else next[field] = parsed.value;
    this.settings.set(OVERRIDES_SETTING, next);
    return { ok: true, key: parsed.key, removed: parsed.value === null };
  }
}

const OVERRIDE_FIELDS: Readonly<Record<Exclude<ModelConfigKey, 'model.apiKey'>, keyof ModelSettingsOverrides>> = {
  'model.triage': 'triageModel',
  'model.writing': 'writingModel',
  'model.baseUrl': 'baseUrl',
  'budget.dailyTokens': 'dailyTokenBudget',
};
