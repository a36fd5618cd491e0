/**
 * The engine API over plain HTTP, for scripts and the CLI: `POST /api/<method>` with the input
 * as a JSON body, and `GET /api/<query>` for queries without input (e.g. GET /api/status).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { QUERY_METHODS, isApiMethod, type ApiMethod } from '@shared/api/contract.js';
import { ApiError, httpStatusFor, toApiError } from '@shared/api/errors.js';
import type { Dispatch } from '@shared/rpc/rpc.js';

const MAX_BODY_BYTES = 1024 * 1024;

/** Friendly aliases: /api/status reads better than /api/getStatus. */
const ALIASES: Readonly<Record<string, ApiMethod>> = {
  status: 'getStatus',
  accounts: 'listAccounts',
  suggestions: 'listSuggestions',
  activity: 'listActivity',
  grants: 'listGrants',
  ledger: 'listLedger',
};

export async function handleApiRequest(req: IncomingMessage, res: ServerResponse, name: string, dispatch: Dispatch): Promise<void> {
  try {
    const method = ALIASES[name] ?? name;
    if (!isApiMethod(method)) throw new ApiError('not_found', `There is no API method "${name}".`);
    let input: unknown;
    if (req.method === 'GET') {
      if (!(QUERY_METHODS as readonly string[]).includes(method)) {
        throw new ApiError('invalid_input', `${method} changes something: call it with POST.`);
      }
      input = undefined;
    } else if (req.method === 'POST') {
      input = await readJson(req);
    } else {
      throw new ApiError('invalid_input', 'Use GET for queries and POST for commands.');
    }
    sendJson(res, 200, await dispatch(method, input));
  } catch (error) {
    const apiError = toApiError(error);
    sendJson(res, httpStatusFor(apiError.code), { error: apiError.toPayload() });
  }
}

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body ?? null);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  res.end(text);
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) throw new ApiError('invalid_input', 'The request body is larger than 1 MB.');
    chunks.push(chunk);
  }
  const text = Buffer.concat(chunks).toString('utf8').trim();
  if (text === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new ApiError('invalid_input', 'The request body is not valid JSON.');
  }
}
