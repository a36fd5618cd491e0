/**
 * The agent's public surface: what the engine, the scheduler, the CLI and the API wire up.
 * (Phase 1: self-contained; tools and jobs are bound to the gate in phase 2.)
 */
export { DailyBudgetGuard, type BudgetGuard } from './budget-guard.js';
export { checkJobCaps, dailyBudgetState, isTimeZone, startOfDayIn, startOfNextDayIn, type CapCheck, type DailyBudgetState } from './budget.js';
export { JOB_PROFILES, type JobCaps, type JobKind, type JobProfile } from './job-profiles.js';
export {
  AnthropicModelClient,
  ModelCallError,
  type ModelCallAccount,
  type ModelCallOptions,
  type ModelCallRequest,
  type ModelCallResult,
  type ModelCaller,
  type ModelPrompt,
  type ModelReply,
  type RetryNotice,
} from './model-client.js';
export { describeModelFailure, isTransient, type ModelFailure, type ModelFailureKind } from './model-failure.js';
export { API_KEY_SECRET, ModelSettingsStore } from './model-settings-store.js';
export {
  DEFAULT_BASE_URL,
  DEFAULT_DAILY_TOKEN_BUDGET,
  DEFAULT_TRIAGE_MODEL,
  DEFAULT_WRITING_MODEL,
  resolveModelSettings,
  type ModelRole,
  type ResolvedModelSettings,
} from './model-settings.js';
export { estimateCostUsd, PRICES } from './pricing.js';
export { describeOperatingSystem, renderEnvironment, type EnvironmentFacts } from './prompt/environment-facts.js';
export { buildPrompt, type JobContext } from './prompt/prompt-builder.js';
export type { UntrustedItem, UntrustedKind } from './prompt/untrusted-data.js';
export { DEFAULT_RETRY_POLICY, type RetryPolicy } from './retry-policy.js';
export { runAgentJob, type AgentJob, type RunLoopDeps, type RunOutcome, type RunResult } from './run-loop.js';
export { AGENT_MIGRATIONS } from './run-migrations.js';
export { RunStore, type AgentRun, type RunRecorder, type RunStatus, type RunTrigger, type Spend } from './run-store.js';
export { billableTokens, type TokenUsage } from './token-usage.js';
export type { ProposalReview, ProposedStep, Provenance, ReadToolCall, ReadToolResult, ToolBroker } from './tool-broker.js';
export { CAPABILITY_TOOLS, toolByName } from './tools/tool-catalog.js';
export { reportTriage, type TriageVerdict } from './tools/result-tools.js';
export { toApiTool, toolNameFor, type AgentCapabilityId, type ToolSpec } from './tools/tool-spec.js';
