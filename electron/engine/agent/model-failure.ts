/**
 * Why a model call failed, as a closed set of cases the rest of Steward can act on (retry, wait,
 * tell the user what to fix), each with words for the status line and the Runs page.
 */
import { APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError } from '@anthropic-ai/sdk';

export type ModelFailure =
  | { readonly kind: 'no_key' }
  | { readonly kind: 'bad_key' }
  | { readonly kind: 'forbidden'; readonly detail: string }
  | { readonly kind: 'billing'; readonly detail: string }
  | { readonly kind: 'model_not_found'; readonly detail: string }
  | { readonly kind: 'bad_request'; readonly detail: string }
  | { readonly kind: 'bad_base_url'; readonly detail: string }
  /** The key could not be read from the OS keychain (locked, no Secret Service). */
  | { readonly kind: 'keychain_unavailable'; readonly detail: string }
  | { readonly kind: 'rate_limited'; readonly retryAfterMs: number | null }
  | { readonly kind: 'overloaded'; readonly retryAfterMs: number | null }
  | { readonly kind: 'server_error'; readonly status: number | null; readonly retryAfterMs: number | null }
  | { readonly kind: 'unreachable'; readonly detail: string }
  | { readonly kind: 'timeout' }
  /** The stream went quiet for too long mid-answer. */
  | { readonly kind: 'stalled'; readonly quietMs: number }
  /** The endpoint answered, but not as the Messages API does. */
  | { readonly kind: 'protocol'; readonly detail: string }
  /** The caller's signal fired (the kill switch, a cancelled job); `reason` is its reason in words. */
  | { readonly kind: 'aborted'; readonly reason: string };

export type ModelFailureKind = ModelFailure['kind'];

/** Worth trying again soon: the cause is on the way or at the other end, and passes. */
export function isTransient(failure: ModelFailure): boolean {
  switch (failure.kind) {
    case 'rate_limited':
    case 'overloaded':
    case 'server_error':
    case 'unreachable':
    case 'timeout':
    case 'stalled':
      return true;
    default:
      return false;
  }
}

/** The wait the server asked for, if it asked. */
export function requestedWaitMs(failure: ModelFailure): number | null {
  return failure.kind === 'rate_limited' || failure.kind === 'overloaded' || failure.kind === 'server_error' ? failure.retryAfterMs : null;
}

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

export interface FailureContext {
  readonly baseUrl: string;
  readonly model: string;
  readonly attempts: number;
}

const SETTINGS = 'Settings → Model and budget';

/** The failure in words a user can act on. */
export function describeModelFailure(failure: ModelFailure, context: FailureContext): string {
  const tries = context.attempts > 1 ? ` (tried ${context.attempts} times)` : '';
  switch (failure.kind) {
    case 'no_key':
      return `No Anthropic API key is set, so Steward runs on its built-in detectors only. Add a key in ${SETTINGS} or with \`steward config set model.apiKey --stdin\` (or set ANTHROPIC_API_KEY) to let it triage and draft replies.`;
    case 'bad_key':
      return `${context.baseUrl} refused the API key (authentication failed). Check the key in ${SETTINGS}, or set a new one with \`steward config set model.apiKey --stdin\`.`;
    case 'forbidden':
      return `The API key may not use ${context.model}: ${failure.detail}. Choose another model in ${SETTINGS}, or check the key's permissions in the Anthropic console.`;
    case 'billing':
      return `Anthropic refused the call for billing reasons: ${failure.detail}. Check the account's credit in the Anthropic console.`;
    case 'model_not_found':
      return `${context.baseUrl} has no model "${context.model}" (${failure.detail}). Choose a model it offers in ${SETTINGS}.`;
    case 'bad_request':
      return `The model API rejected Steward's request: ${failure.detail}. This is a fault in Steward; the job was stopped and nothing was lost.`;
    case 'bad_base_url':
      return `The model base URL is not usable: ${failure.detail}`;
    case 'keychain_unavailable':
      return failure.detail;
    case 'rate_limited':
      return `Anthropic's rate limit for this key was reached${tries}${waitWords(failure.retryAfterMs)}. The job waits and tries again.`;
    case 'overloaded':
      return `Anthropic's API is overloaded${tries}${waitWords(failure.retryAfterMs)}. The job waits and tries again.`;
    case 'server_error':
      return `The model API had an internal error${failure.status ? ` (${failure.status})` : ''}${tries}. The job waits and tries again.`;
    case 'unreachable':
      return `Steward could not reach the model at ${context.baseUrl}${tries} (${failure.detail}). Check the network connection, or the base URL in ${SETTINGS}. The detectors keep working meanwhile.`;
    case 'timeout':
      return `The model at ${context.baseUrl} did not answer in time${tries}. The job waits and tries again.`;
    case 'stalled':
      return `The model's answer stopped arriving for ${Math.round(failure.quietMs / 1000)} s${tries}. The job waits and tries again.`;
    case 'protocol':
      return `${context.baseUrl} answered, but not as the Anthropic Messages API does (${failure.detail}). Check the base URL in ${SETTINGS}.`;
    case 'aborted':
      return `Stopped before the model finished: ${failure.reason}`;
  }
}

function waitWords(ms: number | null): string {
  if (ms === null) return '';
  return ms >= 60_000 ? `; it asked to wait ${Math.ceil(ms / 60_000)} min` : `; it asked to wait ${Math.ceil(ms / 1000)} s`;
}
