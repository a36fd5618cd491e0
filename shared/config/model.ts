/**
 * The model's settings (shared/config): which models do what, the endpoint, and the daily token
 * budget. The API key is not one of them: it is a secret, kept in the OS keychain (or the
 * secrets file) and set with `steward config set model.apiKey --stdin` or Settings → Model and
 * budget, never stored in the settings table. The parsers here are pure, so the renderer checks
 * what the user typed with the same words the engine would answer with.
 */
import { z } from 'zod';
import type { ConfigKey } from './keys.js';

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
export const MIN_DAILY_TOKEN_BUDGET = 10_000;
export const MAX_DAILY_TOKEN_BUDGET = 1_000_000_000;

const MODEL_ID = /^[A-Za-z0-9][A-Za-z0-9._:@/[\]-]{0,127}$/;

const modelId = z
  .string()
  .trim()
  .regex(MODEL_ID, 'use a model id such as claude-haiku-5-5 or claude-sonnet-5-5 (or the name your endpoint uses)');

/** A base URL, checked and normalised (no trailing slash); null: ANTHROPIC_BASE_URL, else Anthropic's. */
const baseUrl = z
  .string()
  .transform((raw, context) => {
    const checked = checkBaseUrl(raw);
    if (checked.ok) return checked.url;
    context.addIssue({ code: 'custom', message: checked.error });
    return z.NEVER;
  })
  .nullable();

/** A number of tokens, as a number or as people write it ("500k", "1,000,000", "1.5m"). */
const dailyTokens = z.union([z.number(), z.string()]).transform((raw, context) => {
  const tokens = typeof raw === 'number' ? raw : parseTokenCount(raw);
  if (tokens === null || !Number.isInteger(tokens)) {
    context.addIssue({ code: 'custom', message: `"${String(raw)}" is not a number of tokens: write it as 1000000, 1,000,000, 500k or 1.5m` });
    return z.NEVER;
  }
  if (tokens < MIN_DAILY_TOKEN_BUDGET || tokens > MAX_DAILY_TOKEN_BUDGET) {
    context.addIssue({
      code: 'custom',
      message: `a daily budget of ${tokens.toLocaleString('en')} tokens is out of range: use between ${MIN_DAILY_TOKEN_BUDGET.toLocaleString('en')} and ${MAX_DAILY_TOKEN_BUDGET.toLocaleString('en')} (to stop using the model, remove the API key)`,
    });
    return z.NEVER;
  }
  return tokens;
});

export const MODEL_KEYS = {
  'model.triage': {
    schema: modelId,
    default: DEFAULT_TRIAGE_MODEL,
    description: 'The model that sorts new mail (fast and cheap is right here).',
  } satisfies ConfigKey<string>,
  'model.writing': {
    schema: modelId,
    default: DEFAULT_WRITING_MODEL,
    description: 'The model that drafts replies, briefs and digests.',
  } satisfies ConfigKey<string>,
  'model.baseUrl': {
    schema: baseUrl,
    default: null,
    description: 'Any Anthropic-compatible endpoint, without /v1 (https, or http to this machine only). null: ANTHROPIC_BASE_URL, else Anthropic’s.',
  } satisfies ConfigKey<string | null>,
  'budget.dailyTokens': {
    schema: dailyTokens,
    default: DEFAULT_DAILY_TOKEN_BUDGET,
    description: 'Tokens the model may use per day (input, output and cache, from midnight in your time zone). Past it, jobs wait for the next day.',
  } satisfies ConfigKey<number>,
} as const;

/** Settings kept as secrets, never in the settings table. */
export const SECRET_KEYS = {
  'model.apiKey': {
    description: 'The Anthropic API key, kept in the OS keychain (or the secrets file). Without one (and without ANTHROPIC_API_KEY), Steward runs on its detectors only.',
    example: 'steward config set model.apiKey --stdin',
  },
} as const;

export type SecretKeyName = keyof typeof SECRET_KEYS;

export function isSecretKey(name: string): name is SecretKeyName {
  return Object.hasOwn(SECRET_KEYS, name);
}

export type ApiKeyCheck = { readonly ok: true; readonly value: string } | { readonly ok: false; readonly error: string };

/** What the user pasted as a key: trimmed (a pasted key often ends in a line break), one token. */
export function checkApiKey(raw: string): ApiKeyCheck {
  const value = raw.trim();
  if (value === '') return { ok: false, error: 'The API key is empty. Paste the key alone (from console.anthropic.com → API keys), or remove it to stop using the model.' };
  if (/\s/.test(value) || value.length > 512) {
    return { ok: false, error: 'That does not look like an API key: it has spaces or line breaks inside, or is very long. Paste the key alone (from console.anthropic.com → API keys).' };
  }
  return { ok: true, value };
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
  // Parsed by hand: shared/ runs where neither Node's nor the DOM's URL is typed.
  const text = raw.trim();
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(text);
  if (!scheme?.[1]) {
    return { ok: false, error: `"${raw}" is not a URL. Write it in full, such as https://api.anthropic.com or http://127.0.0.1:8080.` };
  }
  const protocol = scheme[1].toLowerCase();
  if (protocol !== 'https' && protocol !== 'http') {
    return { ok: false, error: `The base URL must start with https:// (or http:// for a server on this machine), not ${protocol}://.` };
  }
  const rest = text.slice(scheme[0].length);
  const authorityEnd = rest.search(/[/?#]/);
  const authority = authorityEnd < 0 ? rest : rest.slice(0, authorityEnd);
  const tail = authorityEnd < 0 ? '' : rest.slice(authorityEnd);
  if (authority.includes('@')) {
    return { ok: false, error: 'Leave the user name and password out of the base URL: set the key with `steward config set model.apiKey --stdin`.' };
  }
  const host = /^(\[[0-9a-f:.]+\]|[a-z0-9.-]+)(?::(\d{1,5}))?$/i.exec(authority);
  if (!host?.[1] || (host[2] !== undefined && Number(host[2]) > 65_535)) {
    return { ok: false, error: `"${raw}" is not a URL. Write it in full, such as https://api.anthropic.com or http://127.0.0.1:8080.` };
  }
  const hostname = host[1].toLowerCase();
  if (protocol === 'http' && !isLoopback(hostname)) {
    return {
      ok: false,
      error: `Plain http would send your API key unencrypted to ${hostname}. Use https://, or http:// only to this machine (localhost, 127.0.0.1, [::1]).`,
    };
  }
  if (/[?#]/.test(tail)) return { ok: false, error: 'The base URL takes no ?query or #fragment.' };
  const defaultPort = protocol === 'https' ? '443' : '80';
  const origin = `${protocol}://${hostname}${host[2] && host[2] !== defaultPort ? `:${host[2]}` : ''}`;
  const path = tail.replace(/\/+$/, '');
  if (/\/v1$/.test(path)) {
    return { ok: false, error: `Leave /v1 out of the base URL (Steward adds /v1/messages itself): use ${origin}${path.replace(/\/v1$/, '')}.` };
  }
  return { ok: true, url: `${origin}${path}` };
}

function isLoopback(hostname: string): boolean {
  return hostname === 'localhost' || hostname === '[::1]' || /^127(?:\.\d{1,3}){3}$/.test(hostname);
}
