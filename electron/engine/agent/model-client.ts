/**
 * One model call: streamed through @anthropic-ai/sdk, retried on what passes (429, 529, 5xx,
 * network, a stream gone quiet), cut off the moment the caller's signal fires (the kill switch),
 * and accounted for: tokens in all four counts over every attempt, duration, estimated cost.
 */
import Anthropic, { type Middleware } from '@anthropic-ai/sdk';
import type { MessageCreateParamsBase } from '@anthropic-ai/sdk/resources/messages';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { checkBaseUrl } from '@shared/config/model.js';
import { classifyModelError } from './model-error.js';
import { describeModelFailure, type ModelFailure } from './model-failure.js';
import {
  ModelCallError,
  type ModelCallAccount,
  type ModelCallOptions,
  type ModelCallRequest,
  type ModelCallResult,
  type ModelCaller,
  type ModelReply,
  type ModelSettingsSource,
} from './model-caller.js';
import type { ResolvedModelSettings } from './model-settings.js';
import { estimateCostUsd } from './pricing.js';
import { decideRetry, DEFAULT_RETRY_POLICY, type RetryPolicy } from './retry-policy.js';
import { addUsage, NO_USAGE, usageFromApi, type BilledUsage } from './token-usage.js';

export {
  ModelCallError,
  type ModelCallAccount,
  type ModelCallOptions,
  type ModelCallRequest,
  type ModelCallResult,
  type ModelCaller,
  type ModelPrompt,
  type ModelReply,
  type ModelSettingsSource,
  type RetryNotice,
} from './model-caller.js';

export interface ModelClientOptions {
  readonly settings: ModelSettingsSource;
  readonly retry?: RetryPolicy;
  /** How long to wait for the response headers of an attempt. */
  readonly connectTimeoutMs?: number;
  /**
   * How long a stream may stay silent (no bytes at all, pings included) before the attempt
   * counts as stalled. Long enough for a model that thinks before it writes.
   */
  readonly stallTimeoutMs?: number;
  readonly random?: () => number;
}

const DEFAULT_CONNECT_TIMEOUT_MS = 60_000;
const DEFAULT_STALL_TIMEOUT_MS = 120_000;

type AttemptOutcome =
  | { readonly ok: true; readonly reply: ModelReply; readonly usage: BilledUsage; readonly requestId: string | null }
  | { readonly ok: false; readonly failure: ModelFailure; readonly usage: BilledUsage; readonly requestId: string | null };

export class AnthropicModelClient implements ModelCaller {
  private cached: { readonly key: string; readonly client: Anthropic } | null = null;
  private readonly retry: RetryPolicy;
  private readonly connectTimeoutMs: number;
  private readonly stallTimeoutMs: number;
  private readonly random: () => number;

  constructor(private readonly options: ModelClientOptions) {
    this.retry = options.retry ?? DEFAULT_RETRY_POLICY;
    this.connectTimeoutMs = options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS;
    this.stallTimeoutMs = options.stallTimeoutMs ?? DEFAULT_STALL_TIMEOUT_MS;
    this.random = options.random ?? Math.random;
  }

  async call(request: ModelCallRequest, options: ModelCallOptions = {}): Promise<ModelCallResult> {
    const started = performance.now();
    const { signal } = options;
    let usage = NO_USAGE;
    let attempts = 0;
    let model = '';
    let baseUrl = '';
    const requestIds: string[] = [];
    const account = (): ModelCallAccount => ({
      model,
      usage,
      costUsd: model ? estimateCostUsd(model, usage) : null,
      durationMs: Math.round(performance.now() - started),
      attempts,
      requestIds: [...requestIds],
    });
    const fail = (failure: ModelFailure): never => {
      const spent = account();
      throw new ModelCallError(failure, spent, describeModelFailure(failure, { baseUrl: baseUrl || 'the model endpoint', model: model || request.role, attempts }));
    };

    if (signal?.aborted) fail({ kind: 'aborted', reason: abortReason(signal) });
    let settings: ResolvedModelSettings;
    try {
      settings = await this.options.settings.resolve();
    } catch (error) {
      return fail({ kind: 'keychain_unavailable', detail: error instanceof Error ? error.message : String(error) });
    }
    model = settings.models[request.role];
    baseUrl = settings.baseUrl.value;
    if (!settings.apiKey) return fail({ kind: 'no_key' });
    const base = checkBaseUrl(settings.baseUrl.value);
    if (!base.ok) {
      const from = settings.baseUrl.source === 'environment' ? 'ANTHROPIC_BASE_URL' : 'The base URL setting';
      return fail({ kind: 'bad_base_url', detail: `${from} (${settings.baseUrl.value}): ${base.error}` });
    }
    const client = this.clientFor(settings.apiKey.value, base.url);

    for (;;) {
      attempts += 1;
      const outcome = await this.attempt(client, model, request, options);
      usage = addUsage(usage, outcome.usage);
      if (outcome.requestId) requestIds.push(outcome.requestId);
      if (outcome.ok) return { reply: outcome.reply, account: account() };
      if (outcome.failure.kind === 'aborted') return fail(outcome.failure);

      const decision = decideRetry(outcome.failure, attempts, this.retry, this.random);
      if (!decision.retry) return fail(outcome.failure);
      options.onRetry?.({ attempt: attempts, maxAttempts: this.retry.maxAttempts, delayMs: decision.delayMs, failure: outcome.failure });
      try {
        await sleep(decision.delayMs, undefined, signal ? { signal } : {});
      } catch {
        return fail({ kind: 'aborted', reason: abortReason(signal) });
      }
    }
  }

