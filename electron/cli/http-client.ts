import { API_METHODS, type EngineApi } from '@shared/api/contract.js';
import { ApiError, isApiErrorPayload } from '@shared/api/errors.js';
import type { HostInfo } from '../host/host-file.js';

/** The engine API of a running host, over its HTTP endpoint. */
export function httpEngineApi(host: HostInfo): EngineApi {
  const call = async (method: string, input: unknown): Promise<unknown> => {
    let response: Response;
    try {
      response = await fetch(new URL(`api/${method}`, host.url), {
        method: 'POST',
        // The CLI's own token makes the host record these calls as the CLI's; no header could.
        headers: { authorization: `Bearer ${host.cliToken ?? host.token}`, 'content-type': 'application/json' },
        body: JSON.stringify(input ?? null),
      });
    } catch (error) {
      throw new ApiError(
        'unavailable',
        `Could not reach the running Steward at ${host.url} (${error instanceof Error ? error.message : String(error)}). Is it still running?`,
      );
    }
    const body: unknown = await response.json().catch(() => null);
    if (!response.ok) {
      const payload = (body as { error?: unknown } | null)?.error;
      throw isApiErrorPayload(payload) ? new ApiError(payload.code, payload.message) : new ApiError('internal', `HTTP ${response.status}`);
    }
    return body;
  };
  return Object.fromEntries(API_METHODS.map((method) => [method, (input?: unknown) => call(method, input)])) as unknown as EngineApi;
}
