// A stand-in for the Anthropic Messages API, because the real one cannot be reached from here.
// It speaks the wire protocol that @anthropic-ai/sdk sends and parses (model-standin.test.ts drives
// it with the SDK itself, so a drift shows as a failing test):
//
// - POST /v1/messages, answered as JSON or, when the body says `"stream": true`, as server-sent
//   events: message_start, content_block_start, ping, content_block_delta (text_delta,
//   input_json_delta, thinking_delta, signature_delta), content_block_stop, message_delta (stop
//   reason and cumulative usage), message_stop; and `event: error` in the middle of a stream.
// - The errors the real API gives, in its body shape ({"type":"error","error":{type,message},
//   "request_id"}) with its headers (request-id, retry-after, x-should-retry).
// - Requests are checked the way the API checks them (auth, anthropic-version, max_tokens, tool
//   names, every tool_use answered by a tool_result in the next message, at most 4 cache
//   breakpoints), so a client bug gets the API's 400, not a silent pass.
// - Prompt caching is simulated: a prefix up to a cache_control breakpoint is written on first
//   sight and read afterwards, so usage carries cache_creation_input_tokens and
//   cache_read_input_tokens that behave as the API's do. Tokens are estimated as 4 characters each.
//
// It runs inside the test process (started per test file), so a test scripts it directly: a
// queue of replies, or a function of the request. It records every request (headers, body) and
// the moment the client hung up (performance.now(), the same clock the test reads), so a test can
// assert that an abort reached the server within N ms.
import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';

export type StandinStopReason = 'end_turn' | 'max_tokens' | 'stop_sequence' | 'tool_use' | 'pause_turn' | 'refusal';

export type StandinErrorType =
  | 'invalid_request_error'
  | 'authentication_error'
  | 'billing_error'
  | 'permission_error'
  | 'not_found_error'
  | 'rate_limit_error'
  | 'timeout_error'
  | 'api_error'
  | 'overloaded_error';

export type StandinBlock =
  | { readonly type: 'text'; readonly text: string }
  | { readonly type: 'tool_use'; readonly name: string; readonly input: unknown; readonly id?: string }
  | { readonly type: 'thinking'; readonly thinking: string; readonly signature?: string };

export interface StandinUsage {
  readonly input_tokens: number;
  readonly output_tokens: number;
  readonly cache_creation_input_tokens: number;
  readonly cache_read_input_tokens: number;
}

export interface MessageReply {
  readonly kind: 'message';
  readonly content: readonly StandinBlock[];
  /** Defaults to tool_use when the content calls a tool, else end_turn. */
  readonly stopReason?: StandinStopReason;
  /** Overrides the simulated counts. */
  readonly usage?: Partial<StandinUsage>;
  /** Wait this long before the response headers (overrides the stand-in's latency). */
  readonly latencyMs?: number;
  /** Wait this long between server-sent events. */
  readonly eventDelayMs?: number;
  /** Send this many events, then go quiet with the connection open (until the client hangs up). */
  readonly stallAfterEvents?: number;
  /** Send this many events, then an `event: error` (as the API does when it overloads mid-stream). */
  readonly errorAfterEvents?: { readonly after: number; readonly type: StandinErrorType; readonly message?: string };
}

export interface ErrorReply {
  readonly kind: 'error';
  readonly status: number;
  readonly type: StandinErrorType;
  readonly message?: string;
  /** Sent as the `retry-after` header (seconds, as the API sends it). */
  readonly retryAfterSeconds?: number;
  readonly latencyMs?: number;
}

/** Hangs up without answering: what a client sees when the network fails. */
export interface DropReply {
  readonly kind: 'drop';
  readonly latencyMs?: number;
}

export type StandinReply = MessageReply | ErrorReply | DropReply;

