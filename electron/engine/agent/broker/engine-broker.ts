/**
 * The ToolBroker bound to the engine, one per job run.
 *
 * - A read goes past the gate as a read (Gate.authorizeRead, recorded in the ledger) for every
 *   connected account whose kind offers the capability; the provider of that capability answers
 *   over the accounts the gate allowed, and only those.
 * - A write is planned into a proposal (the write planner of its capability, then the account's
 *   connector) and checked against the grants, so the model hears at once when the user denied
 *   it; then it is put to the user at once (the AgentProposer, through the engine's Proposer and
 *   the gate, like any other proposal), so a draft shows as soon as the model asked for it.
 * - A write refused before it reaches the gate (no planner for it yet, an unknown message or
 *   file, a Deny) is recorded in the ledger too: an injected instruction the model obeyed leaves
 *   a trace even when nothing could come of it.
 *   Nothing here can execute anything.
 */
import { APPS, CAPABILITIES, type CapabilityId } from '@shared/domain/capabilities.js';
import type { AccountStore, StoredAccount } from '../../accounts/account-store.js';
import { actorLabel, actors } from '../../gate/facts.js';
import type { Gate } from '../../gate/gate.js';
import type { GrantStore } from '../../gate/grants.js';
import type { Ledger } from '../../ledger/ledger.js';
import type { Proposal, SuggestionDraft } from '../../suggestions/suggestion-draft.js';
import type { ProposalReview, ProposedStep, ReadToolCall, ReadToolResult, ToolBroker, UnaskedBy } from '../tool-broker.js';
import type { ReadCapabilityId, WriteCapabilityId } from '../tools/tool-spec.js';
import type { ReadToolProvider } from './read-tools.js';
import type { WritePlanner } from './write-plans.js';

export interface EngineBrokerDeps {
  readonly accounts: Pick<AccountStore, 'list'>;
  readonly gate: Pick<Gate, 'authorizeRead'>;
  readonly grants: Pick<GrantStore, 'modeFor'>;
  /** Where a write refused before the gate is recorded. */
  readonly ledger: Pick<Ledger, 'append'>;
  readonly readTools: ReadonlyMap<ReadCapabilityId, ReadToolProvider>;
  readonly writePlanners: ReadonlyMap<WriteCapabilityId, WritePlanner>;
  /** The account's connector turns a proposal's intents into steps (suggestions/planner.ts). */
  readonly plan: (proposal: Proposal, account: StoredAccount) => SuggestionDraft | null;
}

/** A write the model asked for, planned into a suggestion for the user. */
export interface PlannedProposal {
  readonly step: ProposedStep;
  readonly account: StoredAccount;
  readonly draft: SuggestionDraft;
}

/**
 * What became of a planned proposal: the suggestion it made (and, when the user allowed it in
 * advance, what lets it run unasked), or why it was not put to the user.
 */
export type ProposalOutcome = { readonly suggestionId: string; readonly unasked?: UnaskedBy } | { readonly skipped: string };

const AREA: Readonly<Record<string, string>> = { email: 'mail', calendar: 'calendar', files: 'folders' };

export class EngineToolBroker implements ToolBroker {
  private readonly kept: (PlannedProposal & { readonly suggestionId: string })[] = [];
  private asked = 0;

  constructor(
    private readonly deps: EngineBrokerDeps,
    /** The job this run belongs to: a proposal's key is the same when the job runs again. */
    private readonly jobId: string,
    /** Puts a planned step to the user (AgentProposer.proposeStep with the run's provenance). */
    private readonly propose: (planned: PlannedProposal) => ProposalOutcome,
  ) {}

  /** What the run proposed to the user, in the order the model asked. */
  get proposed(): readonly (PlannedProposal & { readonly suggestionId: string })[] {
    return this.kept;
  }

