/**
 * The engine API over any message channel. birpc does the request/response bookkeeping; this
 * file only fixes the shape (one function per API method one way, `onEvent` the other way) and
 * turns errors back into ApiError on the client.
 *
 * Transports plug in as a MessageChannelLike: a MessagePort in the desktop app, a WebSocket
 * from the host. Structured-clone channels pass objects as they are; text channels pass
 * `json` as the codec.
 */
import { createBirpc, type BirpcReturn } from 'birpc';
import type { ApiMethod, EngineApi } from '../api/contract.js';
import { API_METHODS } from '../api/contract.js';
import type { EngineEvent } from '../api/events.js';
import { toApiError } from '../api/errors.js';

export interface MessageChannelLike {
  post(data: unknown): void;
  on(listener: (data: unknown) => void): void;
  off?(listener: (data: unknown) => void): void;
}

export interface Codec {
  serialize(value: unknown): unknown;
  deserialize(value: unknown): unknown;
}

export const json: Codec = {
  serialize: (value) => JSON.stringify(value),
  deserialize: (value) => JSON.parse(String(value)) as unknown,
};

const identity: Codec = { serialize: (v) => v, deserialize: (v) => v };

/** Long enough for an approval whose plan moves many messages on a slow server. */
const CALL_TIMEOUT_MS = 5 * 60_000;

type EngineSide = { [K in ApiMethod]: (input: unknown) => Promise<unknown> };

/**
 * Whatever arrives on a channel is untrusted: a message that is not JSON, or not an RPC
 * message at all, is dropped instead of becoming an unhandled rejection in the engine.
 */
function guardedChannel(channel: MessageChannelLike) {
  const wrapped = new Map<(data: unknown) => void, (data: unknown) => void>();
  return {
    post: (data: unknown) => channel.post(data),
    on: (listener: (data: unknown) => unknown) => {
      const safe = (data: unknown) => {
        try {
          const result = listener(data);
          if (result instanceof Promise) result.catch(() => undefined);
        } catch {
          // Malformed message: ignored.
        }
      };
      wrapped.set(listener, safe);
      channel.on(safe);
    },
    off: (listener: (data: unknown) => unknown) => {
      const safe = wrapped.get(listener);
      if (safe) channel.off?.(safe);
    },
    // (Not birpc's onGeneralError: returning true there also swallows the rejection of a call.)
  };
}
interface ClientSide {
  onEvent(event: EngineEvent): void;
}

export type Dispatch = (method: ApiMethod, input: unknown) => Promise<unknown>;

export interface ServedConnection {
  sendEvent(event: EngineEvent): void;
  close(): void;
}

/** Engine side: answers API calls arriving on the channel with `dispatch`. */
export function serveEngineApi(channel: MessageChannelLike, dispatch: Dispatch, codec: Codec = identity): ServedConnection {
  // A prototype-less table: a call to "constructor" or "toString" finds nothing instead of
  // reaching Object's methods without validation.
  const functions = Object.create(null) as EngineSide;
  for (const method of API_METHODS) {
    functions[method] = async (input: unknown) => {
      try {
        return await dispatch(method, input);
      } catch (error) {
        // Errors must survive JSON and structured clone alike: send a plain {code, message}.
        // eslint-disable-next-line @typescript-eslint/only-throw-error
        throw toApiError(error).toPayload();
      }
    };
  }
  const rpc: BirpcReturn<ClientSide, EngineSide> = createBirpc<ClientSide, EngineSide>(functions, {
    ...guardedChannel(channel),
    ...codec,
    eventNames: ['onEvent'],
    timeout: CALL_TIMEOUT_MS,
  });
  return {
    sendEvent(event) {
      if (rpc.$closed) return;
      rpc.onEvent.asEvent(event).catch(() => {
        // A client that went away misses events; it refetches everything when it reconnects.
      });
    },
    close: () => rpc.$close(),
  };
}

export interface EngineClient {
  readonly api: EngineApi;
  close(): void;
}

/** Client side: an EngineApi whose calls go over the channel. */
export function connectEngineApi(
  channel: MessageChannelLike,
  onEvent: (event: EngineEvent) => void,
  codec: Codec = identity,
): EngineClient {
  const rpc = createBirpc<EngineSide, ClientSide>(
    { onEvent },
    {
      ...guardedChannel(channel),
      ...codec,
      timeout: CALL_TIMEOUT_MS,
    },
  );
  const api = Object.fromEntries(
    API_METHODS.map((method) => [
      method,
      async (input?: unknown) => {
        try {
          return await rpc[method](input);
        } catch (error) {
          throw toApiError(error);
        }
      },
    ]),
  ) as unknown as EngineApi;
  return { api, close: () => rpc.$close() };
}
