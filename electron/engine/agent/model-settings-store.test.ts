// Against the run's real Secret Service (started by the test harness), under a service name of
// its own so nothing collides with other tests.
import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { ConfigStore } from '../config/config-store.js';
import { openDatabase } from '../db/database.js';
import { SettingsStore } from '../db/settings.js';
import { KeychainSecretStore } from '../secrets/secret-store.js';
import { API_KEY_SECRET, ModelSettingsStore } from './model-settings-store.js';
import { DEFAULT_BASE_URL, DEFAULT_DAILY_TOKEN_BUDGET } from './model-settings.js';

const keychains: KeychainSecretStore[] = [];
afterEach(async () => {
  for (const keychain of keychains.splice(0)) await keychain.delete(API_KEY_SECRET).catch(() => undefined);
});

function parts(env: Record<string, string> = {}) {
  const db = openDatabase(':memory:');
  const config = new ConfigStore(new SettingsStore(db));
  const keychain = new KeychainSecretStore(`Steward-test-${randomUUID()}`);
  keychains.push(keychain);
  return { db, config, keychain, store: new ModelSettingsStore(config, keychain, env) };
}

describe('ModelSettingsStore', () => {
  it('keeps the API key in the keychain and nothing of it in the database', async () => {
    const { store, keychain, db } = parts();
    await store.setApiKey('sk-ant-secret-123\n');
    expect(await keychain.get(API_KEY_SECRET)).toBe('sk-ant-secret-123');
    const everything = JSON.stringify(db.prepare('SELECT * FROM settings').all());
    expect(everything).not.toContain('sk-ant');
    expect((await store.resolve()).apiKey).toEqual({ value: 'sk-ant-secret-123', source: 'keychain' });
  });

  it('refuses what is not a key, in words, and keeps the key it had', async () => {
    const { store } = parts();
    await store.setApiKey('sk-ant-good');
    await expect(store.setApiKey('sk-ant first\nsecond')).rejects.toThrow(/spaces or line breaks/);
    await expect(store.setApiKey('   ')).rejects.toThrow(/empty/);
    expect((await store.resolve()).apiKey?.value).toBe('sk-ant-good');
  });

  it('honours ANTHROPIC_API_KEY and ANTHROPIC_BASE_URL until a setting overrides them', async () => {
    const { store, config } = parts({ ANTHROPIC_API_KEY: 'sk-from-env', ANTHROPIC_BASE_URL: 'http://127.0.0.1:9999' });
    expect(await store.resolve()).toMatchObject({
      apiKey: { value: 'sk-from-env', source: 'environment' },
      baseUrl: { value: 'http://127.0.0.1:9999', source: 'environment' },
    });
    await store.setApiKey('sk-from-keychain');
    config.set('model.baseUrl', 'https://proxy.example.com/');
    expect(await store.resolve()).toMatchObject({
      apiKey: { value: 'sk-from-keychain', source: 'keychain' },
      baseUrl: { value: 'https://proxy.example.com', source: 'setting' },
    });
    // Removing the settings hands back to the environment.
    await store.setApiKey(null);
    config.set('model.baseUrl', null);
    expect(await store.resolve()).toMatchObject({ apiKey: { source: 'environment' }, baseUrl: { source: 'environment' } });
  });

  it('reads models and the budget from shared/config, refuses bad values, and tells listeners', async () => {
    const { store, config } = parts();
    let changes = 0;
    store.onChange(() => changes++);
    config.set('model.writing', 'claude-opus-5-5');
    config.set('budget.dailyTokens', '250k');
    expect(() => config.set('budget.dailyTokens', 'plenty')).toThrow(/not a number of tokens/);
    expect(() => config.set('model.baseUrl', 'http://192.168.1.5:8080')).toThrow(/unencrypted to 192\.168\.1\.5/);
    expect(changes).toBe(2);
    expect(await store.resolve()).toMatchObject({ models: { writing: 'claude-opus-5-5' }, dailyTokenBudget: 250_000, baseUrl: { value: DEFAULT_BASE_URL } });
    config.set('budget.dailyTokens', DEFAULT_DAILY_TOKEN_BUDGET);
    expect((await store.resolve()).dailyTokenBudget).toBe(DEFAULT_DAILY_TOKEN_BUDGET);
    expect(store.dailyTokenBudget()).toBe(DEFAULT_DAILY_TOKEN_BUDGET);
  });
});
