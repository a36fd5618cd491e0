/**
 * One agent run: the model with the job's tools, turn by turn, until it is done or a cap, the
 * daily budget or the kill switch stops it.
 *
 * The safety-relevant part is how tool calls are handled:
 * - a read tool goes to the ToolBroker (which checks it with the gate) and its answer comes back
 *   to the model as data, in blocks marked with the run's boundary;
 * - a write tool NEVER executes: its call becomes a ProposedStep carrying the model's one-line
 *   reason and the ids of every untrusted item that was in the model's context (provenance),
 *   and the model is told it was only proposed;
 * - a result tool hands back the job's answer and ends the run.
 * Every model call is recorded as it ends (tokens, cost, duration, outcome), failed ones too.
 */
import type { ContentBlock, ContentBlockParam, MessageParam, ToolResultBlockParam, ToolUseBlock } from '@anthropic-ai/sdk/resources/messages';
import { performance } from 'node:perf_hooks';
import { z } from 'zod';
import { checkJobCaps } from './budget.js';
import type { BudgetGuard } from './budget-guard.js';
import type { JobCaps, JobProfile } from './job-profiles.js';
import { ModelCallError, type ModelCaller, type ModelCallResult, type RetryNotice } from './model-caller.js';
import type { ModelFailure } from './model-failure.js';
import type { EnvironmentFacts } from './prompt/environment-facts.js';
import { buildPrompt, renderReadResult, type JobContext } from './prompt/prompt-builder.js';
import { boundaryFor, textsOf } from './prompt/untrusted-data.js';
import type { RecordedCall, RunRecorder, RunTrigger } from './run-store.js';
import { addUsage, billableTokens, NO_USAGE, promptTokens, type BilledUsage } from './token-usage.js';
import type { ProposedStep, ReadToolResult, ToolBroker, UnaskedBy } from './tool-broker.js';
import type { ToolSpec } from './tools/tool-spec.js';

export interface AgentJob {
  readonly profile: JobProfile;
  readonly trigger: RunTrigger;
  readonly context: JobContext;
  /** Tighter caps for this run (never looser than the profile's is the caller's to keep). */
  readonly caps?: Partial<JobCaps>;
  readonly effort?: 'low' | 'medium' | 'high';
}

export interface RunLoopDeps {
  readonly model: ModelCaller;
  readonly broker: ToolBroker;
  readonly runs: RunRecorder;
  readonly budget: BudgetGuard;
  readonly environment: EnvironmentFacts;
  /** Draws the run's data boundary (tests fix it). */
  readonly boundary?: (texts: readonly string[]) => string;
  readonly onText?: (delta: string) => void;
  readonly onRetry?: (notice: RetryNotice) => void;
}

export type RunOutcome =
  | { readonly status: 'done' }
  | { readonly status: 'cap_reached'; readonly cap: 'steps' | 'tokens' | 'output'; readonly detail: string }
  /** The daily budget is spent: the job waits until `resetsAt`. */
  | { readonly status: 'budget_exhausted'; readonly resetsAt: string; readonly detail: string }
  | { readonly status: 'aborted'; readonly detail: string }
  | { readonly status: 'failed'; readonly failure: ModelFailure | null; readonly detail: string }
  | { readonly status: 'refused'; readonly detail: string };

export interface RunResult {
  readonly runId: string;
  readonly outcome: RunOutcome;
  /** The writes the model asked for, as steps for the user to approve. None was executed. */
  readonly proposals: readonly ProposedStep[];
  /** The result tool's input (e.g. a TriageVerdict), checked against its schema; null without one. */
  readonly result: unknown;
  /** The model's last words (the brief, the digest, "nothing to do"). */
  readonly finalText: string;
  readonly usage: BilledUsage;
  readonly costUsd: number | null;
  /** Model calls made, failed ones included (each may have taken several attempts). */
  readonly modelCalls: number;
  readonly durationMs: number;
  /** Every untrusted item that was in the model's context during the run. */
  readonly untrustedItemIds: readonly string[];
}

