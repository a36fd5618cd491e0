/**
 * What the engine tells its clients about the agent: today's spend against the budget, whether
 * it can work (a key, the model reachable), its runs, and the preferences it keeps.
 */

/** The agent at a glance: the popover's line, `steward status --json`. */
export interface AgentStatus {
  /** Whether an API key is set (setting or ANTHROPIC_API_KEY); null when not known (the CLI without a running Steward). */
  readonly keySet: boolean | null;
  /**
   * off: no key, detectors only · idle: nothing to do · working: a job is running ·
   * waiting: jobs wait (for the budget, the model, a setting, a resume).
   */
  readonly state: 'off' | 'idle' | 'working' | 'waiting';
  readonly today: AgentSpend;
  readonly jobsQueued: number;
  /** Why jobs wait, or what is wrong, in words the user can act on; null when all is well. */
  readonly problem: string | null;
}

export interface AgentSpend {
  readonly tokens: number;
  readonly budgetTokens: number;
  /** Estimated; calls to models without a known price add nothing. */
  readonly costUsd: number;
  readonly calls: number;
  readonly exhausted: boolean;
  /** When the budget refills (the user's next midnight), ISO. */
  readonly resetsAt: string;
}

export type AgentRunStatus = 'running' | 'done' | 'cap_reached' | 'budget_exhausted' | 'aborted' | 'failed' | 'refused' | 'interrupted';

/** One run of the model for a job: `steward runs`, Settings → Runs. */
export interface AgentRunView {
  readonly id: string;
  /** triage, draft_reply, digest, brief, meeting_prep, review. */
  readonly job: string;
  /** What started it: item.new, presence.return, routine, heartbeat, meeting… */
  readonly trigger: string;
  readonly model: string | null;
  readonly startedAt: string;
  readonly durationMs: number | null;
  readonly tokens: { readonly input: number; readonly output: number; readonly cacheRead: number; readonly cacheWrite: number };
  /** Estimated USD; null when a call went to a model whose price is unknown. */
  readonly costUsd: number | null;
  readonly modelCalls: number;
  readonly proposals: number;
  readonly status: AgentRunStatus;
  /** What happened, in words. */
  readonly detail: string | null;
}

/** Where the model settings stand: Settings → Model and budget. The key itself is never sent back. */
export interface ModelSettingsView {
  readonly apiKey: { readonly set: boolean; readonly source: 'keychain' | 'environment' | null };
  readonly triageModel: string;
  readonly writingModel: string;
  readonly baseUrl: { readonly value: string; readonly source: 'setting' | 'environment' | 'default' };
  readonly dailyTokens: number;
  readonly status: AgentStatus;
}

/** Something Steward keeps in mind about the user's wishes: context for the model, never a permission. */
export interface Preference {
  readonly id: string;
  readonly text: string;
  /** learned: from the user's approvals, edits and dismissals; user: written or edited by them. */
  readonly source: 'learned' | 'user';
  /** What it was learned from, in words ("dismissed 2 suggestions to archive mail from bank.example"). */
  readonly evidence: string;
  readonly createdAt: string;
  readonly updatedAt: string;
}

/** The agent's status before anything is known of it (a fresh client, a test's fake engine). */
export const AGENT_STATUS_UNKNOWN: AgentStatus = {
  keySet: null,
  state: 'idle',
  today: { tokens: 0, budgetTokens: 0, costUsd: 0, calls: 0, exhausted: false, resetsAt: '1970-01-01T00:00:00.000Z' },
  jobsQueued: 0,
  problem: null,
};