  async read(call: ReadToolCall): Promise<ReadToolResult> {
    const area = areaOf(call.capability);
    const provider = this.deps.readTools.get(call.capability);
    const connected = this.connectedFor(call.capability);
    if (!provider || connected.length === 0) {
      return { ok: false, error: `The user has no ${area} connected to Steward, so ${call.tool} cannot answer. Work with what you have.` };
    }
    const verdicts = connected.map((account) => {
      const read = { capability: call.capability, app: account.kind, accountId: account.id, title: `${call.tool} ${describeArgs(call.args)} in ${account.email}` };
      // The provider filters its answer to what a scoped Allow covers, so a read naming no place is narrowed, not refused.
      const verdict = this.deps.gate.authorizeRead({ ...read, places: provider.placesNamed(call, account), narrowable: true }, actors.agent(call.runId));
      return { account, verdict };
    });
    const allowed = verdicts.flatMap(({ account, verdict }) => (verdict.decision === 'allow' ? [{ account, within: verdict.within }] : []));
    if (allowed.length === 0) {
      const label = CAPABILITIES[call.capability].label;
      const outside = verdicts.find(({ verdict }) => verdict.outside !== null);
      if (outside) return { ok: false, error: `${outside.verdict.reason} So ${call.tool} cannot answer there; leave the place out to read where the user allowed.` };
      return { ok: false, error: `The user has not allowed Steward to ${label.toLowerCase()} (Settings → Permissions), so ${call.tool} cannot answer.` };
    }
    if (call.signal.aborted) return { ok: false, error: 'Stopped.' };
    return provider.read(call, allowed);
  }

  async reviewProposal(step: ProposedStep): Promise<ProposalReview> {
    const review = this.planAndPropose(step);
    if (!review.accepted) this.recordRefusal(step, review.reason);
    return review;
  }

  /** Every write the agent attempted is on record, including the ones never put to the user. */
  recordRefusal(step: ProposedStep, reason: string): void {
    this.deps.ledger.append({
      kind: 'gate.refused',
      actor: actorLabel(actors.agent(step.runId)),
      summary: `${step.tool} ${describeArgs(step.args)}: not proposed, ${reason}`.slice(0, 2_000),
      capability: step.capability,
      detail: { stage: 'propose', tool: step.tool, reason, untrustedItems: step.provenance.untrustedItemIds.length },
    });
  }

  private planAndPropose(step: ProposedStep): ProposalReview {
    const planner = this.deps.writePlanners.get(step.capability);
    if (!planner) return { accepted: false, reason: cannotYet(step.capability) };
    const accounts = this.connectedFor(step.capability);
    if (accounts.length === 0) return { accepted: false, reason: `the user has no ${areaOf(step.capability)} connected to Steward.` };
    const readCapability = `${step.capability.split('.')[0] ?? ''}.read` as CapabilityId;
    const readable = accounts.filter((account) => this.deps.grants.modeFor(account.kind, readCapability, account.id) === 'allow');
    this.asked += 1;
    const planned = planner.plan(step, { accounts, readable, stableKey: `${this.jobId}:${this.asked}` });
    if (!planned.ok) return { accepted: false, reason: planned.reason };
    const draft = 'draft' in planned ? planned.draft : this.deps.plan(planned.proposal, planned.account);
    if (!draft || draft.steps.length === 0) {
      return { accepted: false, reason: `Steward cannot carry out ${step.capability} on ${planned.account.email} (${APPS[planned.account.kind].label}).` };
    }
    const denied = draft.steps.find((s) => this.deps.grants.modeFor(s.app, s.capability, s.accountId) === 'deny');
    if (denied) {
      return { accepted: false, reason: `the user set ${CAPABILITIES[denied.capability].label} (${denied.capability}) to Deny in Settings → Permissions.` };
    }
    const outcome = this.propose({ step, account: planned.account, draft });
    if ('skipped' in outcome) return { accepted: false, reason: `${outcome.skipped}.` };
    this.kept.push({ step, account: planned.account, draft, suggestionId: outcome.suggestionId });
    return outcome.unasked ? { accepted: true, unasked: outcome.unasked } : { accepted: true };
  }

  /** Connected accounts whose kind offers the capability. */
  private connectedFor(capability: CapabilityId): StoredAccount[] {
    return this.deps.accounts.list().filter((account) => APPS[account.kind].capabilities.includes(capability));
  }
}

function areaOf(capability: CapabilityId): string {
  return AREA[capability.split('.')[0] ?? ''] ?? capability;
}

function cannotYet(capability: CapabilityId): string {
  return `Steward cannot propose ${capability} yet.`;
}

/** A read's arguments in a few words for the ledger ("“contract” from bob"). */
function describeArgs(args: Readonly<Record<string, unknown>>): string {
  const words = Object.entries(args)
    .filter(([key, value]) => key !== 'limit' && key !== 'maxMessages' && value !== undefined && value !== '')
    .map(([key, value]) => `${key}=${JSON.stringify(value).slice(0, 60)}`);
  return words.length > 0 ? `(${words.join(', ')})` : '';
}
