/**
 * The agent's public surface: what the engine, the CLI, the API, tests and benchmarks use.
 * composeEngine builds the AgentService; the rest is here for tests and for the connectors that
 * plug in (a calendar's MeetingSource, read-tool providers, write planners).
 */
export { AgentService, type AgentServiceDeps } from './agent-service.js';
export type { MeetingSource, UpcomingMeeting } from './jobs/meetings.js';
export type { ReadToolProvider } from './broker/read-tools.js';
export type { WritePlan, WritePlanContext, WritePlanner } from './broker/write-plans.js';
export type { JobRecord, JobState, WaitReason } from './jobs/job-store.js';
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
export { AGENT_MIGRATIONS, AGENT_SCHEMA } from './run-migrations.js';
export { RunStore, type AgentRun, type RunRecorder, type RunStatus, type RunTrigger, type Spend } from './run-store.js';
export { billableTokens, type TokenUsage } from './token-usage.js';
export type { ProposalReview, ProposedStep, Provenance, ReadToolCall, ReadToolResult, ToolBroker } from './tool-broker.js';
export { CAPABILITY_TOOLS, toolByName } from './tools/tool-catalog.js';
export { reportTriage, type TriageReport, type TriageVerdict } from './tools/result-tools.js';
export { toApiTool, toolNameFor, type AgentCapabilityId, type ToolSpec } from './tools/tool-spec.js';