/** Runs the job. Never throws for a model or broker failure: the outcome says what happened. */
export async function runAgentJob(job: AgentJob, deps: RunLoopDeps, signal: AbortSignal): Promise<RunResult> {
  const started = performance.now();
  const { profile } = job;
  const caps: JobCaps = { ...profile.caps, ...job.caps };
  const runId = deps.runs.start({ jobKind: profile.kind, trigger: job.trigger, role: profile.role });
  const tools = new Map<string, ToolSpec>(profile.tools.map((tool) => [tool.name, tool]));
  const seen = new Set<string>(job.context.items.map((item) => item.id));
  const boundary = (deps.boundary ?? boundaryFor)(textsOf(job.context.items));
  const prompt = buildPrompt({ instructions: profile.instructions, tools: profile.tools, environment: deps.environment, context: job.context, boundary });
  const messages: MessageParam[] = [...prompt.messages];
  const proposals: ProposedStep[] = [];
  let usage = NO_USAGE;
  let costUsd: number | null = 0;
  let modelCalls = 0;
  let result: unknown = null;
  let finalText = '';
  // The next prompt, estimated: the last prompt's size plus what was appended since (4 chars a token).
  let lastPromptTokens = 0;
  let appendedChars = JSON.stringify(prompt).length;

  const finish = (outcome: RunOutcome): RunResult => {
    const durationMs = Math.round(performance.now() - started);
    deps.runs.finish(runId, { status: outcome.status, detail: 'detail' in outcome ? outcome.detail : null, proposals: proposals.length, durationMs });
    return { runId, outcome, proposals, result, finalText, usage, costUsd, modelCalls, durationMs, untrustedItemIds: [...seen] };
  };
  const record = (call: RecordedCall) => {
    usage = addUsage(usage, call.usage);
    costUsd = costUsd === null || call.costUsd === null ? null : costUsd + call.costUsd;
    deps.runs.recordCall(runId, call);
  };
  const aborted = (): RunOutcome => ({ status: 'aborted', detail: `Stopped: ${reasonOf(signal)}` });

  for (;;) {
    if (signal.aborted) return finish(aborted());
    const capCheck = checkJobCaps(
      { tokensUsed: billableTokens(usage), modelCalls, nextPromptEstimate: lastPromptTokens + Math.ceil(appendedChars / 4) },
      caps,
    );
    if (!capCheck.ok) return finish({ status: 'cap_reached', cap: capCheck.cap, detail: capCheck.detail });
    const budget = await deps.budget.today();
    if (budget.exhausted) {
      return finish({
        status: 'budget_exhausted',
        resetsAt: budget.resetsAt,
        detail: `Today's budget of ${budget.budgetTokens.toLocaleString('en')} tokens is spent; the job waits until ${budget.resetsAt}.`,
      });
    }

    let call: ModelCallResult;
    try {
      call = await deps.model.call(
        { role: profile.role, prompt: { ...prompt, messages }, maxOutputTokens: profile.maxOutputTokens, ...(job.effort ? { effort: job.effort } : {}) },
        { signal, ...(deps.onText ? { onText: deps.onText } : {}), ...(deps.onRetry ? { onRetry: deps.onRetry } : {}) },
      );
    } catch (error) {
      if (!(error instanceof ModelCallError)) {
        return finish({ status: 'failed', failure: null, detail: `The model call failed unexpectedly: ${error instanceof Error ? error.message : String(error)}` });
      }
      // A call that never reached the model (no key, paused before it began) costs nothing to record.
      if (error.account.attempts > 0) {
        modelCalls += 1;
        record({ ...error.account, outcome: error.failure.kind });
      }
      return finish(error.failure.kind === 'aborted' ? aborted() : { status: 'failed', failure: error.failure, detail: error.message });
    }
    modelCalls += 1;
    record({ ...call.account, outcome: 'ok' });
    lastPromptTokens = promptTokens(call.account.usage);
    appendedChars = 0;

    const { content, stopReason } = call.reply;
    const text = content.flatMap((block) => (block.type === 'text' ? [block.text] : [])).join('\n').trim();
    if (text) finalText = text;
    const assistant: MessageParam = { role: 'assistant', content: toParams(content) };

    switch (stopReason) {
      case 'refusal':
        return finish({ status: 'refused', detail: 'The model declined this task.' });
      case 'max_tokens':
      case 'model_context_window_exceeded':
        return finish({
          status: 'cap_reached',
          cap: 'output',
          detail: stopReason === 'max_tokens' ? `The model's answer was cut off at ${profile.maxOutputTokens.toLocaleString('en')} tokens.` : 'The context grew past what the model can read.',
        });
      case 'pause_turn':
        // The API paused a long turn: sending it back as it is lets the model go on.
        messages.push(assistant);
        appendedChars += JSON.stringify(assistant).length;
        continue;
      case 'tool_use': {
        messages.push(assistant);
        const results: ToolResultBlockParam[] = [];
        let resultGiven = false;
        for (const use of content.filter((block): block is ToolUseBlock => block.type === 'tool_use')) {
          const handled = await handleToolUse(use);
          results.push(handled.block);
          if (handled.result !== undefined) {
            result = handled.result;
            resultGiven = true;
          }
        }
        const reply: MessageParam = { role: 'user', content: results };
        messages.push(reply);
        appendedChars += JSON.stringify(assistant).length + JSON.stringify(reply).length;
        if (signal.aborted) return finish(aborted());
        if (resultGiven) return finish({ status: 'done' });
        if (profile.endAfterProposals !== undefined && proposals.length >= profile.endAfterProposals) return finish({ status: 'done' });
        continue;
      }
      default:
        return finish({ status: 'done' });
    }
  }

  async function handleToolUse(use: ToolUseBlock): Promise<{ readonly block: ToolResultBlockParam; readonly result?: unknown }> {
    const spec = tools.get(use.name);
    if (!spec) return { block: toolError(use, `There is no tool named ${use.name} in this task.`) };
    const parsed = spec.input.safeParse(use.input);
    if (!parsed.success) return { block: toolError(use, `The input does not fit ${use.name}'s schema:\n${z.prettifyError(parsed.error)}`) };
    const input = parsed.data as Record<string, unknown>;

    switch (spec.effect) {
      case 'result':
        return { block: toolOk(use, 'Received.'), result: input };
      case 'read': {
        if (signal.aborted) return { block: toolError(use, 'Stopped.') };
        let answer: ReadToolResult;
        try {
          answer = await deps.broker.read({ runId, tool: spec.name, capability: spec.capability, args: input, signal });
        } catch (error) {
          answer = { ok: false, error: `Steward could not read that: ${error instanceof Error ? error.message : String(error)}` };
        }
        if (!answer.ok) return { block: toolError(use, answer.error) };
        for (const item of answer.items) seen.add(item.id);
        return { block: toolOk(use, renderReadResult(answer, boundary)) };
      }
      case 'write': {
        const { reason, ...args } = input;
        const step: ProposedStep = {
          runId,
          toolUseId: use.id,
          tool: spec.name,
          capability: spec.capability,
          args,
          reason: String(reason),
          provenance: { runId, untrustedItemIds: [...seen] },
        };
        if (proposals.length >= caps.maxProposals) {
          const refusal = caps.maxProposals === 0 ? 'this task proposes nothing' : `this task may propose at most ${caps.maxProposals} step(s)`;
          deps.broker.recordRefusal(step, `${refusal}.`);
          return { block: toolError(use, `Not proposed: ${refusal}. The attempt is on record; do not try again.`) };
        }
        let review;
        try {
          review = await deps.broker.reviewProposal(step);
        } catch (error) {
          review = { accepted: false as const, reason: `Steward could not check the step: ${error instanceof Error ? error.message : String(error)}` };
        }
        if (!review.accepted) return { block: toolError(use, `Not proposed: ${review.reason}`) };
        proposals.push(step);
        const note = review.note ? ` ${review.note}` : '';
        return { block: toolOk(use, `${proposedWords(review.unasked)} Do not propose it again.${note}`) };
      }
    }
  }
}