export interface StandinRequest {
  /** 0 for the first request since start or reset. */
  readonly index: number;
  readonly method: string;
  readonly path: string;
  /** Header names in lower case. */
  readonly headers: Readonly<Record<string, string>>;
  /** The parsed JSON body (null when it was not JSON). */
  readonly body: RequestBody | null;
  readonly stream: boolean;
  /** performance.now() when the request arrived. */
  readonly receivedAt: number;
  /** The status the stand-in answered with; null until it answered (or if it dropped the request). */
  readonly status: number | null;
  /** Server-sent events written so far (pings included). */
  readonly eventsSent: number;
  /** performance.now() when the reply was complete; null if it never was. */
  readonly completedAt: number | null;
  /** performance.now() when the client closed the connection before the reply was complete. */
  readonly closedByClientAt: number | null;
  /** The usage the stand-in reported (for a message reply). */
  readonly usage: StandinUsage | null;
}

/** The request body as the stand-in reads it; loosely typed on purpose: it validates, not trusts. */
export interface RequestBody {
  readonly model?: unknown;
  readonly max_tokens?: unknown;
  readonly stream?: unknown;
  readonly system?: unknown;
  readonly tools?: unknown;
  readonly tool_choice?: unknown;
  readonly messages?: unknown;
  readonly [key: string]: unknown;
}

export type StandinScript = (request: StandinRequest) => StandinReply;

export interface StandinOptions {
  /** A fixed delay before every response's headers (a reply's own latencyMs wins). */
  readonly latencyMs?: number;
  /** When set, only this key is accepted; any other gets the API's 401. */
  readonly apiKey?: string;
  /** The smallest prefix the simulated cache keeps (the API's minimum is 1,024 tokens or more). */
  readonly minCacheableTokens?: number;
}

export interface ModelStandin {
  /** The base URL to give the SDK (no trailing slash). */
  readonly url: string;
  /** Every request since start or reset, in arrival order. */
  readonly requests: readonly StandinRequest[];
  /** Queues replies; each request takes the next one. */
  enqueue(...replies: StandinReply[]): void;
  /** Answers requests when the queue is empty. Without either, a request gets a 500 that says so. */
  respondWith(script: StandinScript | null): void;
  setLatency(ms: number): void;
  /** Resolves once `count` requests have arrived. */
  waitForRequests(count: number, timeoutMs?: number): Promise<readonly StandinRequest[]>;
  /** Resolves once request `index` has had `count` events written. */
  waitForEvents(index: number, count: number, timeoutMs?: number): Promise<StandinRequest>;
  /** Resolves with the moment (performance.now()) the client hung up on request `index`. */
  waitForClientClose(index: number, timeoutMs?: number): Promise<number>;
  /** Forgets requests, queued replies, the script and the simulated cache, and restores the latency it started with. */
  reset(): void;
  /** Closes the server and every connection. Safe to call twice. */
  stop(): Promise<void>;
}

const HOST = '127.0.0.1';
const DEFAULT_WAIT_MS = 10_000;
const TOOL_NAME = /^[a-zA-Z0-9_-]{1,128}$/;
const MAX_CACHE_BREAKPOINTS = 4;

type MutableRequest = { -readonly [K in keyof StandinRequest]: StandinRequest[K] };

