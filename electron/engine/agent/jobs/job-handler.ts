/**
 * A kind of job: how to read its payload, and what running it does (gather the context, run the
 * model at most once, propose what came of it). The runner decides when; a handler only does.
 */
import type { z } from 'zod';
import type { AccountStore, StoredAccount } from '../../accounts/account-store.js';
import type { Clock } from '../../clock.js';
import type { Interruptions } from '../../interruptions/interruptions.js';
import type { SuggestionStore } from '../../suggestions/suggestion-store.js';
import type { PlannedProposal } from '../broker/engine-broker.js';
import type { JobKind } from '../job-profiles.js';
import type { MailItemReader, MailQueries } from '../mail/mail-queries.js';
import type { PreferenceStore } from '../memory/preference-store.js';
import type { AgentProposer } from '../proposals/agent-proposer.js';
import type { AgentJob, RunResult } from '../run-loop.js';
import type { RunStore } from '../run-store.js';
import type { CursorStore } from './cursors.js';
import type { JobRecord, JobStore } from './job-store.js';
import type { MeetingSource } from './meetings.js';
import type { TriageStore } from './triage-store.js';
import type { GrantScope } from '@shared/domain/permissions.js';
import type { Places } from '../../gate/grant-match.js';

export type ReadPermission = { readonly allowed: true; readonly within: GrantScope | null } | { readonly allowed: false; readonly why: string };

/** What handlers work with: the engine's stores as the agent sees them. */
export interface AgentRuntime {
  readonly clock: Clock;
  readonly accounts: Pick<AccountStore, 'get' | 'list'>;
  readonly mail: MailQueries;
  readonly mailItems: MailItemReader;
  readonly triage: TriageStore;
  readonly preferences: Pick<PreferenceStore, 'notes'>;
  readonly suggestions: SuggestionStore;
  readonly proposals: AgentProposer;
  readonly jobs: JobStore;
  readonly cursors: CursorStore;
  readonly runs: Pick<RunStore, 'get'>;
  readonly interruptions: Pick<Interruptions, 'recent'>;
  readonly meetings: MeetingSource | null;
  /** The user's time zone (the setting, else the system's). */
  timeZone(): string;
  /**
   * Whether the gate lets the agent read this account's items, recorded in the ledger. Context
   * a job gathers itself is a read like a tool's. `places`: where exactly it reads (the folders
   * of the messages it looks at), so a scoped Allow can cover it; without them a scoped Allow
   * refuses it, since a job reading a whole account cannot keep to the scope.
   */
  mayRead(account: StoredAccount, what: string, actor: string, places?: Places): boolean;
  /**
   * For a job that keeps what it gathers to what the user allowed, as the read tools do: whether
   * it may read the places it names (the message it works on), and then the scope everything
   * else it reads must keep to (null: anywhere). Refused: the gate's reason, in words a user can act on.
   */
  readWithin(account: StoredAccount, what: string, actor: string, places: Places): ReadPermission;
  /** Runs the model on the job, with a broker bound to it; what it proposed is already put to the user. */
  run(job: AgentJob, jobId: string, signal: AbortSignal): Promise<{ readonly result: RunResult; readonly proposed: readonly (PlannedProposal & { readonly suggestionId: string })[] }>;
}

export interface HandlerResult {
  /** The run it made; null when there was nothing to ask the model (no call, no tokens). */
  readonly run: RunResult | null;
  /** What came of it, in words, for the job's record. */
  readonly detail: string | null;
}

export interface JobHandler<P = unknown> {
  readonly kind: JobKind;
  readonly payload: z.ZodType<P>;
  /** Lower runs first when several are due. */
  readonly priority: number;
  /** Prefers the user's idle time (it may wait a while for it). */
  readonly heavy: boolean;
  run(job: JobRecord, payload: P, runtime: AgentRuntime, signal: AbortSignal): Promise<HandlerResult>;
}

/** Whether a run ended in a way whose proposals stand (it finished, or stopped at a cap after proposing). */
export function runCompleted(result: RunResult): boolean {
  return result.outcome.status === 'done' || result.outcome.status === 'cap_reached';
}
