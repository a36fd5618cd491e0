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
  const functions = Object.fromEntries(
    API_METHODS.map((method) => [
      method,
      async (input: unknown) => {
        try {
          return await dispatch(method, input);
        } catch (error) {
          // Errors must survive JSON and structured clone alike: send a plain {code, message}.
          // eslint-disable-next-line @typescript-eslint/only-throw-error
          throw toApiError(error).toPayload();
        }
      },
    ]),
  ) as EngineSide;
  const rpc: BirpcReturn<ClientSide, EngineSide> = createBirpc<ClientSide, EngineSide>(functions, {
    post: (data) => channel.post(data),
    on: (listener) => channel.on(listener),
    off: (listener) => channel.off?.(listener),
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
      post: (data) => channel.post(data),
      on: (listener) => channel.on(listener),
      off: (listener) => channel.off?.(listener),
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