export async function startModelStandin(options: StandinOptions = {}): Promise<ModelStandin> {
  let latencyMs = options.latencyMs ?? 0;
  const minCacheable = options.minCacheableTokens ?? 1_024;
  let queue: StandinReply[] = [];
  let script: StandinScript | null = null;
  let requests: MutableRequest[] = [];
  let cache = new Map<string, number>();
  let counter = 0;
  const waiters = new Set<() => void>();
  const sockets = new Set<Socket>();

  const notify = () => {
    for (const waiter of waiters) waiter();
  };

  const server: Server = createServer((req, res) => {
    void handle(req, res).catch((error: unknown) => {
      // A bug in the stand-in itself: answer loudly so the test shows it.
      if (!res.headersSent && !res.destroyed) {
        sendError(res, 500, 'api_error', `The model stand-in failed: ${error instanceof Error ? error.message : String(error)}`, nextId('req'));
      } else {
        res.destroy();
      }
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });

  function nextId(prefix: string): string {
    counter += 1;
    return `${prefix}_standin_${String(counter).padStart(6, '0')}`;
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const rawBody = await readBody(req);
    const headers = Object.fromEntries(Object.entries(req.headers).map(([name, value]) => [name.toLowerCase(), Array.isArray(value) ? value.join(', ') : (value ?? '')]));
    const body = parseJson(rawBody);
    const record: MutableRequest = {
      index: requests.length,
      method: req.method ?? '',
      path: (req.url ?? '').split('?')[0] ?? '',
      headers,
      body,
      stream: body?.stream === true,
      receivedAt: performance.now(),
      status: null,
      eventsSent: 0,
      completedAt: null,
      closedByClientAt: null,
      usage: null,
    };
    requests.push(record);
    let hungUpByServer = false;
    res.once('close', () => {
      if (!res.writableFinished && !hungUpByServer && !stopping) record.closedByClientAt = performance.now();
      notify();
    });
    notify();

    const requestId = nextId('req');
    const refusal = validate(record, options.apiKey);
    if (refusal) {
      await wait(latencyMs, res);
      if (res.destroyed) return;
      record.status = refusal.status;
      sendError(res, refusal.status, refusal.type, refusal.message, requestId);
      record.completedAt = performance.now();
      notify();
      return;
    }

    const reply = queue.shift() ?? script?.(record) ?? {
      kind: 'error',
      status: 500,
      type: 'api_error',
      message: `The model stand-in has no scripted reply for request #${record.index}: queue one with enqueue() or set respondWith().`,
    };
    await wait(reply.latencyMs ?? latencyMs, res);
    if (res.destroyed) return;

    switch (reply.kind) {
      case 'drop':
        hungUpByServer = true;
        res.socket?.destroy();
        return;
      case 'error':
        record.status = reply.status;
        sendError(res, reply.status, reply.type, reply.message ?? defaultMessage(reply.type), requestId, reply.retryAfterSeconds);
        record.completedAt = performance.now();
        notify();
        return;
      case 'message': {
        const message = buildMessage(reply, record.body as RequestBody, nextId);
        record.usage = message.usage;
        record.status = 200;
        let completed = true;
        if (record.stream) {
          completed = await streamMessage(res, message, reply, requestId, () => {
            record.eventsSent += 1;
            notify();
          });
        } else {
          res.writeHead(200, { 'content-type': 'application/json', 'request-id': requestId });
          res.end(JSON.stringify(message.json));
        }
        if (completed) record.completedAt = performance.now();
        notify();
        return;
      }
    }
  }

  /** The simulated prompt cache and the usage it implies. */
  function buildMessage(reply: MessageReply, body: RequestBody, id: (prefix: string) => string) {
    const content = reply.content.map((block) => {
      switch (block.type) {
        case 'text':
          return { type: 'text', text: block.text, citations: null };
        case 'tool_use':
          return { type: 'tool_use', id: block.id ?? id('toolu'), name: block.name, input: block.input, caller: { type: 'direct' } };
        case 'thinking':
          return { type: 'thinking', thinking: block.thinking, signature: block.signature ?? `sig_${id('think')}` };
      }
    });
    const stopReason = reply.stopReason ?? (reply.content.some((block) => block.type === 'tool_use') ? 'tool_use' : 'end_turn');
    const simulated = simulateUsage(body, cache, minCacheable);
    const outputTokens = Math.max(1, estimateTokens(JSON.stringify(content)));
    const usage: StandinUsage = {
      input_tokens: reply.usage?.input_tokens ?? simulated.input,
      output_tokens: reply.usage?.output_tokens ?? outputTokens,
      cache_creation_input_tokens: reply.usage?.cache_creation_input_tokens ?? simulated.cacheWrite,
      cache_read_input_tokens: reply.usage?.cache_read_input_tokens ?? simulated.cacheRead,
    };
    const fullUsage = {
      ...usage,
      cache_creation: { ephemeral_5m_input_tokens: simulated.ttl === '1h' ? 0 : usage.cache_creation_input_tokens, ephemeral_1h_input_tokens: simulated.ttl === '1h' ? usage.cache_creation_input_tokens : 0 },
      server_tool_use: null,
      service_tier: 'standard',
      inference_geo: null,
      output_tokens_details: null,
      speed: null,
    };
    const json = {
      id: id('msg'),
      type: 'message',
      role: 'assistant',
      model: typeof body.model === 'string' ? body.model : 'unknown',
      content,
      stop_reason: stopReason,
      stop_sequence: null,
      stop_details: null,
      container: null,
      diagnostics: null,
      usage: fullUsage,
    };
    return { json, usage, fullUsage };
  }

  let stopping: Promise<void> | undefined;
  const port = await new Promise<number>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, HOST, () => {
      const address = server.address();
      if (address && typeof address === 'object') resolve(address.port);
      else reject(new Error('The model stand-in did not report a port.'));
    });
  });

  function waitFor<T>(what: string, probe: () => T | undefined, timeoutMs: number): Promise<T> {
    const found = probe();
    if (found !== undefined) return Promise.resolve(found);
    return new Promise((resolve, reject) => {
      const check = () => {
        const value = probe();
        if (value === undefined) return;
        clearTimeout(timer);
        waiters.delete(check);
        resolve(value);
      };
      const timer = setTimeout(() => {
        waiters.delete(check);
        reject(new Error(`The model stand-in waited ${timeoutMs} ms for ${what}. It saw ${requests.length} request(s): ${describeRequests(requests)}`));
      }, timeoutMs);
      waiters.add(check);
    });
  }

  return {
    url: `http://${HOST}:${port}`,
    get requests() {
      return requests;
    },
    enqueue: (...replies) => {
      queue.push(...replies);
    },
    respondWith: (next) => {
      script = next;
    },
    setLatency: (ms) => {
      latencyMs = ms;
    },
    waitForRequests: (count, timeoutMs = DEFAULT_WAIT_MS) => waitFor(`${count} request(s)`, () => (requests.length >= count ? requests.slice() : undefined), timeoutMs),
    waitForEvents: (index, count, timeoutMs = DEFAULT_WAIT_MS) =>
      waitFor(`${count} event(s) on request #${index}`, () => {
        const request = requests[index];
        return request && request.eventsSent >= count ? request : undefined;
      }, timeoutMs),
    waitForClientClose: (index, timeoutMs = DEFAULT_WAIT_MS) =>
      waitFor(`the client to close request #${index}`, () => requests[index]?.closedByClientAt ?? undefined, timeoutMs),
    reset: () => {
      latencyMs = options.latencyMs ?? 0;
      queue = [];
      script = null;
      requests = [];
      cache = new Map();
    },
    stop: () =>
      (stopping ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
      })),
  };
}

