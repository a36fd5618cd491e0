// The stand-in is only worth something if the real SDK reads it as it reads the API: these tests
// drive it with @anthropic-ai/sdk itself, with the SDK's retries off so each request is seen.
import Anthropic, { APIError, AuthenticationError, BadRequestError, OverloadedError, RateLimitError } from '@anthropic-ai/sdk';
import type { Message, MessageCreateParamsNonStreaming, MessageStreamEvent } from '@anthropic-ai/sdk/resources/messages';
import { performance } from 'node:perf_hooks';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { overloaded, rateLimited, startModelStandin, textReply, toolUseReply, type ModelStandin } from './model-standin.js';

let standin: ModelStandin;
let client: Anthropic;

beforeAll(async () => {
  standin = await startModelStandin({ apiKey: 'sk-ant-test-key', minCacheableTokens: 50 });
  client = new Anthropic({ apiKey: 'sk-ant-test-key', baseURL: standin.url, maxRetries: 0, logLevel: 'off' });
});
afterAll(async () => {
  await standin.stop();
});
beforeEach(() => standin.reset());

const longSystem = 'You are a careful assistant. '.repeat(40);

function params(extra: Partial<MessageCreateParamsNonStreaming> = {}): MessageCreateParamsNonStreaming {
  return {
    model: 'claude-haiku-5-5',
    max_tokens: 256,
    system: [{ type: 'text', text: longSystem, cache_control: { type: 'ephemeral' } }],
    messages: [{ role: 'user', content: 'Hello' }],
    ...extra,
  };
}

