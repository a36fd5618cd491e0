// The model client against the Messages API stand-in: the real SDK over real HTTP, with the
// failures the API really produces.
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:net';
import { performance } from 'node:perf_hooks';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../electron/engine/db/database.js';
import { SettingsStore } from '../../electron/engine/db/settings.js';
import { PausedError } from '../../electron/engine/gate/kill-switch.js';
import { AnthropicModelClient, ModelCallError, type ModelCallRequest, type RetryNotice } from '../../electron/engine/agent/model-client.js';
import { ModelSettingsStore } from '../../electron/engine/agent/model-settings-store.js';
import { ConfigStore } from '../../electron/engine/config/config-store.js';
import { resolveModelSettings, type ModelSettingsOverrides } from '../../electron/engine/agent/model-settings.js';
import type { RetryPolicy } from '../../electron/engine/agent/retry-policy.js';
import { KeychainSecretStore } from '../../electron/engine/secrets/secret-store.js';
import { overloaded, rateLimited, startModelStandin, textReply, toolUseReply, type ModelStandin } from '../servers/model-standin.js';

const KEY = 'sk-ant-standin-key';
const FAST_RETRIES: RetryPolicy = { maxAttempts: 4, baseDelayMs: 10, maxDelayMs: 50, maxRetryAfterMs: 60_000 };

let standin: ModelStandin;
beforeAll(async () => {
  standin = await startModelStandin({ apiKey: KEY });
});
afterAll(() => standin.stop());
beforeEach(() => standin.reset());

function client(options: { key?: string | null; baseUrl?: string; overrides?: ModelSettingsOverrides; retry?: RetryPolicy; stallTimeoutMs?: number } = {}) {
  const settings = {
    resolve: async () =>
      resolveModelSettings({ overrides: { baseUrl: options.baseUrl ?? standin.url, ...options.overrides }, storedApiKey: options.key === undefined ? KEY : options.key, env: {} }),
  };
  return new AnthropicModelClient({ settings, retry: options.retry ?? FAST_RETRIES, ...(options.stallTimeoutMs ? { stallTimeoutMs: options.stallTimeoutMs } : {}) });
}

const request: ModelCallRequest = {
  role: 'triage',
  prompt: { system: [{ type: 'text', text: 'You sort mail.' }], tools: [], messages: [{ role: 'user', content: 'Is this urgent?' }] },
  maxOutputTokens: 256,
};

async function failureOf(promise: Promise<unknown>): Promise<ModelCallError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ModelCallError);
  return error as ModelCallError;
}