// ---- Reply builders, so tests read as a script ----

export function textReply(text: string, extra: Omit<MessageReply, 'kind' | 'content'> = {}): MessageReply {
  return { kind: 'message', content: [{ type: 'text', text }], ...extra };
}

export function toolUseReply(name: string, input: unknown, extra: Omit<MessageReply, 'kind' | 'content'> & { readonly preface?: string } = {}): MessageReply {
  const { preface, ...rest } = extra;
  const content: StandinBlock[] = preface ? [{ type: 'text', text: preface }, { type: 'tool_use', name, input }] : [{ type: 'tool_use', name, input }];
  return { kind: 'message', content, ...rest };
}

export function rateLimited(retryAfterSeconds?: number): ErrorReply {
  return { kind: 'error', status: 429, type: 'rate_limit_error', ...(retryAfterSeconds === undefined ? {} : { retryAfterSeconds }) };
}

export function overloaded(retryAfterSeconds?: number): ErrorReply {
  return { kind: 'error', status: 529, type: 'overloaded_error', ...(retryAfterSeconds === undefined ? {} : { retryAfterSeconds }) };
}

// ---- The wire ----

function defaultMessage(type: StandinErrorType): string {
  switch (type) {
    case 'rate_limit_error':
      return 'This request would exceed your organization’s rate limit of 50 requests per minute. Please reduce the prompt length or the maximum tokens requested, or try again later.';
    case 'overloaded_error':
      return 'Overloaded';
    case 'authentication_error':
      return 'invalid x-api-key';
    case 'api_error':
      return 'Internal server error';
    default:
      return type;
  }
}

