/**
 * The one gate every side effect passes. It records each decision in the ledger and, when an
 * action may run, mints a ticket. Tickets can only be minted here (the registry below is not
 * exported) and connectors' write methods refuse anything that is not a live ticket for that
 * exact capability and account, so no other path in the code can reach a write.
 */
import { ApiError } from '@shared/api/errors.js';
import { APPS, CAPABILITIES, type AppId, type CapabilityId } from '@shared/domain/capabilities.js';
import type { Clock } from '../clock.js';
import type { Ledger } from '../ledger/ledger.js';
import { decide, type GateVerdict } from './decide.js';
import type { GrantedStep, GrantStore } from './grants.js';
import type { KillSwitch } from './kill-switch.js';

export interface GatedStep {
  readonly actionId: string;
  readonly suggestionId: string;
  readonly capability: CapabilityId;
  readonly app: AppId;
  readonly accountId: string;
  readonly title: string;
}

/** A read the agent wants to make (a read tool's call), on one account. */
export interface GatedRead {
  readonly capability: CapabilityId;
  readonly app: AppId;
  readonly accountId: string;
  /** What is read, in words, for the ledger: "email_search “contract” in alice@example.com". */
  readonly title: string;
}

export interface Ticket {
  readonly actionId: string;
  readonly capability: CapabilityId;
  readonly accountId: string;
  readonly purpose: 'execute' | 'undo';
  /** Aborted when Steward is paused (execute tickets only: undo is the user's own act). */
  readonly signal: AbortSignal;
}

interface TicketRecord {
  readonly killSwitch: KillSwitch;
  readonly clock: Clock;
  readonly expiresAt: number;
}

const TICKET_LIFETIME_MS = 10 * 60_000;

/**
 * The circuit breaker on standing grants: more actions than this run without anyone asking
 * within the window, and Steward pauses itself and waits for the user. (User-approved plans do
 * not count: the user saw them.)
 */
export const UNASKED_LIMIT = { count: 20, windowMs: 10 * 60_000 } as const;
const liveTickets = new WeakMap<Ticket, TicketRecord>();

/** Called by every connector write method before it touches a server. */
export function assertTicket(ticket: Ticket, capability: CapabilityId, accountId: string): void {
  const record = liveTickets.get(ticket);
  if (!record) throw new Error(`Refused ${capability}: no ticket from the gate.`);
  if (ticket.capability !== capability || ticket.accountId !== accountId) {
    throw new Error(`Refused ${capability}: the ticket is for ${ticket.capability} on another account.`);
  }
  if (record.clock.now().getTime() > record.expiresAt) throw new Error(`Refused ${capability}: the ticket expired.`);
  if (ticket.purpose === 'execute' && record.killSwitch.paused) {
    throw new ApiError('paused', 'Steward is paused: nothing runs until you resume it.');
  }
}

export class Gate {
  private unaskedRuns: number[] = [];

  constructor(
    private readonly grants: GrantStore,
    private readonly killSwitch: KillSwitch,
    private readonly ledger: Ledger,
    private readonly clock: Clock,
  ) {
    // The user looked and resumed: the brake starts counting afresh.
    killSwitch.onChange((state) => {
      if (!state.paused) this.unaskedRuns = [];
    });
  }

  /**
   * May this step be offered, and may it run without asking? Recorded either way. `rule`: the
   * user's rule its plan matched, which runs it unasked unless something else forbids.
   */
  reviewProposal(step: GatedStep & { readonly args?: unknown }, actor: string, rule: { readonly id: string; readonly name: string } | null = null): GateVerdict {
    const verdict = decide({ ...this.question(step), stage: 'propose', approvedBy: null, rule });
    const kind = verdict.decision === 'allow' ? 'gate.allowed' : verdict.decision === 'ask' ? 'gate.asked' : 'gate.denied';
    this.ledger.append({
      kind,
      actor,
      summary: `${step.title}: ${verdict.reason}`,
      ...this.refs(step),
      detail: { stage: 'propose', decision: verdict.decision },
    });
    return verdict;
  }