  private async attempt(client: Anthropic, model: string, request: ModelCallRequest, options: ModelCallOptions): Promise<AttemptOutcome> {
    const { signal } = options;
    // One controller per attempt: the caller's signal and the stall watchdog both end it.
    const controller = new AbortController();
    const onAbort = () => controller.abort(signal?.reason);
    signal?.addEventListener('abort', onAbort, { once: true });
    let quietTimer: NodeJS.Timeout | undefined;
    let stalled = false;
    const heardFromServer = () => {
      clearTimeout(quietTimer);
      quietTimer = setTimeout(() => {
        stalled = true;
        controller.abort();
      }, this.stallTimeoutMs);
    };
    // Watches the raw bytes, pings included (the SDK drops pings before any event reaches us).
    const watchdog: Middleware = async (apiRequest, next) => {
      const response = await next(apiRequest);
      if (!response.body) return response;
      heardFromServer();
      const watched = response.body.pipeThrough(
        new TransformStream<Uint8Array, Uint8Array>({
          transform(chunk, output) {
            heardFromServer();
            output.enqueue(chunk);
          },
        }),
      );
      return new Response(watched, response);
    };

    const params: MessageCreateParamsBase = {
      model,
      max_tokens: request.maxOutputTokens,
      system: [...request.prompt.system],
      messages: [...request.prompt.messages],
      ...(request.prompt.tools.length > 0 ? { tools: [...request.prompt.tools] } : {}),
      ...(request.effort ? { output_config: { effort: request.effort } } : {}),
    };
    const stream = client.messages.stream(params, {
      signal: controller.signal,
      middleware: [watchdog],
      timeout: this.connectTimeoutMs,
      maxRetries: 0,
    });
    if (options.onText) stream.on('text', options.onText);
    try {
      const message = await stream.finalMessage();
      return {
        ok: true,
        reply: { id: message.id, content: message.content, stopReason: message.stop_reason },
        usage: usageFromApi(message.usage),
        requestId: stream.request_id ?? null,
      };
    } catch (error) {
      // The input of an attempt cut short was still read (and billed): count what message_start said.
      const partial = usageFromApi(stream.currentMessage?.usage);
      const requestId = stream.request_id ?? (error instanceof Anthropic.APIError ? (error.requestID ?? null) : null);
      const failure: ModelFailure = signal?.aborted
        ? { kind: 'aborted', reason: abortReason(signal) }
        : stalled
          ? { kind: 'stalled', quietMs: this.stallTimeoutMs }
          : classifyModelError(error);
      return { ok: false, failure, usage: partial, requestId };
    } finally {
      clearTimeout(quietTimer);
      signal?.removeEventListener('abort', onAbort);
    }
  }

  /** One SDK client per (key, endpoint), made again when either changes. */
  private clientFor(apiKey: string, baseURL: string): Anthropic {
    const key = `${baseURL}\n${apiKey}`;
    if (this.cached?.key !== key) {
      this.cached = {
        key,
        client: new Anthropic({ apiKey, baseURL, maxRetries: 0, timeout: this.connectTimeoutMs, logLevel: 'off', openTelemetry: false }),
      };
    }
    return this.cached.client;
  }
}

function abortReason(signal: AbortSignal | undefined): string {
  const reason: unknown = signal?.reason;
  if (reason instanceof Error && reason.name !== 'AbortError') return reason.message;
  if (typeof reason === 'string' && reason) return reason;
  return 'the job was cancelled.';
}