function sendError(res: ServerResponse, status: number, type: StandinErrorType, message: string, requestId: string, retryAfterSeconds?: number): void {
  const headers: Record<string, string> = { 'content-type': 'application/json', 'request-id': requestId };
  if (status === 429 || status === 529 || status >= 500) headers['x-should-retry'] = 'true';
  if (status === 429) {
    headers['anthropic-ratelimit-requests-limit'] = '50';
    headers['anthropic-ratelimit-requests-remaining'] = '0';
    headers['anthropic-ratelimit-requests-reset'] = new Date(Date.now() + (retryAfterSeconds ?? 1) * 1000).toISOString();
  }
  if (retryAfterSeconds !== undefined) headers['retry-after'] = String(retryAfterSeconds);
  res.writeHead(status, headers);
  res.end(JSON.stringify({ type: 'error', error: { type, message }, request_id: requestId }));
}

interface BuiltMessage {
  readonly json: { readonly content: readonly Record<string, unknown>[]; readonly stop_reason: string; readonly [key: string]: unknown };
  readonly fullUsage: Record<string, unknown>;
}

/** Streams the message; false when the client hung up or the reply stalled before the end. */
async function streamMessage(res: ServerResponse, message: BuiltMessage, reply: MessageReply, requestId: string, onEvent: () => void): Promise<boolean> {
  res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache', 'request-id': requestId });
  res.flushHeaders();
  const events = sseEvents(message);
  let sent = 0;
  for (const [event, data] of events) {
    if (res.destroyed) return false;
    if (reply.stallAfterEvents !== undefined && sent >= reply.stallAfterEvents) {
      await new Promise<void>((resolve) => res.once('close', resolve));
      return false;
    }
    if (reply.errorAfterEvents && sent >= reply.errorAfterEvents.after) {
      const { type, message: text } = reply.errorAfterEvents;
      res.write(`event: error\ndata: ${JSON.stringify({ type: 'error', error: { type, message: text ?? defaultMessage(type) }, request_id: requestId })}\n\n`);
      onEvent();
      res.end();
      return true;
    }
    if (sent > 0 && reply.eventDelayMs) await sleep(reply.eventDelayMs);
    if (res.destroyed) return false;
    res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
    sent += 1;
    onEvent();
  }
  res.end();
  return true;
}

