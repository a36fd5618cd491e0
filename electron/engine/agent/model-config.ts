/**
 * The model's settings as `steward config set KEY VALUE` and Settings → Model and budget take
 * them: each key, what it means, and a parser that turns what the user typed into a value or
 * into an error that says what to type instead. An empty value removes the setting, so the
 * environment or the default applies again.
 */
export type ModelConfigKey = 'model.apiKey' | 'model.triage' | 'model.writing' | 'model.baseUrl' | 'budget.dailyTokens';

export interface ModelConfigKeyInfo {
  readonly key: ModelConfigKey;
  /** Kept in the OS keychain, read from stdin by the CLI (`--stdin`), never echoed. */
  readonly secret: boolean;
  readonly description: string;
  readonly example: string;
}

export const MODEL_CONFIG_KEYS: Readonly<Record<ModelConfigKey, ModelConfigKeyInfo>> = {
  'model.apiKey': {
    key: 'model.apiKey',
    secret: true,
    description: 'The Anthropic API key, kept in the OS keychain. Without one (and without ANTHROPIC_API_KEY), Steward runs on its built-in detectors only.',
    example: 'steward config set model.apiKey --stdin',
  },
  'model.triage': {
    key: 'model.triage',
    secret: false,
    description: 'The model that sorts new mail (fast and cheap is right here).',
    example: 'steward config set model.triage claude-haiku-5-5',
  },
  'model.writing': {
    key: 'model.writing',
    secret: false,
    description: 'The model that drafts replies, briefs and digests.',
    example: 'steward config set model.writing claude-sonnet-5-5',
  },
  'model.baseUrl': {
    key: 'model.baseUrl',
    secret: false,
    description: 'Any Anthropic-compatible endpoint, without /v1. https, or http on this machine only. Overrides ANTHROPIC_BASE_URL.',
    example: 'steward config set model.baseUrl http://127.0.0.1:8080',
  },
  'budget.dailyTokens': {
    key: 'budget.dailyTokens',
    secret: false,
    description: 'Tokens Steward may spend per day (input, output and cache, counted from midnight in your time zone). Past it, jobs wait for the next day.',
    example: 'steward config set budget.dailyTokens 500k',
  },
};

export function isModelConfigKey(key: string): key is ModelConfigKey {
  return Object.hasOwn(MODEL_CONFIG_KEYS, key);
}

export type ParsedModelConfig =
  | { readonly ok: true; readonly key: 'model.apiKey' | 'model.triage' | 'model.writing' | 'model.baseUrl'; readonly value: string | null }
  | { readonly ok: true; readonly key: 'budget.dailyTokens'; readonly value: number | null }
  | { readonly ok: false; readonly error: string };

export const MIN_DAILY_TOKEN_BUDGET = 10_000;
const MAX_DAILY_TOKEN_BUDGET = 1_000_000_000;
const MODEL_ID = /^[A-Za-z0-9][A-Za-z0-9._:@/[\]-]{0,127}$/;

export function parseModelConfig(key: string, raw: string): ParsedModelConfig {
  if (!isModelConfigKey(key)) {
    return { ok: false, error: `Unknown setting "${key}". The model settings are: ${Object.keys(MODEL_CONFIG_KEYS).join(', ')}.` };
  }
  const value = raw.trim();
  if (value === '') return { ok: true, key, value: null };
  switch (key) {
    case 'model.apiKey':
      if (/\s/.test(value) || value.length > 512) {
        return { ok: false, error: 'That does not look like an API key: it has spaces or line breaks inside, or is very long. Paste the key alone (from console.anthropic.com → API keys).' };
      }
      return { ok: true, key, value };
    case 'model.triage':
    case 'model.writing':
      if (!MODEL_ID.test(value)) {
        return { ok: false, error: `"${value}" is not a model id. Use an id such as claude-haiku-5-5 or claude-sonnet-5-5 (or the name your endpoint uses).` };
      }
      return { ok: true, key, value };
    case 'model.baseUrl': {
      const checked = checkBaseUrl(value);
      return checked.ok ? { ok: true, key, value: checked.url } : checked;
    }
    case 'budget.dailyTokens': {
      const tokens = parseTokenCount(value);
      if (tokens === null) return { ok: false, error: `"${value}" is not a number of tokens. Write it as 1000000, 1,000,000, 500k or 1.5m.` };
      if (tokens < MIN_DAILY_TOKEN_BUDGET || tokens > MAX_DAILY_TOKEN_BUDGET) {
        return { ok: false, error: `A daily budget of ${tokens.toLocaleString('en')} tokens is out of range: use between ${MIN_DAILY_TOKEN_BUDGET.toLocaleString('en')} and ${MAX_DAILY_TOKEN_BUDGET.toLocaleString('en')}. (To stop using the model, remove the API key.)` };
      }
      return { ok: true, key, value: tokens };
    }
  }
}

/** "1,000,000", "1_000_000", "500k", "1.5m" → a whole number of tokens. */
export function parseTokenCount(text: string): number | null {
  const match = /^(\d+(?:[.,_]\d+)*)\s*([kKmM]?)$/.exec(text.trim());
  if (!match) return null;
  const [, digits = '', suffix = ''] = match;
  const multiplier = suffix.toLowerCase() === 'k' ? 1_000 : suffix.toLowerCase() === 'm' ? 1_000_000 : 1;
  // With a suffix, "1.5m" is a decimal; without one, separators only group thousands.
  const normalized = multiplier === 1 ? digits.replace(/[.,_]/g, '') : digits.replace(/[,_]/g, '');
  const number = Number(normalized) * multiplier;
  return Number.isFinite(number) ? Math.round(number) : null;
}

export type BaseUrlCheck = { readonly ok: true; readonly url: string } | { readonly ok: false; readonly error: string };

/**
 * The API key travels with every request, so a base URL must be https, or plain http only to
 * this machine (a local model server). Credentials never go in the URL, and /v1 is the SDK's
 * to add.
 */
export function checkBaseUrl(raw: string): BaseUrlCheck {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    return { ok: false, error: `"${raw}" is not a URL. Write it in full, such as https://api.anthropic.com or http://127.0.0.1:8080.` };
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    return { ok: false, error: `The base URL must start with https:// (or http:// for a server on this machine), not ${url.protocol}//.` };
  }
  if (url.protocol === 'http:' && !isLoopback(url.hostname)) {
    return {
      ok: false,
      error: `Plain http would send your API key unencrypted to ${url.hostname}. Use https://, or http:// only to this machine (localhost, 127.0.0.1, [::1]).`,
    };
  }
  if (url.username || url.password) {
    return { ok: false, error: 'Leave the user name and password out of the base URL: set the key with `steward config set model.apiKey --stdin`.' };
  }
  if (url.search || url.hash) return { ok: false, error: 'The base URL takes no ?query or #fragment.' };
  const path = url.pathname.replace(/\/+$/, '');
  if (/\/v1$/.test(path)) {
    return { ok: false, error: `Leave /v1 out of the base URL (Steward adds /v1/messages itself): use ${url.origin}${path.replace(/\/v1$/, '')}.` };
  }
  return { ok: true, url: `${url.origin}${path}` };
}

function isLoopback(hostname: string): boolean {
  return hostname === 'localhost' || hostname === '[::1]' || /^127(?:\.\d{1,3}){3}$/.test(hostname);
}
