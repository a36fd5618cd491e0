/**
 * What the rest of the renderer sees of the engine: an EngineApi that works whatever carries
 * it, the link's state in words the UI can show, and the event stream. The desktop and browser
 * transports below only differ in how they obtain (and re-obtain) a channel.
 */
import type { ApiMethod, EngineApi } from '@shared/api/contract';
import type { EngineEvent } from '@shared/api/events';
import { ApiError } from '@shared/api/errors';
import { API_METHODS } from '@shared/api/contract';
import type { EngineClient } from '@shared/rpc/rpc';

export type LinkState =
  /** First connection attempt; nothing has been shown yet. */
  | { readonly kind: 'connecting' }
  | { readonly kind: 'open' }
  /**
   * The link dropped; `retryAt` is when the next attempt starts (null: waiting for the shell).
   * `reason`: the shell said the engine stopped for good, and why.
   */
  | { readonly kind: 'reconnecting'; readonly attempt: number; readonly retryAt: number | null; readonly reason?: string }
  /** Browser only: no token, or the host refused it. */
  | { readonly kind: 'needs-token'; readonly reason: 'missing' | 'rejected' };

export type Transport = 'desktop' | 'browser';

export interface LinkListener {
  onState(state: LinkState): void;
  onEvent(event: EngineEvent): void;
}

export interface EngineLink {
  readonly transport: Transport;
  /** Always callable; rejects with an `unavailable` ApiError while the link is down. */
  readonly api: EngineApi;
  start(listener: LinkListener): void;
  /** Skips the rest of a reconnect backoff (the user clicked "Try now", the network came back). */
  retryNow(): void;
  stop(): void;
}

const NOT_CONNECTED = 'Steward is not connected right now. It reconnects by itself; try again in a moment.';
const DROPPED = 'The connection to Steward dropped before it answered. Check Activity once it is back.';

/**
 * An EngineApi that forwards to whichever client is current. Calls cut short by a dropped link
 * reject with a message in words instead of birpc's "rpc is closed".
 */
export function forwardingApi(current: () => EngineClient | null): EngineApi {
  const entries = API_METHODS.map((method) => [
    method,
    async (input?: unknown) => {
      const client = current();
      if (!client) throw new ApiError('unavailable', NOT_CONNECTED);
      const methods = client.api as unknown as Record<ApiMethod, (input?: unknown) => Promise<unknown>>;
      try {
        return await methods[method](input);
      } catch (error) {
        if (error instanceof ApiError && /\[birpc\]/.test(error.message)) {
          throw new ApiError('unavailable', /closed/.test(error.message) ? DROPPED : error.message.replace(/^\[birpc\]\s*/, ''));
        }
        throw error;
      }
    },
  ] as const);
  return Object.fromEntries(entries) as unknown as EngineApi;
}