/** The event sequence the API streams for a message, deltas cut into pieces as the API cuts them. */
function sseEvents(message: BuiltMessage): [string, unknown][] {
  const { content, stop_reason: stopReason, ...rest } = message.json;
  const usage = message.fullUsage;
  const events: [string, unknown][] = [
    ['message_start', { type: 'message_start', message: { ...rest, content: [], stop_reason: null, stop_sequence: null, usage: { ...usage, output_tokens: 1 } } }],
  ];
  content.forEach((block, index) => {
    switch (block.type) {
      case 'text':
        events.push(['content_block_start', { type: 'content_block_start', index, content_block: { type: 'text', text: '', citations: null } }]);
        if (index === 0) events.push(['ping', { type: 'ping' }]);
        for (const piece of pieces(block.text as string, 3)) {
          events.push(['content_block_delta', { type: 'content_block_delta', index, delta: { type: 'text_delta', text: piece } }]);
        }
        break;
      case 'tool_use':
        events.push(['content_block_start', { type: 'content_block_start', index, content_block: { ...block, input: {} } }]);
        if (index === 0) events.push(['ping', { type: 'ping' }]);
        // The API's first input_json_delta is often empty; the SDK must cope with that.
        events.push(['content_block_delta', { type: 'content_block_delta', index, delta: { type: 'input_json_delta', partial_json: '' } }]);
        for (const piece of pieces(JSON.stringify(block.input), 4)) {
          events.push(['content_block_delta', { type: 'content_block_delta', index, delta: { type: 'input_json_delta', partial_json: piece } }]);
        }
        break;
      case 'thinking':
        events.push(['content_block_start', { type: 'content_block_start', index, content_block: { type: 'thinking', thinking: '', signature: '' } }]);
        if (index === 0) events.push(['ping', { type: 'ping' }]);
        for (const piece of pieces(block.thinking as string, 2)) {
          events.push(['content_block_delta', { type: 'content_block_delta', index, delta: { type: 'thinking_delta', thinking: piece } }]);
        }
        events.push(['content_block_delta', { type: 'content_block_delta', index, delta: { type: 'signature_delta', signature: block.signature } }]);
        break;
    }
    events.push(['content_block_stop', { type: 'content_block_stop', index }]);
  });
  // message_delta carries cumulative totals; the SDK overwrites its snapshot with them.
  const { input_tokens, output_tokens, cache_creation_input_tokens, cache_read_input_tokens } = usage;
  events.push([
    'message_delta',
    {
      type: 'message_delta',
      delta: { stop_reason: stopReason, stop_sequence: null, stop_details: null, container: null },
      usage: { input_tokens, output_tokens, cache_creation_input_tokens, cache_read_input_tokens, server_tool_use: null, output_tokens_details: null },
    },
  ]);
  events.push(['message_stop', { type: 'message_stop' }]);
  return events;
}

function pieces(text: string, count: number): string[] {
  if (text.length === 0) return [];
  const size = Math.max(1, Math.ceil(text.length / count));
  const out: string[] = [];
  // Cut by code points so a piece never splits a surrogate pair.
  const chars = Array.from(text);
  for (let i = 0; i < chars.length; i += size) out.push(chars.slice(i, i + size).join(''));
  return out;
}

// ---- Validation, as the API does it ----

interface Refusal {
  readonly status: number;
  readonly type: StandinErrorType;
  readonly message: string;
}

function validate(request: StandinRequest, apiKey: string | undefined): Refusal | null {
  if (request.path !== '/v1/messages') return { status: 404, type: 'not_found_error', message: `Not found: ${request.method} ${request.path}` };
  if (request.method !== 'POST') return { status: 405, type: 'invalid_request_error', message: `Method ${request.method} not allowed on /v1/messages` };
  const key = request.headers['x-api-key'] || bearer(request.headers.authorization);
  if (!key) return { status: 401, type: 'authentication_error', message: 'x-api-key header is required' };
  if (apiKey !== undefined && key !== apiKey) return { status: 401, type: 'authentication_error', message: 'invalid x-api-key' };
  if (!request.headers['anthropic-version']) return { status: 400, type: 'invalid_request_error', message: 'anthropic-version: header is required' };
  const body = request.body;
  if (!body) return invalid('The request body is not valid JSON.');
  if (typeof body.model !== 'string' || body.model.length === 0) return invalid('model: Field required');
  if (!Number.isInteger(body.max_tokens) || (body.max_tokens as number) < 1) return invalid('max_tokens: Input should be a positive integer');
  if (!Array.isArray(body.messages) || body.messages.length === 0) return invalid('messages: at least one message is required');
  const tools = body.tools === undefined ? [] : body.tools;
  if (!Array.isArray(tools)) return invalid('tools: Input should be a valid list');
  const names = new Set<string>();
  for (const [i, tool] of (tools as Record<string, unknown>[]).entries()) {
    if (typeof tool.name !== 'string' || !TOOL_NAME.test(tool.name)) return invalid(`tools.${i}.name: String should match pattern '^[a-zA-Z0-9_-]{1,128}$'`);
    if (names.has(tool.name)) return invalid(`tools: Tool names must be unique. Duplicate: ${tool.name}`);
    names.add(tool.name);
    const schema = tool.input_schema as Record<string, unknown> | undefined;
    if (!schema || schema.type !== 'object') return invalid(`tools.${i}.input_schema.type: Input should be 'object'`);
  }
  const breakpoints = countCacheControl(body.system) + countCacheControl(tools) + countCacheControl(body.messages);
  if (breakpoints > MAX_CACHE_BREAKPOINTS) return invalid(`A maximum of ${MAX_CACHE_BREAKPOINTS} blocks with cache_control may be provided. Found ${breakpoints}.`);
  return validateConversation(body.messages as unknown[]);
}

