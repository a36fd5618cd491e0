// Against the run's real Secret Service (started by the test harness), under a service name of
// its own so nothing collides with other tests.
import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
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
  const settings = new SettingsStore(openDatabase(':memory:'));
  const keychain = new KeychainSecretStore(`Steward-test-${randomUUID()}`);
  keychains.push(keychain);
  return { settings, keychain, store: new ModelSettingsStore(settings, keychain, env) };
}

describe('ModelSettingsStore', () => {
  it('keeps the API key in the keychain and nothing of it in the database', async () => {
    const { store, keychain, settings } = parts();
    expect(await store.set('model.apiKey', 'sk-ant-secret-123\n')).toEqual({ ok: true, key: 'model.apiKey', removed: false });
    expect(await keychain.get(API_KEY_SECRET)).toBe('sk-ant-secret-123');
    expect(JSON.stringify(settings.get('agent.modelSettings') ?? {})).not.toContain('sk-ant');
    expect((await store.resolve()).apiKey).toEqual({ value: 'sk-ant-secret-123', source: 'keychain' });
  });

  it('honours ANTHROPIC_API_KEY and ANTHROPIC_BASE_URL until a setting overrides them', async () => {
    const { store } = parts({ ANTHROPIC_API_KEY: 'sk-from-env', ANTHROPIC_BASE_URL: 'http://127.0.0.1:9999' });
    expect(await store.resolve()).toMatchObject({
      apiKey: { value: 'sk-from-env', source: 'environment' },
      baseUrl: { value: 'http://127.0.0.1:9999', source: 'environment' },
    });
    await store.set('model.apiKey', 'sk-from-keychain');
    await store.set('model.baseUrl', 'https://proxy.example.com/');
    expect(await store.resolve()).toMatchObject({
      apiKey: { value: 'sk-from-keychain', source: 'keychain' },
      baseUrl: { value: 'https://proxy.example.com', source: 'setting' },
    });
    // Removing the settings hands back to the environment.
    await store.set('model.apiKey', '');
    await store.set('model.baseUrl', '');
    expect(await store.resolve()).toMatchObject({ apiKey: { source: 'environment' }, baseUrl: { source: 'environment' } });
  });

  it('saves models and the budget, and refuses bad values without changing anything', async () => {
    const { store } = parts();
    await store.set('model.writing', 'claude-opus-5-5');
    await store.set('budget.dailyTokens', '250k');
    const refused = await store.set('budget.dailyTokens', 'plenty');
    expect(refused.ok).toBe(false);
    expect(!refused.ok && refused.error).toMatch(/not a number of tokens/);
    expect(await store.resolve()).toMatchObject({ models: { writing: 'claude-opus-5-5' }, dailyTokenBudget: 250_000, baseUrl: { value: DEFAULT_BASE_URL } });
    await store.set('budget.dailyTokens', '');
    expect((await store.resolve()).dailyTokenBudget).toBe(DEFAULT_DAILY_TOKEN_BUDGET);
  });

  it('ignores a stored override that does not parse, rather than trusting it, and keeps the others', async () => {
    const { store, settings } = parts();
    settings.set('agent.modelSettings', { dailyTokenBudget: 'lots', triageModel: 'claude-haiku-4-5' });
    expect(store.overrides()).toEqual({ triageModel: 'claude-haiku-4-5' });
    settings.set('agent.modelSettings', 'garbage');
    expect(store.overrides()).toEqual({});
  });
});
