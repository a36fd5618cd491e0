/**
 * The one gate every side effect passes. It computes each step's facts (facts.ts), decides
 * (decide.ts, pure), records each decision in the ledger and, when an action may run, mints a
 * ticket bound to the hash of the step's arguments. Tickets can only be minted here (the
 * registry below is not exported); an executor binds its ticket to the arguments it carries
 * out (bindTicket: refused when their hash differs, or the ticket was already used, or it is an
 * undo ticket used for an ordinary write), and connectors' write methods take only a bound
 * ticket and check it again (assertTicket) for that exact capability and account, so no other
 * path in the code can reach a write.
 */
import { ApiError } from '@shared/api/errors.js';
import { APPS, CAPABILITIES, type AppId, type CapabilityId, type RiskClass } from '@shared/domain/capabilities.js';
import type { StepCaution } from '@shared/domain/caution.js';
import type { GrantScope } from '@shared/domain/permissions.js';
import type { Clock } from '../clock.js';
import type { Ledger } from '../ledger/ledger.js';
import { decide, type GateStage, type GateVerdict } from './decide.js';
import { actorLabel, cautionOf, computeFacts, hashArgs, NO_PROVENANCE, taintOf, type Actor, type FactLookups, type StepFacts, type StepProvenance } from './facts.js';
import type { GrantOutcome } from './grant-match.js';
import type { GrantedRead, GrantedStep, GrantStore } from './grants.js';
import type { KillSwitch } from './kill-switch.js';
import type { RunLog } from './run-log.js';

export interface GatedStep {
  readonly actionId: string;
  readonly suggestionId: string;
  readonly capability: CapabilityId;
  readonly app: AppId;
  readonly accountId: string;
  readonly title: string;
  /** What the step will write: the gate reads its recipients, and the ticket binds its hash. */
  readonly args: unknown;
  /** Where it came from; a detector's or the user's own step has none. */
  readonly provenance?: StepProvenance | null;
}

/**
 * A read the agent wants to make (a read tool's call, or the context a job gathers), on one
 * account: with the places it names and whether its reader keeps to a scope (GrantedRead).
 */
export interface GatedRead extends Omit<GrantedRead, 'args' | 'suggestionId'> {
  /** What is read, in words, for the ledger: "email_search “contract” in alice@example.com". */
  readonly title: string;
}

/** The gate's answer to a read: when allowed under a scoped Allow and its reader can narrow, the places its answer must keep to. */
export interface ReadVerdict extends GateVerdict {
  readonly within: GrantScope | null;
  /** Refused because it names a place the Allow does not cover: which, in words; null otherwise. */
  readonly outside: string | null;
}

/** The gate's answer to a proposal, with what it saw: the card shows the caution. */
export interface GateReview extends GateVerdict {
  readonly facts: StepFacts;
  readonly caution: StepCaution | null;
}

export interface Ticket {
  readonly actionId: string;
  readonly capability: CapabilityId;
  readonly accountId: string;
  readonly purpose: 'execute' | 'undo';
  /** The hash of the arguments it authorises (facts.ts hashArgs). */
  readonly argsHash: string;
  /** Aborted when Steward is paused: the ticket is void from then on. */
  readonly signal: AbortSignal;
}

declare const bound: unique symbol;
/**
 * A ticket an executor bound to the arguments it carries out (bindTicket). Connector write
 * methods take only this: a ticket that was never checked against its arguments cannot reach
 * a write, and the type says so.
 */
export type BoundTicket = Ticket & { readonly [bound]: true };

interface TicketRecord {
  readonly killSwitch: KillSwitch;
  readonly clock: Clock;
  readonly expiresAt: number;
  /** Bound to its one execution (or undo): no second binding is accepted. */
  used: boolean;
  /** The execution it was bound for has ended: nothing more may be written with it. */
  retired: boolean;
}

const TICKET_LIFETIME_MS = 10 * 60_000;

/** The breaker as shipped (Settings → Permissions → Safety brake changes it). */
export const UNASKED_LIMIT = { count: 20, windowMs: 10 * 60_000 } as const;

