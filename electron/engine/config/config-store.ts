/**
 * The user's settings that are not secrets (shared/config), kept in the settings table under
 * `config.<key>`. Every value is parsed against its key's schema on the way in, and again on the
 * way out (a value a newer Steward wrote, or a hand-edited database, falls back to the default).
 */
import { ApiError } from '@shared/api/errors.js';
import { CONFIG_KEYS, isConfigKey, type ConfigEntry, type ConfigKeyName, type ConfigValues } from '@shared/config/index.js';
import type { SettingsStore } from '../db/settings.js';

export class ConfigStore {
  private readonly listeners = new Set<(key: ConfigKeyName) => void>();

  constructor(private readonly settings: SettingsStore) {}

  get<K extends ConfigKeyName>(key: K): ConfigValues[K] {
    const stored = this.settings.get<unknown>(storageKey(key));
    if (stored === undefined) return CONFIG_KEYS[key].default as ConfigValues[K];
    const parsed = CONFIG_KEYS[key].schema.safeParse(stored);
    return (parsed.success ? parsed.data : CONFIG_KEYS[key].default) as ConfigValues[K];
  }

  /** Validates and stores a value; an ApiError in words when the key or the value is wrong. */
  set(key: string, value: unknown): ConfigEntry {
    if (!isConfigKey(key)) {
      throw new ApiError('invalid_input', `There is no setting "${key}". See \`steward config\` for the list.`);
    }
    const parsed = CONFIG_KEYS[key].schema.safeParse(value);
    if (!parsed.success) {
      throw new ApiError('invalid_input', `${key}: ${parsed.error.issues.map((issue) => issue.message).join('; ')}.`);
    }
    this.settings.set(storageKey(key), parsed.data);
    for (const listener of this.listeners) listener(key);
    return this.entry(key);
  }

  list(): ConfigEntry[] {
    return (Object.keys(CONFIG_KEYS) as ConfigKeyName[]).map((key) => this.entry(key));
  }

  onChange(listener: (key: ConfigKeyName) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private entry(key: ConfigKeyName): ConfigEntry {
    const value = this.get(key);
    const info = CONFIG_KEYS[key];
    return { key, value, default: info.default, isDefault: JSON.stringify(value) === JSON.stringify(info.default), description: info.description };
  }
}

function storageKey(key: ConfigKeyName): string {
  return `config.${key}`;
}