describe('the model client', () => {
  it('streams a call and accounts for it', async () => {
    standin.enqueue({ kind: 'message', content: [{ type: 'text', text: 'Not urgent: a newsletter.' }], usage: { input_tokens: 1_200, output_tokens: 40, cache_read_input_tokens: 3_000, cache_creation_input_tokens: 0 } });
    const deltas: string[] = [];
    const { reply, account } = await client().call(request, { onText: (delta) => deltas.push(delta) });

    expect(reply.content).toMatchObject([{ type: 'text', text: 'Not urgent: a newsletter.' }]);
    expect(reply.stopReason).toBe('end_turn');
    expect(deltas.join('')).toBe('Not urgent: a newsletter.');
    expect(account).toMatchObject({ model: 'claude-haiku-5-5', attempts: 1, usage: { input: 1_200, output: 40, cacheRead: 3_000, cacheWrite: 0 } });
    expect(account.costUsd).toBeCloseTo(1_200 * 0.1e-6 + 40 * 0.5e-6 + 3_000 * 0.01e-6, 12);
    expect(account.durationMs).toBeGreaterThanOrEqual(0);
    expect(account.requestIds).toEqual([expect.stringMatching(/^req_/)]);
    const [seen] = standin.requests;
    expect(seen?.stream).toBe(true);
    expect(seen?.body?.model).toBe('claude-haiku-5-5');
    expect(seen?.body?.max_tokens).toBe(256);
    expect(seen?.headers['x-stainless-retry-count']).toBe('0');
  });

  it('uses the writing model for writing, and passes effort when asked', async () => {
    standin.enqueue(textReply('Dear Bob'));
    await client().call({ ...request, role: 'writing', effort: 'low' });
    expect(standin.requests[0]?.body).toMatchObject({ model: 'claude-sonnet-5-5', output_config: { effort: 'low' } });
  });

  it('waits what retry-after says after a 429, then succeeds', async () => {
    standin.enqueue(rateLimited(1), textReply('ok'));
    const notices: RetryNotice[] = [];
    const { account } = await client().call(request, { onRetry: (notice) => notices.push(notice) });
    const [first, second] = standin.requests;
    expect(standin.requests).toHaveLength(2);
    // retry-after: 1 means a second; allow for timer granularity, never less.
    expect((second?.receivedAt ?? 0) - (first?.receivedAt ?? 0)).toBeGreaterThanOrEqual(950);
    expect(notices).toEqual([{ attempt: 1, maxAttempts: 4, delayMs: 1_000, failure: { kind: 'rate_limited', retryAfterMs: 1_000 } }]);
    expect(account.attempts).toBe(2);
    expect(account.requestIds).toHaveLength(2);
  });

  it('gives up on a 529 storm with a clear status', async () => {
    standin.enqueue(overloaded(), overloaded(), overloaded(), overloaded(), textReply('too late'));
    const error = await failureOf(client().call(request));
    expect(error.failure).toEqual({ kind: 'overloaded', retryAfterMs: null });
    expect(error.message).toBe("Anthropic's API is overloaded (tried 4 times). The job waits and tries again.");
    expect(error.account.attempts).toBe(4);
    expect(standin.requests).toHaveLength(4);
  });

  it('hands a long retry-after to the scheduler instead of sitting on it', async () => {
    standin.enqueue(rateLimited(3_600));
    const error = await failureOf(client().call(request));
    expect(error.failure).toEqual({ kind: 'rate_limited', retryAfterMs: 3_600_000 });
    expect(error.message).toMatch(/asked to wait 60 min/);
    expect(standin.requests).toHaveLength(1);
  });

  it('retries an overload in the middle of a stream, and counts the input the failed attempt was billed', async () => {
    standin.enqueue(
      { ...textReply('half an ans'), errorAfterEvents: { after: 3, type: 'overloaded_error' }, usage: { input_tokens: 500 } },
      { ...textReply('a whole answer'), usage: { input_tokens: 500, output_tokens: 5 } },
    );
    const { reply, account } = await client().call(request);
    expect(reply.content).toMatchObject([{ type: 'text', text: 'a whole answer' }]);
    expect(account.attempts).toBe(2);
    expect(account.usage.input).toBe(1_000);
  });

  it('retries a dropped connection', async () => {
    standin.enqueue({ kind: 'drop' }, textReply('back'));
    const { reply, account } = await client().call(request);
    expect(reply.content).toMatchObject([{ type: 'text', text: 'back' }]);
    expect(account.attempts).toBe(2);
  });

  it('retries a stream that goes quiet', async () => {
    standin.enqueue({ ...textReply('never finishes'), stallAfterEvents: 3 }, textReply('finished'));
    const { reply, account } = await client({ stallTimeoutMs: 300 }).call(request);
    expect(reply.content).toMatchObject([{ type: 'text', text: 'finished' }]);
    expect(account.attempts).toBe(2);
    expect(standin.requests[0]?.closedByClientAt).not.toBeNull();
  });

  it('says there is no key, and calls nobody', async () => {
    const error = await failureOf(client({ key: null }).call(request));
    expect(error.failure.kind).toBe('no_key');
    expect(error.message).toMatch(/No Anthropic API key is set, so Steward runs on its built-in detectors only/);
    expect(error.account.attempts).toBe(0);
    expect(standin.requests).toHaveLength(0);
  });

  it('says the key was refused, and does not retry it', async () => {
    const error = await failureOf(client({ key: 'sk-ant-wrong' }).call(request));
    expect(error.failure.kind).toBe('bad_key');
    expect(error.message).toMatch(/refused the API key/);
    expect(standin.requests).toHaveLength(1);
  });

  it('says the endpoint cannot be reached', async () => {
    const port = await closedPort();
    const error = await failureOf(client({ baseUrl: `http://127.0.0.1:${port}` }).call(request));
    expect(error.failure.kind).toBe('unreachable');
    expect(error.message).toMatch(new RegExp(`could not reach the model at http://127\\.0\\.0\\.1:${port} \\(tried 4 times\\) \\(ECONNREFUSED`));
    expect(error.account.attempts).toBe(4);
  });

  it('refuses a base URL that would send the key in clear, before sending anything', async () => {
    const settings = { resolve: async () => resolveModelSettings({ overrides: {}, storedApiKey: KEY, env: { ANTHROPIC_BASE_URL: 'http://model.example.com' } }) };
    const error = await failureOf(new AnthropicModelClient({ settings }).call(request));
    expect(error.failure.kind).toBe('bad_base_url');
    expect(error.message).toMatch(/ANTHROPIC_BASE_URL \(http:\/\/model\.example\.com\).*unencrypted/);
  });

  it('aborts a stream in flight at once: the stand-in sees the connection close within 100 ms', async () => {
    standin.enqueue({ ...toolUseReply('email_search', { query: 'invoice' }, { preface: 'Let me look' }), stallAfterEvents: 4 });
    const controller = new AbortController();
    let heard: () => void = () => undefined;
    const firstText = new Promise<void>((resolve) => (heard = resolve));
    const call = failureOf(client().call(request, { signal: controller.signal, onText: () => heard() }));
    // Mid-stream from the client's side: the first words have arrived.
    await firstText;
    const abortedAt = performance.now();
    controller.abort(new PausedError());
    const closedAt = await standin.waitForClientClose(0);
    const error = await call;

    expect(closedAt - abortedAt).toBeLessThan(100);
    expect(error.failure).toEqual({ kind: 'aborted', reason: 'Steward was paused.' });
    expect(standin.requests).toHaveLength(1);
    // The input the interrupted attempt was billed for is counted.
    expect(error.account.usage.input).toBeGreaterThan(0);
  });

  it('cuts a backoff short when aborted', async () => {
    standin.enqueue(overloaded(30));
    const controller = new AbortController();
    const started = performance.now();
    const call = failureOf(client().call(request, { signal: controller.signal, onRetry: () => setTimeout(() => controller.abort(new PausedError()), 20) }));
    const error = await call;
    expect(error.failure.kind).toBe('aborted');
    expect(performance.now() - started).toBeLessThan(10_000);
    expect(standin.requests).toHaveLength(1);
  });

  it('honours ANTHROPIC_API_KEY and ANTHROPIC_BASE_URL when no setting overrides them', async () => {
    const store = new ModelSettingsStore(new ConfigStore(new SettingsStore(openDatabase(':memory:'))), new KeychainSecretStore(`Steward-test-${randomUUID()}`), {
      ANTHROPIC_API_KEY: KEY,
      ANTHROPIC_BASE_URL: standin.url,
    });
    standin.enqueue(textReply('hello from the environment'));
    const { reply } = await new AnthropicModelClient({ settings: store, retry: FAST_RETRIES }).call(request);
    expect(reply.content).toMatchObject([{ type: 'text', text: 'hello from the environment' }]);
    expect(standin.requests[0]?.headers.authorization).toBe(`Bearer ${KEY}`);
  });
});

/** A port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (!address || typeof address !== 'object') throw new Error('no port');
  return address.port;
}