  /**
   * May the agent read this now? Reads never get a ticket (they change nothing); the verdict is
   * recorded like every other decision, so the ledger shows what the model looked at.
   */
  authorizeRead(read: GatedRead, actor: string): GateVerdict {
    const verdict = decide({ ...this.question(read), stage: 'read', approvedBy: null });
    this.ledger.append({
      kind: verdict.decision === 'allow' ? 'gate.allowed' : 'gate.denied',
      actor,
      summary: `${read.title}: ${verdict.reason}`,
      capability: read.capability,
      accountId: read.accountId,
      detail: { stage: 'read', decision: verdict.decision },
    });
    return verdict;
  }

  /** Mints a ticket to run the step now, or records the refusal and throws why. */
  authorize(step: GatedStep, approvedBy: string | null, actor: string): Ticket {
    const verdict = decide({ ...this.question(step), stage: 'execute', approvedBy });
    if (verdict.decision !== 'allow') {
      this.ledger.append({
        kind: 'gate.refused',
        actor,
        summary: `${step.title}: ${verdict.reason}`,
        ...this.refs(step),
        detail: { stage: 'execute', paused: this.killSwitch.paused },
      });
      throw new ApiError(this.killSwitch.paused ? 'paused' : 'denied', verdict.reason);
    }
    if (approvedBy === null) this.countUnasked(step, actor);
    this.ledger.append({
      kind: 'gate.allowed',
      actor,
      summary: `${step.title}: ${verdict.reason}`,
      ...this.refs(step),
      detail: { stage: 'execute', approvedBy },
    });
    return this.mint(step, 'execute', this.killSwitch.signal);
  }

  /**
   * Undo is the user restoring what was there before, so it is allowed while paused: the
   * brake stops Steward, not the user cleaning up after it.
   */
  authorizeUndo(step: GatedStep): Ticket {
    return this.mint(step, 'undo', new AbortController().signal);
  }

  /** Trips the breaker (pauses everything) when too many unasked actions ran recently. */
  private countUnasked(step: GatedStep, actor: string): void {
    const now = this.clock.now().getTime();
    this.unaskedRuns = this.unaskedRuns.filter((at) => now - at < UNASKED_LIMIT.windowMs);
    if (this.unaskedRuns.length < UNASKED_LIMIT.count) {
      this.unaskedRuns.push(now);
      return;
    }
    const minutes = UNASKED_LIMIT.windowMs / 60_000;
    const reason = `Safety brake: more than ${UNASKED_LIMIT.count} actions ran without asking in ${minutes} minutes. Look at Activity, then resume.`;
    if (this.killSwitch.pause('breaker', reason)) {
      this.ledger.append({ kind: 'engine.paused', actor: 'breaker', summary: reason, detail: { limit: UNASKED_LIMIT.count, windowMinutes: minutes } });
    }
    this.ledger.append({ kind: 'gate.refused', actor, summary: `${step.title}: ${reason}`, ...this.refs(step), detail: { stage: 'execute', breaker: true } });
    throw new ApiError('paused', reason);
  }

  private mint(step: GatedStep, purpose: Ticket['purpose'], signal: AbortSignal): Ticket {
    const ticket: Ticket = Object.freeze({
      actionId: step.actionId,
      capability: step.capability,
      accountId: step.accountId,
      purpose,
      signal,
    });
    liveTickets.set(ticket, { killSwitch: this.killSwitch, clock: this.clock, expiresAt: this.clock.now().getTime() + TICKET_LIFETIME_MS });
    return ticket;
  }

  private question(step: GrantedStep) {
    const grant = this.grants.outcomeFor(step);
    return {
      capability: CAPABILITIES[step.capability],
      appLabel: APPS[step.app].label,
      grant: grant.mode,
      grantNote: grant.outside,
      paused: this.killSwitch.paused,
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
