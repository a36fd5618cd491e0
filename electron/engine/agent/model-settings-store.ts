/**
 * Where the model settings live: the API key in the secret store (the OS keychain, or the
 * secrets file on a headless host), the rest in shared/config (model.triage, model.writing,
 * model.baseUrl, budget.dailyTokens). Reading resolves them against the process environment
 * (see model-settings.ts) and remembers the answer until a setting changes, so a model call does
 * not cost a keychain round trip.
 */
import { ApiError } from '@shared/api/errors.js';
import { checkApiKey } from '@shared/config/model.js';
import type { ConfigStore } from '../config/config-store.js';
import type { SecretStore } from '../secrets/secret-store.js';
import { resolveModelSettings, type ModelEnvironment, type ResolvedModelSettings } from './model-settings.js';

/** The secret store's entry that holds the API key. */
export const API_KEY_SECRET = 'anthropic.apiKey';

const MODEL_CONFIG_KEYS: ReadonlySet<string> = new Set(['model.triage', 'model.writing', 'model.baseUrl', 'budget.dailyTokens']);

export class ModelSettingsStore {
  private resolved: Promise<ResolvedModelSettings> | null = null;
  private known: ResolvedModelSettings | null = null;
  private readonly listeners = new Set<() => void>();

  constructor(
    private readonly config: ConfigStore,
    private readonly secrets: SecretStore,
    private readonly env: ModelEnvironment = process.env,
  ) {
    config.onChange((key) => {
      if (MODEL_CONFIG_KEYS.has(key)) this.changed();
    });
  }

  /** The settings in force now. A keychain failure is thrown in words (SecretStore's ApiError). */
  resolve(): Promise<ResolvedModelSettings> {
    if (this.resolved) return this.resolved;
    const resolving = (async () => {
      const storedApiKey = await this.secrets.get(API_KEY_SECRET);
      const baseUrl = this.config.get('model.baseUrl');
      const settings = resolveModelSettings({
        overrides: {
          triageModel: this.config.get('model.triage'),
          writingModel: this.config.get('model.writing'),
          ...(baseUrl ? { baseUrl } : {}),
          dailyTokenBudget: this.config.get('budget.dailyTokens'),
        },
        storedApiKey,
        env: this.env,
      });
      this.known = settings;
      return settings;
    })();
    this.resolved = resolving;
    // A failed read is not remembered: the keychain may be unlocked by the next call.
    resolving.catch(() => {
      if (this.resolved === resolving) this.resolved = null;
    });
    return resolving;
  }

  /** What was resolved last, without reading the secret store (null before the first read). */
  lastKnown(): ResolvedModelSettings | null {
    return this.known;
  }

  /** The budget in force: a setting, no secret needed. */
  dailyTokenBudget(): number {
    return this.config.get('budget.dailyTokens');
  }

  /** Saves (or with null removes) the API key in the secret store; an ApiError in words when it is not a key. */
  async setApiKey(raw: string | null): Promise<void> {
    if (raw === null) {
      await this.secrets.delete(API_KEY_SECRET);
    } else {
      const checked = checkApiKey(raw);
      if (!checked.ok) throw new ApiError('invalid_input', checked.error);
      await this.secrets.set(API_KEY_SECRET, checked.value);
    }
    this.changed();
  }

  /** Told whenever a model setting or the key changed (jobs waiting on settings wake up). */
  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private changed(): void {
    this.resolved = null;
    this.known = null;
    for (const listener of this.listeners) listener();
  }
}