describe('the model stand-in, as the SDK sees it', () => {
  it('answers JSON with tool_use blocks and usage, and records the request', async () => {
    standin.enqueue(toolUseReply('email_search', { query: 'invoice' }, { preface: 'Let me look.' }));
    const message: Message = await client.messages.create(params({ tools: [{ name: 'email_search', input_schema: { type: 'object', properties: { query: { type: 'string' } } } }] }));

    expect(message.type).toBe('message');
    expect(message.stop_reason).toBe('tool_use');
    expect(message.content.map((block) => block.type)).toEqual(['text', 'tool_use']);
    const toolUse = message.content[1];
    expect(toolUse?.type === 'tool_use' && toolUse.name).toBe('email_search');
    expect(toolUse?.type === 'tool_use' && toolUse.input).toEqual({ query: 'invoice' });
    expect(message.usage.input_tokens).toBeGreaterThan(0);
    expect(message.usage.cache_creation_input_tokens).toBeGreaterThan(0);
    expect(message.usage.cache_read_input_tokens).toBe(0);

    const [request] = standin.requests;
    expect(request?.headers['anthropic-version']).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(request?.headers.authorization ?? request?.headers['x-api-key']).toContain('sk-ant-test-key');
    expect(request?.body?.model).toBe('claude-haiku-5-5');
    expect(request?.stream).toBe(false);
  });

  it('streams every event type the SDK accumulates into the same message', async () => {
    standin.enqueue({
      kind: 'message',
      content: [
        { type: 'thinking', thinking: 'The user wants a search.' },
        { type: 'text', text: 'Searching your mail for the invoice ✓' },
        { type: 'tool_use', name: 'email_search', input: { query: 'invoice', limit: 5 } },
      ],
    });
    const seen = new Set<string>();
    const texts: string[] = [];
    const stream = client.messages.stream(params());
    stream.on('streamEvent', (event: MessageStreamEvent) => seen.add(event.type === 'content_block_delta' ? event.delta.type : event.type));
    stream.on('text', (delta) => texts.push(delta));
    const message = await stream.finalMessage();

    expect([...seen].sort()).toEqual(
      ['content_block_start', 'content_block_stop', 'input_json_delta', 'message_delta', 'message_start', 'message_stop', 'signature_delta', 'text_delta', 'thinking_delta'].sort(),
    );
    expect(texts.length).toBeGreaterThan(1);
    expect(texts.join('')).toBe('Searching your mail for the invoice ✓');
    expect(message.content[2]).toMatchObject({ type: 'tool_use', name: 'email_search', input: { query: 'invoice', limit: 5 } });
    expect(message.content[0]).toMatchObject({ type: 'thinking', thinking: 'The user wants a search.' });
    expect(message.stop_reason).toBe('tool_use');
    expect(message.usage.output_tokens).toBeGreaterThan(1);
    expect(standin.requests[0]?.stream).toBe(true);
    expect(standin.requests[0]?.eventsSent).toBeGreaterThan(8);
  });

  it('simulates the prompt cache: written once, read after', async () => {
    standin.enqueue(textReply('one'), textReply('two'));
    const first = await client.messages.create(params());
    const second = await client.messages.create(params({ messages: [{ role: 'user', content: 'Another question' }] }));
    expect(first.usage.cache_creation_input_tokens).toBeGreaterThan(0);
    expect(second.usage.cache_creation_input_tokens).toBe(0);
    expect(second.usage.cache_read_input_tokens).toBe(first.usage.cache_creation_input_tokens);
  });

  it('refuses a short prefix for caching, as the API does below its minimum', async () => {
    standin.enqueue(textReply('one'));
    const message = await client.messages.create(params({ system: [{ type: 'text', text: 'Short.', cache_control: { type: 'ephemeral' } }] }));
    expect(message.usage.cache_creation_input_tokens).toBe(0);
    expect(message.usage.cache_read_input_tokens).toBe(0);
  });

  it('sends 429 and 529 in the API’s shape, with retry-after', async () => {
    standin.enqueue(rateLimited(7), overloaded());
    const limited = await client.messages.create(params()).catch((error: unknown) => error);
    expect(limited).toBeInstanceOf(RateLimitError);
    expect((limited as RateLimitError).type).toBe('rate_limit_error');
    expect((limited as RateLimitError).headers.get('retry-after')).toBe('7');
    expect((limited as RateLimitError).requestID).toMatch(/^req_/);

    const busy = await client.messages.create(params()).catch((error: unknown) => error);
    expect(busy).toBeInstanceOf(OverloadedError);
    expect((busy as OverloadedError).type).toBe('overloaded_error');
    expect((busy as OverloadedError).apiMessage).toBe('Overloaded');
  });

  it('sends an error event in the middle of a stream', async () => {
    standin.enqueue({ ...textReply('This will not finish'), errorAfterEvents: { after: 3, type: 'overloaded_error' } });
    const error = await client.messages.stream(params()).finalMessage().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(APIError);
    expect((error as APIError).type).toBe('overloaded_error');
  });

  it('refuses a wrong key with 401', async () => {
    const stranger = new Anthropic({ apiKey: 'sk-ant-wrong', baseURL: standin.url, maxRetries: 0, logLevel: 'off' });
    const error = await stranger.messages.create(params()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthenticationError);
    expect(standin.requests[0]?.status).toBe(401);
  });

  it('refuses a tool_use left without its tool_result, as the API does', async () => {
    const error = await client.messages
      .create(
        params({
          messages: [
            { role: 'user', content: 'Find it' },
            { role: 'assistant', content: [{ type: 'tool_use', id: 'toolu_1', name: 'email_search', input: {} }] },
            { role: 'user', content: 'Well?' },
          ],
        }),
      )
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BadRequestError);
    expect((error as BadRequestError).apiMessage).toMatch(/tool_use.*without.*tool_result.*toolu_1/);
  });

  it('says so when a test forgot to script a reply', async () => {
    const error = await client.messages.create(params()).catch((e: unknown) => e);
    expect((error as APIError).apiMessage).toMatch(/no scripted reply for request #0/);
  });

  it('answers by a function of the request', async () => {
    standin.respondWith((request) => textReply(`You asked for ${String(request.body?.model)}`));
    const message = await client.messages.create(params({ model: 'claude-sonnet-5-5' }));
    expect(message.content[0]).toMatchObject({ type: 'text', text: 'You asked for claude-sonnet-5-5' });
  });

  it('records the moment the client hangs up on a stream', async () => {
    standin.enqueue({ ...textReply('A long answer that never ends'), stallAfterEvents: 3 });
    const controller = new AbortController();
    const done = client.messages.stream(params(), { signal: controller.signal }).finalMessage().catch((e: unknown) => e);
    await standin.waitForEvents(0, 3);
    const abortedAt = performance.now();
    controller.abort();
    const closedAt = await standin.waitForClientClose(0);
    expect(closedAt).toBeGreaterThanOrEqual(abortedAt);
    expect(await done).toBeInstanceOf(APIError);
    expect(standin.requests[0]?.completedAt).toBeNull();
  });

  it('waits its fixed latency before answering', async () => {
    standin.setLatency(300);
    standin.enqueue(textReply('late'));
    const started = performance.now();
    await client.messages.create(params());
    expect(performance.now() - started).toBeGreaterThanOrEqual(290);
  });
});
