import { describe, expect, it } from 'vitest';
import { DEFAULT_BASE_URL, DEFAULT_DAILY_TOKEN_BUDGET, DEFAULT_TRIAGE_MODEL, DEFAULT_WRITING_MODEL, resolveModelSettings } from './model-settings.js';

describe('resolveModelSettings', () => {
  it.each([
    { name: 'nothing set: no key, the defaults', storedApiKey: null, env: {}, key: null, url: [DEFAULT_BASE_URL, 'default'] },
    { name: 'the environment, as the SDK reads it', storedApiKey: null, env: { ANTHROPIC_API_KEY: ' sk-env ', ANTHROPIC_BASE_URL: 'http://127.0.0.1:9000' }, key: ['sk-env', 'environment'], url: ['http://127.0.0.1:9000', 'environment'] },
    { name: 'empty variables count as unset', storedApiKey: null, env: { ANTHROPIC_API_KEY: '', ANTHROPIC_BASE_URL: '  ' }, key: null, url: [DEFAULT_BASE_URL, 'default'] },
    { name: 'the keychain beats the environment', storedApiKey: 'sk-keychain', env: { ANTHROPIC_API_KEY: 'sk-env' }, key: ['sk-keychain', 'keychain'], url: [DEFAULT_BASE_URL, 'default'] },
    { name: 'a base URL setting beats the environment', storedApiKey: null, overrides: { baseUrl: 'https://proxy.example.com' }, env: { ANTHROPIC_BASE_URL: 'http://127.0.0.1:9000' }, key: null, url: ['https://proxy.example.com', 'setting'] },
  ])('$name', ({ storedApiKey, env, overrides, key, url }) => {
    const resolved = resolveModelSettings({ overrides: overrides ?? {}, storedApiKey, env });
    expect(resolved.apiKey).toEqual(key ? { value: key[0], source: key[1] } : null);
    expect(resolved.baseUrl).toEqual({ value: url[0], source: url[1] });
  });

  it('takes models and budget from the settings, else the defaults', () => {
    expect(resolveModelSettings({ overrides: {}, storedApiKey: null, env: {} })).toMatchObject({
      models: { triage: DEFAULT_TRIAGE_MODEL, writing: DEFAULT_WRITING_MODEL },
      dailyTokenBudget: DEFAULT_DAILY_TOKEN_BUDGET,
    });
    expect(resolveModelSettings({ overrides: { writingModel: 'claude-opus-5-5', dailyTokenBudget: 200_000 }, storedApiKey: null, env: {} })).toMatchObject({
      models: { triage: DEFAULT_TRIAGE_MODEL, writing: 'claude-opus-5-5' },
      dailyTokenBudget: 200_000,
    });
  });
});
