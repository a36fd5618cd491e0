/**
 * Turns what @anthropic-ai/sdk threw into a ModelFailure. Apart from model-failure.ts so that the
 * engine loads the SDK (a few MB of resident memory) only with the model client, when a job first
 * calls the model: an engine without a key, or one only syncing mail, never loads it.
 */
import { APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError } from '@anthropic-ai/sdk';
import type { ModelFailure } from './model-failure.js';

/**
 * Turns whatever the SDK threw into a failure. The model client decides `aborted` itself (only
 * the caller's own signal counts as that); an abort seen here came from elsewhere.
 */
export function classifyModelError(error: unknown, now: () => number = Date.now): ModelFailure {
  if (error instanceof APIUserAbortError) return { kind: 'aborted', reason: 'The call was cancelled.' };
  if (error instanceof APIConnectionTimeoutError) return { kind: 'timeout' };
  if (error instanceof APIConnectionError) return { kind: 'unreachable', detail: connectionCause(error) };
  if (error instanceof APIError) {
    // instanceof leaves APIError's type parameters as any: pin them to what the SDK documents.
    const status = error.status as number | undefined;
    const retryAfterMs = retryAfterFrom(error.headers as Headers | undefined, now);
    const detail = error.apiMessage ?? error.message;
    // Errors sent inside a stream (`event: error`) have no status: their type says what happened.
    switch (status ?? statusOfType(error.type)) {
      case 401:
        return { kind: 'bad_key' };
      case 402:
        return { kind: 'billing', detail };
      case 403:
        return { kind: 'forbidden', detail };
      case 404:
        return { kind: 'model_not_found', detail };
      case 429:
        return { kind: 'rate_limited', retryAfterMs };
      case 529:
        return { kind: 'overloaded', retryAfterMs };
      case 400:
      case 413:
      case 422:
        return error.type === 'billing_error' ? { kind: 'billing', detail } : { kind: 'bad_request', detail };
      case 408:
      case 504:
        return { kind: 'timeout' };
      default:
        if (status === undefined || status >= 500) return { kind: 'server_error', status: status ?? null, retryAfterMs };
        return { kind: 'bad_request', detail: `${status} ${detail}` };
    }
  }
  // A body that is not the API's (an HTML error page from a proxy, garbled events).
  if (error instanceof SyntaxError) return { kind: 'protocol', detail: error.message };
  return { kind: 'protocol', detail: error instanceof Error ? error.message : String(error) };
}

function statusOfType(type: string | null): number | undefined {
  switch (type) {
    case 'overloaded_error':
      return 529;
    case 'rate_limit_error':
      return 429;
    case 'authentication_error':
      return 401;
    case 'permission_error':
      return 403;
    case 'billing_error':
      return 402;
    case 'not_found_error':
      return 404;
    case 'invalid_request_error':
      return 400;
    case 'timeout_error':
      return 504;
    default:
      return undefined;
  }
}

/** `retry-after-ms` (as the SDK also reads it), else `retry-after` in seconds or as an HTTP date. */
export function retryAfterFrom(headers: Headers | undefined, now: () => number = Date.now): number | null {
  if (!headers) return null;
  const ms = Number.parseFloat(headers.get('retry-after-ms') ?? '');
  if (Number.isFinite(ms) && ms >= 0) return ms;
  const raw = headers.get('retry-after');
  if (!raw) return null;
  const seconds = Number.parseFloat(raw);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const date = Date.parse(raw);
  return Number.isFinite(date) ? Math.max(0, date - now()) : null;
}

function connectionCause(error: APIConnectionError): string {
  // undici reports "fetch failed" with the system error (ECONNREFUSED, ENOTFOUND…) as its cause.
  let cause = error.cause;
  while (cause instanceof Error && cause.cause instanceof Error) cause = cause.cause;
  if (cause instanceof Error) {
    const code = (cause as NodeJS.ErrnoException).code;
    return code ? `${code}: ${cause.message}` : cause.message;
  }
  return error.message;
}