/** What the model hears of an accepted step: asked of the user, or run under what they allowed in advance. */
function proposedWords(unasked: UnaskedBy | undefined): string {
  if (!unasked) return 'Proposed to the user for approval. It has not been carried out, and runs only if the user approves it.';
  const by = 'rule' in unasked ? `the user's rule “${unasked.rule}”` : 'a permission the user gave in advance';
  return `Accepted: ${by} lets Steward carry it out without asking (the user can still undo it).`;
}

function toolOk(use: ToolUseBlock, content: string): ToolResultBlockParam {
  return { type: 'tool_result', tool_use_id: use.id, content };
}

function toolError(use: ToolUseBlock, content: string): ToolResultBlockParam {
  return { type: 'tool_result', tool_use_id: use.id, content, is_error: true };
}

/**
 * The model's answer as it goes back in the conversation. Thinking blocks go back unchanged
 * (their signature ties them to the conversation); empty text blocks are left out (the API
 * refuses them in a request).
 */
function toParams(content: readonly ContentBlock[]): ContentBlockParam[] {
  return content.flatMap((block): ContentBlockParam[] => {
    switch (block.type) {
      case 'text':
        return block.text ? [{ type: 'text', text: block.text }] : [];
      case 'tool_use':
        return [{ type: 'tool_use', id: block.id, name: block.name, input: block.input }];
      case 'thinking':
        return [{ type: 'thinking', thinking: block.thinking, signature: block.signature }];
      case 'redacted_thinking':
        return [{ type: 'redacted_thinking', data: block.data }];
      default:
        // Server-side tool blocks: Steward offers no server tools, so none should appear.
        return [block];
    }
  });
}

function reasonOf(signal: AbortSignal): string {
  const reason: unknown = signal.reason;
  if (reason instanceof Error && reason.name !== 'AbortError') return reason.message;
  return 'the run was cancelled.';
}
