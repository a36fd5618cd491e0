/**
 * What a write tool's call becomes: a proposal on one account, for the account's connector to
 * plan into concrete steps (or, for a capability no intent covers, the steps themselves). One
 * planner per capability (mail, files, calendar). A capability without a planner is refused in words, and nothing is proposed.
 */
import type { StoredAccount } from '../../accounts/account-store.js';
import type { Proposal, SuggestionDraft } from '../../suggestions/suggestion-draft.js';
import type { MailQueries } from '../mail/mail-queries.js';
import type { ProposedStep } from '../tool-broker.js';
import type { WriteCapabilityId } from '../tools/tool-spec.js';
import { calendarWritePlanners, type CalendarWriteDeps } from './calendar-write-plans.js';
import { filesWritePlanners, type FilesWriteDeps } from './files-write-plans.js';
import { mailWritePlanners } from './mail-write-plans.js';

export interface WritePlanContext {
  /** The connected accounts whose kind offers the capability. */
  readonly accounts: readonly StoredAccount[];
  /** Of those, the ones whose items Steward may read (and so the model may have seen). */
  readonly readable: readonly StoredAccount[];
  /** A key for this proposal that is the same when the job runs again (after a restart). */
  readonly stableKey: string;
}

export type WritePlan =
  /** For the account's connector to plan (connectors/<kind>/planner.ts). */
  | { readonly ok: true; readonly account: StoredAccount; readonly proposal: Proposal }
  /** Already concrete (a capability no intent covers). */
  | { readonly ok: true; readonly account: StoredAccount; readonly draft: SuggestionDraft }
  | { readonly ok: false; readonly reason: string };

export interface WritePlanner {
  readonly capability: WriteCapabilityId;
  plan(step: ProposedStep, context: WritePlanContext): WritePlan;
}

export interface WritePlanDeps extends FilesWriteDeps, CalendarWriteDeps {
  readonly mail: MailQueries;
}

const PLANNERS: readonly ((deps: WritePlanDeps) => readonly WritePlanner[])[] = [mailWritePlanners, filesWritePlanners, calendarWritePlanners];

export function createWritePlanners(deps: WritePlanDeps): ReadonlyMap<WriteCapabilityId, WritePlanner> {
  return new Map(PLANNERS.flatMap((create) => create(deps)).map((planner) => [planner.capability, planner]));
}
