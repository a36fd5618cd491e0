/**
 * The gate's decision as a pure function of what it is asked and the state it is in. No I/O,
 * no model input: a prompt or an email can change none of these fields.
 */
import type { CapabilityInfo } from '@shared/domain/capabilities.js';
import type { GateDecision, GrantMode } from '@shared/domain/types.js';

export interface GateQuestion {
  readonly capability: CapabilityInfo;
  readonly appLabel: string;
  readonly grant: GrantMode;
  readonly paused: boolean;
  /**
   * 'propose': may this step be offered (and run without asking)?
   * 'execute': may it run now, with or without the user's approval?
   * 'read': may the agent read this now (a read tool)? Nobody is there to approve a read, so
   *   only an Allow grant lets it through.
   */
  readonly stage: 'propose' | 'execute' | 'read';
  /** Set when the user approved this step (through the UI, the browser or the CLI). */
  readonly approvedBy: string | null;
  /** Why an Allow grant did not cover this step (outside its scope or conditions); null otherwise. */
  readonly grantNote?: string | null;
  /** At 'propose': the user's rule ("Always do this") the step's plan matched; it runs it unasked. */
  readonly rule?: { readonly id: string; readonly name: string } | null;
}

export interface GateVerdict {
  readonly decision: GateDecision;
  readonly reason: string;
}

export function decide(q: GateQuestion): GateVerdict {
  const what = `${q.capability.label} (${q.capability.id}) in ${q.appLabel}`;
  if (q.grant === 'deny') {
    return { decision: 'deny', reason: `You set ${what} to Deny in Settings → Permissions.` };
  }
  if (q.stage === 'read') return decideRead(q, what);
  const outside = q.grantNote ? ` (your Allow does not cover it: ${q.grantNote})` : '';
  if (q.stage === 'propose') {
    if (q.rule) return { decision: 'allow', reason: `Your rule “${q.rule.name}” runs it without asking.` };
    return q.grant === 'allow'
      ? { decision: 'allow', reason: `You allowed ${what} without asking.` }
      : { decision: 'ask', reason: `${what} needs your approval${outside}.` };
  }
  if (q.paused) {
    return { decision: 'deny', reason: 'Steward is paused: nothing runs until you resume it.' };
  }
  if (q.approvedBy !== null) {
    return { decision: 'allow', reason: `Approved by ${q.approvedBy}.` };
  }
  if (q.grant === 'allow') {
    return { decision: 'allow', reason: `You allowed ${what} without asking.` };
  }
  return { decision: 'deny', reason: `${what} needs your approval${outside}, and it was not given.` };
}

/** A read tool's call: allowed only under an Allow grant of a read capability, and never while paused. */
function decideRead(q: GateQuestion, what: string): GateVerdict {
  if (q.capability.risk !== 'read') {
    return { decision: 'deny', reason: `${what} is not a read: it can only be proposed, never done as a read.` };
  }
  if (q.paused) {
    return { decision: 'deny', reason: 'Steward is paused: it reads nothing until you resume it.' };
  }
  if (q.grant === 'allow') {
    return { decision: 'allow', reason: `You allowed ${what}.` };
  }
  return { decision: 'deny', reason: `${what} is not allowed: set it to Allow in Settings → Permissions to let Steward read there.` };
}