function invalid(message: string): Refusal {
  return { status: 400, type: 'invalid_request_error', message };
}

function bearer(value: string | undefined): string | undefined {
  const match = value?.match(/^Bearer\s+(.+)$/i);
  return match?.[1];
}

/** Every tool_use must be answered by a tool_result in the next message, and nothing else answered. */
function validateConversation(messages: unknown[]): Refusal | null {
  const first = messages[0] as { role?: unknown } | undefined;
  if (first?.role !== 'user') return invalid('messages: first message must use the "user" role');
  for (let i = 0; i < messages.length; i++) {
    const message = messages[i] as { role?: unknown; content?: unknown };
    if (message.role !== 'user' && message.role !== 'assistant') return invalid(`messages.${i}.role: Input should be 'user' or 'assistant'`);
    const blocks = typeof message.content === 'string' ? [] : Array.isArray(message.content) ? (message.content as Record<string, unknown>[]) : null;
    if (blocks === null) return invalid(`messages.${i}.content: Input should be a valid string or list`);
    if (typeof message.content === 'string' && message.content.length === 0 && message.role === 'user') return invalid(`messages.${i}: user messages must have non-empty content`);
    const toolUseIds = message.role === 'assistant' ? blocks.filter((b) => b.type === 'tool_use').map((b) => String(b.id)) : [];
    const next = messages[i + 1] as { role?: unknown; content?: unknown } | undefined;
    const nextResults = next && Array.isArray(next.content) ? (next.content as Record<string, unknown>[]).filter((b) => b.type === 'tool_result').map((b) => String(b.tool_use_id)) : [];
    if (toolUseIds.length > 0) {
      const missing = toolUseIds.filter((id) => !nextResults.includes(id));
      if (!next || missing.length > 0) {
        return invalid(
          `messages.${i + 1}: \`tool_use\` ids were found without \`tool_result\` blocks immediately after: ${(next ? missing : toolUseIds).join(', ')}. Each \`tool_use\` block must have a corresponding \`tool_result\` block in the next message.`,
        );
      }
    }
    if (message.role === 'user') {
      const results = blocks.filter((b) => b.type === 'tool_result').map((b) => String(b.tool_use_id));
      const previous = i > 0 ? (messages[i - 1] as { content?: unknown }) : undefined;
      const asked = previous && Array.isArray(previous.content) ? (previous.content as Record<string, unknown>[]).filter((b) => b.type === 'tool_use').map((b) => String(b.id)) : [];
      const unexpected = results.filter((id) => !asked.includes(id));
      if (unexpected.length > 0) {
        return invalid(`messages.${i}.content: unexpected \`tool_use_id\` found in \`tool_result\` blocks: ${unexpected.join(', ')}. Each \`tool_result\` block must have a corresponding \`tool_use\` block in the previous message.`);
      }
    }
  }
  return null;
}

