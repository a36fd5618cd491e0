/**
 * Why a model call failed, as a closed set of cases the rest of Steward can act on (retry, wait,
 * tell the user what to fix), each with words for the status line and the Runs page. What the
 * SDK threw becomes one of these in model-error.ts, beside the client that loads the SDK.
 */

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