/**
 * Unasked runs of one capability per hour, by risk class, beyond which a step waits for the
 * user instead. A standing grant to send or to trash is for the odd routine message, not a
 * stream: a person approving by hand rarely does more than a few an hour, and a loop (a model
 * obeying an injected "forward everything") is stopped at the first few. Reversible steps are
 * left to the breaker.
 */
export const RATE_LIMITS: Readonly<Record<RiskClass, number | null>> = { read: null, reversible: null, outward: 5, destructive: 10 };
const RATE_WINDOW_MS = 60 * 60_000;

export interface BrakeSettings {
  readonly count: number;
  readonly windowMs: number;
}

export interface GateDeps {
  readonly grants: GrantStore;
  readonly killSwitch: KillSwitch;
  readonly ledger: Ledger;
  readonly clock: Clock;
  /** The database's answers the facts need (fact-lookups.ts). */
  readonly lookups: FactLookups;
  /** Every run ticket issued, for the breaker and the rate limits. */
  readonly runs: RunLog;
  /** The breaker's settings now (safety.breakerCount, safety.breakerMinutes). */
  readonly brake: () => BrakeSettings;
}

const liveTickets = new WeakMap<Ticket, TicketRecord>();
const boundTickets = new WeakMap<Ticket, Ticket>();

/**
 * Called by an executor before it writes anything: binds the gate's ticket to the arguments it
 * carries out. Refused when the ticket is not the gate's, was already used, is an undo ticket
 * for an ordinary write (or the reverse), or authorised other arguments.
 */
export function bindTicket(ticket: Ticket, args: unknown, purpose: Ticket['purpose']): BoundTicket {
  const record = liveTickets.get(ticket);
  if (!record) throw new Error(`Refused ${ticket.capability}: no ticket from the gate.`);
  if (ticket.purpose !== purpose) {
    throw new Error(`Refused ${ticket.capability}: a ticket to ${ticket.purpose} cannot be used to ${purpose}.`);
  }
  if (record.used) throw new Error(`Refused ${ticket.capability}: the ticket was already used (a ticket runs one step once).`);
  if (hashArgs(args) !== ticket.argsHash) {
    throw new Error(`Refused ${ticket.capability}: these are not the arguments the ticket authorised (they changed after the gate decided).`);
  }
  checkLive(ticket, record, ticket.capability);
  record.used = true;
  const child = Object.freeze({ ...ticket }) as BoundTicket;
  boundTickets.set(child, ticket);
  return child;
}

/** Called by every connector write method before it touches a server. */
export function assertTicket(ticket: BoundTicket, capability: CapabilityId, accountId: string): void {
  const parent = boundTickets.get(ticket);
  const record = parent && liveTickets.get(parent);
  if (!parent || !record) throw new Error(`Refused ${capability}: no ticket from the gate, bound to the step's arguments.`);
  if (ticket.capability !== capability || ticket.accountId !== accountId) {
    throw new Error(`Refused ${capability}: the ticket is for ${ticket.capability} on another account.`);
  }
  if (record.retired) throw new Error(`Refused ${capability}: the ticket was already used (a ticket runs one step once).`);
  checkLive(ticket, record, capability);
}

/** The step the ticket was bound for has ended: the ticket and its binding are void. */
export function retireTicket(ticket: Ticket): void {
  const record = liveTickets.get(boundTickets.get(ticket) ?? ticket);
  if (record) {
    record.used = true;
    record.retired = true;
  }
}

function checkLive(ticket: Ticket, record: TicketRecord, capability: CapabilityId): void {
  if (record.clock.now().getTime() > record.expiresAt) throw new Error(`Refused ${capability}: the ticket expired.`);
  if (ticket.signal.aborted || (ticket.purpose === 'execute' && record.killSwitch.paused)) {
    throw new ApiError('paused', 'Steward is paused: nothing runs until you resume it.');
  }
}

export class Gate {
  constructor(private readonly deps: GateDeps) {
    // The user looked and resumed: the brake starts counting afresh.
    deps.killSwitch.onChange((state) => {
      if (!state.paused) deps.runs.reset(deps.clock.now());
    });
  }