function countCacheControl(value: unknown): number {
  if (Array.isArray(value)) return value.reduce<number>((sum, item) => sum + countCacheControl(item), 0);
  if (value && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    return (record.cache_control ? 1 : 0) + (Array.isArray(record.content) ? countCacheControl(record.content) : 0);
  }
  return 0;
}

// ---- The simulated prompt cache ----

/** Roughly how the API counts: about four characters a token. */
export function estimateTokens(text: string): number {
  return Math.ceil(text.length / 4);
}

interface Segment {
  readonly text: string;
  readonly breakpoint: '5m' | '1h' | null;
}

/**
 * The prompt in the API's cache order (tools, then system, then messages), cut into blocks. A
 * breakpoint caches everything up to and including its block: the longest prefix seen before is
 * read, and the rest up to the last breakpoint is written.
 */
function simulateUsage(body: RequestBody, cache: Map<string, number>, minCacheable: number) {
  const segments: Segment[] = [];
  const push = (block: unknown) => {
    const record = (block ?? {}) as Record<string, unknown>;
    const { cache_control: control, ...rest } = record;
    const ttl = control && typeof control === 'object' ? ((control as { ttl?: unknown }).ttl === '1h' ? '1h' : '5m') : null;
    segments.push({ text: JSON.stringify(rest), breakpoint: ttl });
  };
  for (const tool of Array.isArray(body.tools) ? body.tools : []) push(tool);
  if (typeof body.system === 'string') push({ type: 'text', text: body.system });
  else if (Array.isArray(body.system)) body.system.forEach(push);
  for (const message of Array.isArray(body.messages) ? (body.messages as { role?: unknown; content?: unknown }[]) : []) {
    if (typeof message.content === 'string') push({ role: message.role, text: message.content });
    else if (Array.isArray(message.content)) message.content.forEach((block) => push({ role: message.role, ...(block as object) }));
  }

  const total = segments.reduce((sum, segment) => sum + estimateTokens(segment.text), 0);
  const hash = createHash('sha256');
  hash.update(String(body.model));
  let running = 0;
  let read = 0;
  let lastBreakpoint = 0;
  let ttl: '5m' | '1h' = '5m';
  const toStore: [string, number][] = [];
  for (const segment of segments) {
    hash.update('\u0000');
    hash.update(segment.text);
    running += estimateTokens(segment.text);
    if (!segment.breakpoint || running < minCacheable) continue;
    const key = hash.copy().digest('hex');
    if (cache.has(key)) read = running;
    else toStore.push([key, running]);
    lastBreakpoint = running;
    ttl = segment.breakpoint;
  }
  for (const [key, tokens] of toStore) cache.set(key, tokens);
  const cacheWrite = Math.max(0, lastBreakpoint - read);
  return { input: total - read - cacheWrite, cacheRead: read, cacheWrite, ttl };
}

// ---- Plumbing ----

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function parseJson(text: string): RequestBody | null {
  try {
    const value: unknown = JSON.parse(text);
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as RequestBody) : null;
  } catch {
    return null;
  }
}

/** Waits, but gives up as soon as the client hangs up. */
async function wait(ms: number, res: ServerResponse): Promise<void> {
  if (ms <= 0) return;
  const controller = new AbortController();
  const onClose = () => controller.abort();
  res.once('close', onClose);
  try {
    await sleep(ms, undefined, { signal: controller.signal });
  } catch {
    // The client hung up; the caller sees res.destroyed.
  } finally {
    res.off('close', onClose);
  }
}

function describeRequests(requests: readonly StandinRequest[]): string {
  if (requests.length === 0) return 'none.';
  return requests
    .slice(-5)
    .map((r) => `#${r.index} ${r.method} ${r.path} → ${r.status ?? 'no answer'} (${r.eventsSent} events${r.closedByClientAt !== null ? ', closed by client' : ''})`)
    .join('; ');
}
