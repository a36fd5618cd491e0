/**
 * What a model call is, for everyone who makes or records one: the request, the reply, what it
 * cost, the error it ends with. No value import of @anthropic-ai/sdk here: the SDK is loaded
 * only when the first call is made (model-client.ts), so a CLI command or an engine that never
 * calls the model does not pay for loading it.
 */
import type { ContentBlock, MessageParam, StopReason, TextBlockParam, Tool } from '@anthropic-ai/sdk/resources/messages';
import type { ModelFailure } from './model-failure.js';
import type { ModelRole, ResolvedModelSettings } from './model-settings.js';
import type { BilledUsage } from './token-usage.js';

/** What the prompt builder hands over: the stable prefix (tools, system) and the conversation. */
export interface ModelPrompt {
  readonly system: readonly TextBlockParam[];
  readonly tools: readonly Tool[];
  readonly messages: readonly MessageParam[];
}

export interface ModelCallRequest {
  readonly role: ModelRole;
  readonly prompt: ModelPrompt;
  readonly maxOutputTokens: number;
  /** Sent as output_config.effort when set; left to the model's default otherwise. */
  readonly effort?: 'low' | 'medium' | 'high';
}

export interface RetryNotice {
  /** The attempt that failed (1 for the first). */
  readonly attempt: number;
  readonly maxAttempts: number;
  readonly delayMs: number;
  readonly failure: ModelFailure;
}

export interface ModelCallOptions {
  /** Aborting it ends the call at once: the request in flight is cancelled, a backoff is cut short. */
  readonly signal?: AbortSignal;
  readonly onText?: (delta: string) => void;
  readonly onRetry?: (notice: RetryNotice) => void;
}

/** What a call cost, whether it succeeded or not. */
export interface ModelCallAccount {
  readonly model: string;
  readonly usage: BilledUsage;
  readonly costUsd: number | null;
  readonly durationMs: number;
  readonly attempts: number;
  /** The API's request-id of each attempt that got one (for support questions). */
  readonly requestIds: readonly string[];
}

export interface ModelReply {
  readonly id: string;
  readonly content: readonly ContentBlock[];
  readonly stopReason: StopReason | null;
}

export interface ModelCallResult {
  readonly reply: ModelReply;
  readonly account: ModelCallAccount;
}

export class ModelCallError extends Error {
  constructor(
    readonly failure: ModelFailure,
    readonly account: ModelCallAccount,
    message: string,
  ) {
    super(message);
    this.name = 'ModelCallError';
  }
}

/** What the agent loop needs of a model: one call at a time. */
export interface ModelCaller {
  call(request: ModelCallRequest, options?: ModelCallOptions): Promise<ModelCallResult>;
}

export interface ModelSettingsSource {
  resolve(): Promise<ResolvedModelSettings>;
}