  /** The facts the gate sees for a step: computed here, before any decision. */
  factsOf(step: GatedStep, actor: Actor): StepFacts {
    return computeFacts({ capability: step.capability, accountId: step.accountId, args: step.args, provenance: step.provenance ?? NO_PROVENANCE, actor }, this.deps.lookups);
  }

  /**
   * May this step be offered, and may it run without asking? Recorded either way, with what the
   * gate saw. `rule`: the user's rule its plan matched, which runs it unasked unless the grant
   * denies it or the step is tainted.
   */
  reviewProposal(step: GatedStep, actor: Actor, rule: { readonly id: string; readonly name: string } | null = null): GateReview {
    const facts = this.factsOf(step, actor);
    const verdict = decide({ ...this.question(step, facts, 'propose', null), rule });
    const kind = verdict.decision === 'allow' ? 'gate.allowed' : verdict.decision === 'ask' ? 'gate.asked' : 'gate.denied';
    this.deps.ledger.append({
      kind,
      actor: actorLabel(actor),
      summary: `${step.title}: ${verdict.reason}`,
      ...this.refs(step),
      detail: { stage: 'propose', decision: verdict.decision, ...factsDetail(facts) },
    });
    return { ...verdict, facts, caution: cautionOf(facts) };
  }

  /**
   * May the agent read this now? Reads never get a ticket (they change nothing); the verdict is
   * recorded like every other decision, so the ledger shows what the model looked at.
   */
  authorizeRead(read: GatedRead, actor: Actor): ReadVerdict {
    const outcome = this.deps.grants.readOutcomeFor(read);
    const verdict = decide({ ...this.base(read, outcome), stage: 'read', approvedBy: null, taint: [], narrowed: outcome.within !== null });
    const within = verdict.decision === 'allow' ? outcome.within : null;
    this.deps.ledger.append({
      kind: verdict.decision === 'allow' ? 'gate.allowed' : 'gate.denied',
      actor: actorLabel(actor),
      summary: `${read.title}: ${verdict.reason}`,
      capability: read.capability,
      accountId: read.accountId,
      detail: { stage: 'read', decision: verdict.decision, ...(within ? { within } : {}) },
    });
    return { ...verdict, within, outside: verdict.decision === 'allow' ? null : outcome.outside };
  }

  /**
   * Mints a ticket to run the step now, bound to its arguments, or records the refusal and
   * throws why. `approvedBy` is the person (or their rule) who approved it; null when a
   * standing grant is to let it run unasked.
   */
  authorize(step: GatedStep, approvedBy: Actor | null, actor: Actor): Ticket {
    const facts = this.factsOf(step, actor);
    const verdict = decide(this.question(step, facts, 'execute', approvedBy));
    if (verdict.decision !== 'allow') {
      this.refuse(step, actor, verdict.reason, { paused: this.deps.killSwitch.paused, ...factsDetail(facts) });
      throw new ApiError(this.deps.killSwitch.paused ? 'paused' : 'denied', verdict.reason);
    }
    const unasked = approvedBy === null || approvedBy.kind !== 'user';
    if (unasked) this.checkBrakes(step, actor);
    this.deps.runs.record({ actionId: step.actionId, capability: step.capability, unasked, at: this.deps.clock.now() });
    this.deps.ledger.append({
      kind: 'gate.allowed',
      actor: actorLabel(actor),
      summary: `${step.title}: ${verdict.reason}`,
      ...this.refs(step),
      detail: { stage: 'execute', approvedBy: approvedBy ? actorLabel(approvedBy) : null, ...factsDetail(facts) },
    });
    return this.mint(step, 'execute', facts.argsHash, this.deps.killSwitch.signal);
  }

  /**
   * Undo is the user restoring what was there before: only a person may ask for it, and they
   * may while paused (the brake stops Steward, not the user cleaning up after it). The ticket
   * is for that undo only, and a pause after it was issued voids it.
   */
  authorizeUndo(step: GatedStep, actor: Actor): Ticket {
    const verdict = decide({ ...this.base(step), stage: 'undo', approvedBy: actor, taint: [] });
    if (verdict.decision !== 'allow') {
      this.refuse(step, actor, verdict.reason, { stage: 'undo' });
      throw new ApiError('denied', verdict.reason);
    }
    this.deps.ledger.append({
      kind: 'gate.allowed',
      actor: actorLabel(actor),
      summary: `Undo of ${step.title}: ${verdict.reason}`,
      ...this.refs(step),
      detail: { stage: 'undo' },
    });
    const signal = this.deps.killSwitch.paused ? new AbortController().signal : this.deps.killSwitch.signal;
    return this.mint(step, 'undo', hashArgs(step.args), signal);
  }

