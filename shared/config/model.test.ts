import { describe, expect, it } from 'vitest';
import { CONFIG_KEYS } from './keys.js';
import { checkApiKey, checkBaseUrl, parseTokenCount } from './model.js';

const parse = (key: 'model.triage' | 'model.writing' | 'model.baseUrl' | 'budget.dailyTokens', value: unknown) => CONFIG_KEYS[key].schema.safeParse(value);

describe('model settings', () => {
  it.each([
    { key: 'model.triage', raw: ' claude-haiku-5-5 ', value: 'claude-haiku-5-5' },
    { key: 'model.writing', raw: 'llama3.1:70b', value: 'llama3.1:70b' },
    { key: 'model.writing', raw: 'org/model-name', value: 'org/model-name' },
    { key: 'model.baseUrl', raw: 'https://gateway.example.com/anthropic/', value: 'https://gateway.example.com/anthropic' },
    { key: 'model.baseUrl', raw: 'http://127.0.0.1:8080', value: 'http://127.0.0.1:8080' },
    { key: 'model.baseUrl', raw: 'http://localhost:11434', value: 'http://localhost:11434' },
    { key: 'model.baseUrl', raw: null, value: null },
    { key: 'budget.dailyTokens', raw: '500k', value: 500_000 },
    { key: 'budget.dailyTokens', raw: '1,000,000', value: 1_000_000 },
    { key: 'budget.dailyTokens', raw: '1.5m', value: 1_500_000 },
    { key: 'budget.dailyTokens', raw: 250_000, value: 250_000 },
  ] as const)('$key = $raw', ({ key, raw, value }) => {
    const parsed = parse(key, raw);
    expect(parsed.success && parsed.data).toEqual(value);
  });

  it.each([
    { key: 'model.triage', raw: 'claude haiku', error: /use a model id/ },
    { key: 'budget.dailyTokens', raw: 'lots', error: /not a number of tokens/ },
    { key: 'budget.dailyTokens', raw: 500, error: /out of range.*10,000/ },
    { key: 'budget.dailyTokens', raw: 1.5, error: /not a number of tokens/ },
    { key: 'model.baseUrl', raw: 'http://192.168.1.5:8080', error: /unencrypted to 192\.168\.1\.5/ },
    { key: 'model.baseUrl', raw: 'https://api.anthropic.com/v1', error: /Leave \/v1 out.*https:\/\/api\.anthropic\.com\./ },
    { key: 'model.baseUrl', raw: 'https://user:pw@example.com', error: /user name and password/ },
    { key: 'model.baseUrl', raw: 'api.anthropic.com', error: /not a URL/ },
    { key: 'model.baseUrl', raw: 'ftp://example.com', error: /must start with https/ },
  ] as const)('refuses $key = $raw in words', ({ key, raw, error }) => {
    const parsed = parse(key, raw);
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues.map((issue) => issue.message).join('; ')).toMatch(error);
  });

  it.each([
    ['sk-ant-api03-abc_DEF-123\n', { ok: true, value: 'sk-ant-api03-abc_DEF-123' }],
    ['sk-ant first\nsecond', { ok: false }],
    ['', { ok: false }],
  ] as const)('checkApiKey(%j)', (raw, expected) => {
    expect(checkApiKey(raw)).toMatchObject(expected);
  });

  it.each([
    ['1000000', 1_000_000],
    ['1_000_000', 1_000_000],
    ['250K', 250_000],
    ['2M', 2_000_000],
    ['0.5m', 500_000],
    ['1e6', null],
    ['-5', null],
  ] as const)('parseTokenCount(%s) → %s', (text, expected) => {
    expect(parseTokenCount(text)).toBe(expected);
  });

  it('allows plain http only to this machine', () => {
    expect(checkBaseUrl('http://[::1]:8080')).toEqual({ ok: true, url: 'http://[::1]:8080' });
    expect(checkBaseUrl('http://127.1.2.3')).toEqual({ ok: true, url: 'http://127.1.2.3' });
    expect(checkBaseUrl('http://example.com').ok).toBe(false);
  });
});
