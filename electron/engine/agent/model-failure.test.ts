import { APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError } from '@anthropic-ai/sdk';
import { describe, expect, it } from 'vitest';
import { classifyModelError, retryAfterFrom } from './model-error.js';
import { describeModelFailure, type ModelFailure } from './model-failure.js';

const body = (type: string, message = 'x') => ({ type: 'error', error: { type, message }, request_id: 'req_1' });
const headers = (entries: Record<string, string> = {}) => new Headers(entries);

describe('classifyModelError', () => {
  it.each<{ name: string; error: unknown; failure: Partial<ModelFailure> }>([
    { name: '401', error: APIError.generate(401, body('authentication_error'), undefined, headers()), failure: { kind: 'bad_key' } },
    { name: '402', error: APIError.generate(402, body('billing_error', 'Your credit balance is too low'), undefined, headers()), failure: { kind: 'billing', detail: 'Your credit balance is too low' } },
    { name: '403', error: APIError.generate(403, body('permission_error'), undefined, headers()), failure: { kind: 'forbidden' } },
    { name: '404', error: APIError.generate(404, body('not_found_error', 'model: claude-x'), undefined, headers()), failure: { kind: 'model_not_found', detail: 'model: claude-x' } },
    { name: '429 with retry-after', error: APIError.generate(429, body('rate_limit_error'), undefined, headers({ 'retry-after': '7' })), failure: { kind: 'rate_limited', retryAfterMs: 7_000 } },
    { name: '429 with retry-after-ms', error: APIError.generate(429, body('rate_limit_error'), undefined, headers({ 'retry-after-ms': '250', 'retry-after': '1' })), failure: { kind: 'rate_limited', retryAfterMs: 250 } },
    { name: '529', error: APIError.generate(529, body('overloaded_error'), undefined, headers()), failure: { kind: 'overloaded', retryAfterMs: null } },
    { name: '500', error: APIError.generate(500, body('api_error'), undefined, headers()), failure: { kind: 'server_error', status: 500 } },
    { name: '400', error: APIError.generate(400, body('invalid_request_error', 'max_tokens: too large'), undefined, headers()), failure: { kind: 'bad_request', detail: 'max_tokens: too large' } },
    { name: 'overload inside a stream', error: new APIError(undefined, body('overloaded_error'), undefined, headers(), 'overloaded_error'), failure: { kind: 'overloaded' } },
    { name: 'a refused connection', error: new APIConnectionError({ cause: Object.assign(new TypeError('fetch failed'), { cause: Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9'), { code: 'ECONNREFUSED' }) }) }), failure: { kind: 'unreachable', detail: 'ECONNREFUSED: connect ECONNREFUSED 127.0.0.1:9' } },
    { name: 'a timeout', error: new APIConnectionTimeoutError(), failure: { kind: 'timeout' } },
    { name: 'an abort from elsewhere', error: new APIUserAbortError(), failure: { kind: 'aborted' } },
    { name: 'a body that is not the API’s', error: new SyntaxError('Unexpected token < in JSON'), failure: { kind: 'protocol' } },
  ])('$name', ({ error, failure }) => {
    expect(classifyModelError(error)).toMatchObject(failure);
  });
});

describe('retryAfterFrom', () => {
  it('reads an HTTP date', () => {
    const now = Date.parse('2026-11-25T09:00:00Z');
    expect(retryAfterFrom(headers({ 'retry-after': 'Wed, 25 Nov 2026 09:00:30 GMT' }), () => now)).toBe(30_000);
    expect(retryAfterFrom(headers({ 'retry-after': 'soon' }))).toBeNull();
    expect(retryAfterFrom(undefined)).toBeNull();
  });
});

describe('describeModelFailure', () => {
  const context = { baseUrl: 'https://api.anthropic.com', model: 'claude-haiku-5-5', attempts: 4 };
  it.each<[ModelFailure, RegExp]>([
    [{ kind: 'no_key' }, /No Anthropic API key.*detectors.*steward config set model\.apiKey --stdin/],
    [{ kind: 'bad_key' }, /refused the API key.*Settings → Model and budget/],
    [{ kind: 'unreachable', detail: 'ENOTFOUND' }, /could not reach the model at https:\/\/api\.anthropic\.com \(tried 4 times\) \(ENOTFOUND\).*detectors keep working/],
    [{ kind: 'overloaded', retryAfterMs: null }, /overloaded \(tried 4 times\)/],
    [{ kind: 'rate_limited', retryAfterMs: 120_000 }, /rate limit.*wait 2 min/],
    [{ kind: 'model_not_found', detail: 'not found' }, /no model "claude-haiku-5-5"/],
    [{ kind: 'aborted', reason: 'Steward was paused.' }, /Stopped before the model finished: Steward was paused\./],
  ])('%o', (failure, words) => {
    expect(describeModelFailure(failure, context)).toMatch(words);
  });
});