  /** Trips the breaker (pauses everything) when too many unasked actions ran recently; holds back a capability over its rate. */
  private checkBrakes(step: GatedStep, actor: Actor): void {
    const { clock, runs, killSwitch, ledger } = this.deps;
    const now = clock.now().getTime();
    const brake = this.deps.brake();
    const minutes = Math.round(brake.windowMs / 60_000);
    if (runs.unaskedSince(new Date(now - brake.windowMs)) >= brake.count) {
      const reason = `Safety brake: more than ${brake.count} actions ran without asking in ${minutes} minutes. Look at Activity, then resume.`;
      if (killSwitch.pause('breaker', reason)) {
        ledger.append({ kind: 'engine.paused', actor: 'breaker', summary: reason, detail: { limit: brake.count, windowMinutes: minutes } });
      }
      this.refuse(step, actor, reason, { breaker: true });
      throw new ApiError('paused', reason);
    }
    const limit = RATE_LIMITS[CAPABILITIES[step.capability].risk];
    if (limit !== null && runs.unaskedSince(new Date(now - RATE_WINDOW_MS), step.capability) >= limit) {
      const reason = `${CAPABILITIES[step.capability].label} ran ${limit} times without asking in the last hour: this one waits for your approval.`;
      this.refuse(step, actor, reason, { rateLimit: limit });
      throw new ApiError('denied', reason);
    }
  }

  private refuse(step: GatedStep, actor: Actor, reason: string, detail: Record<string, unknown>): void {
    this.deps.ledger.append({ kind: 'gate.refused', actor: actorLabel(actor), summary: `${step.title}: ${reason}`, ...this.refs(step), detail: { stage: 'execute', ...detail } });
  }

  private mint(step: GatedStep, purpose: Ticket['purpose'], argsHash: string, signal: AbortSignal): Ticket {
    const ticket: Ticket = Object.freeze({ actionId: step.actionId, capability: step.capability, accountId: step.accountId, purpose, argsHash, signal });
    const { killSwitch, clock } = this.deps;
    liveTickets.set(ticket, { killSwitch, clock, expiresAt: clock.now().getTime() + TICKET_LIFETIME_MS, used: false, retired: false });
    return ticket;
  }

  private question(step: GatedStep, facts: StepFacts, stage: GateStage, approvedBy: Actor | null) {
    return { ...this.base(step), stage, approvedBy, taint: taintOf(facts) };
  }

  /** The grant is matched against the step itself: its account, the places it names, its recipients, who proposed it. */
  private base(step: GrantedStep, grant: GrantOutcome = this.deps.grants.outcomeFor(step)) {
    return {
      capability: CAPABILITIES[step.capability],
      appLabel: APPS[step.app].label,
      grant: grant.mode,
      grantNote: grant.outside,
      grantConditions: grant.mode === 'allow' && grant.grant ? this.deps.grants.conditionWordsOf(grant.grant) : '',
      paused: this.deps.killSwitch.paused,
    };
  }

  private refs(step: GatedStep) {
    return {
      capability: step.capability,
      accountId: step.accountId,
      suggestionId: step.suggestionId,
      actionId: step.actionId,
    };
  }
}

/** What the ledger keeps of the facts: enough to see why, without the message bodies. */
function factsDetail(facts: StepFacts): Record<string, unknown> {
  const taint = taintOf(facts);
  return {
    argsHash: facts.argsHash,
    ...(facts.recipients.length > 0 ? { recipients: facts.recipients.map((r) => r.address), domains: facts.domains, threadDomain: facts.threadDomain } : {}),
    ...(facts.provenance.runId ? { runId: facts.provenance.runId, untrustedItems: facts.provenance.untrustedItemIds.length } : {}),
    ...(taint.length > 0 ? { tainted: taint.map((t) => t.kind) } : {}),
  };
}
