/**
 * The engine boundary: every call, from any transport, is parsed against the contract's input
 * schema before a handler sees it, and every failure leaves as an ApiError with words a user
 * can act on. Nothing from the network is trusted.
 */
import type { z } from 'zod';
import type { ApiMethod, ClientKind, EngineApi } from '@shared/api/contract.js';
import { API_METHODS, isApiMethod } from '@shared/api/contract.js';
import { ApiError } from '@shared/api/errors.js';
import { inputs } from '@shared/api/inputs.js';
import type { Dispatch } from '@shared/rpc/rpc.js';
import type { Handlers } from './handlers.js';

export function createDispatch(handlers: Handlers, client: ClientKind | 'shell'): Dispatch {
  const actor = `user:${client}`;
  return async (method: ApiMethod, input: unknown) => {
    if (!isApiMethod(method)) throw new ApiError('not_found', `There is no API method "${String(method)}".`);
    // JSON has no undefined: a call without input arrives as null.
    const parsed = inputs[method].safeParse(input === null ? undefined : input);
    if (!parsed.success) throw new ApiError('invalid_input', describeIssues(parsed.error));
    try {
      const handler = handlers[method] as (input: unknown, actor: string) => Promise<unknown>;
      return await handler(parsed.data, actor);
    } catch (error) {
      if (error instanceof ApiError) throw error;
      console.error(`[steward] ${method} failed:`, error);
      throw new ApiError('internal', `Steward hit an internal error in ${method}: ${error instanceof Error ? error.message : String(error)}`);
    }
  };
}

/** An EngineApi in the same process (the CLI without a host, tests), through the same boundary. */
export function inProcessApi(dispatch: Dispatch): EngineApi {
  return Object.fromEntries(API_METHODS.map((method) => [method, (input?: unknown) => dispatch(method, input)])) as unknown as EngineApi;
}

function describeIssues(error: z.ZodError): string {
  return error.issues
    .map((issue) => (issue.path.length > 0 ? `${issue.path.join('.')}: ${issue.message}` : issue.message))
    .join('; ');
}
