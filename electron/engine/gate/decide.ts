/**
 * The gate's decision as a pure function of what it is asked and the state it is in. No I/O,
 * no model input: a prompt or an email can change none of these fields.
 */
import type { CapabilityInfo } from '@shared/domain/capabilities.js';
import { describeTaint, type TaintReason } from '@shared/domain/caution.js';
import type { GateDecision, GrantMode } from '@shared/domain/types.js';
import { actorLabel, isUser, type Actor } from './facts.js';

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
   * 'undo': may this executed step be undone now? Only a person can ask for that.
   */
  readonly stage: GateStage;
  /**
   * Who approved this step (a person through the UI, the browser, the CLI or a notification,
   * or a rule they made); for 'undo', who asks. Null when nobody did.
   */
  readonly approvedBy: Actor | null;
  /**
   * Why this step must be asked about whatever the grants say (facts.ts taintOf): untrusted
   * content in the model's context, a new recipient, a recipient outside the thread's domain.
   * Only outward steps (any of the three) and destructive ones (untrusted content only) are
   * ever tainted: a hidden instruction must not send, nor trash in bulk, under a standing Allow.
   */
  readonly taint: readonly TaintReason[];
  /** Why an Allow grant did not cover this step (outside its scope or conditions); null otherwise. */
  readonly grantNote?: string | null;
  /**
   * The conditions of the Allow that covers this step, in words (", only under Projects"), so
   * the ledger says which grant let it run unasked; '' or absent when it has none.
   */
  readonly grantConditions?: string;
  /** At 'read': the read names no place and is narrowed to what the scoped Allow covers. */
  readonly narrowed?: boolean;
  /** At 'propose': the user's rule ("Always do this") the step's plan matched; it runs it unasked. */
  readonly rule?: { readonly id: string; readonly name: string } | null;
}

export type GateStage = 'propose' | 'execute' | 'read' | 'undo';

export interface GateVerdict {
  readonly decision: GateDecision;
  readonly reason: string;
}

export function decide(q: GateQuestion): GateVerdict {
  const what = `${q.capability.label} (${q.capability.id}) in ${q.appLabel}`;
  if (q.stage === 'undo') return decideUndo(q, what);
  if (q.grant === 'deny') {
    return { decision: 'deny', reason: `You set ${what} to Deny in Settings → Permissions.` };
  }
  if (q.stage === 'read') return decideRead(q, what);
  const outside = q.grantNote ? ` (your Allow does not cover it: ${q.grantNote})` : '';
  // A tainted outward or destructive step is put to a person every time: no grant and no rule runs it.
  const tainted = (q.capability.risk === 'outward' || q.capability.risk === 'destructive') && q.taint.length > 0;
  const why = tainted ? ` It always asks: ${q.taint.map(describeTaint).join(' ')}` : '';
  if (q.stage === 'propose') {
    if (tainted) return { decision: 'ask', reason: `${what} needs your approval.${why}` };
    if (q.rule) return { decision: 'allow', reason: `Your rule “${q.rule.name}” runs it without asking.` };
    return q.grant === 'allow' ? allowedByGrant(q, what) : { decision: 'ask', reason: `${what} needs your approval${outside}.` };
  }
  if (q.paused) {
    return { decision: 'deny', reason: 'Steward is paused: nothing runs until you resume it.' };
  }
  if (isUser(q.approvedBy)) {
    return { decision: 'allow', reason: `Approved by ${actorLabel(q.approvedBy)}.` };
  }
  if (tainted) {
    return { decision: 'deny', reason: `${what} needs your own approval, and it was not given.${why}` };
  }
  // A rule the user made ("Always do this") approves for them; the agent, a detector or
  // Steward itself approve nothing.
  if (q.approvedBy?.kind === 'rule') {
    return { decision: 'allow', reason: `Approved by your rule ${q.approvedBy.ruleId}.` };
  }
  if (q.grant === 'allow') return allowedByGrant(q, what);
  return { decision: 'deny', reason: `${what} needs your approval${outside}, and it was not given.` };
}

/** A standing Allow let it through: the reason names the grant, with its conditions. */
function allowedByGrant(q: GateQuestion, what: string): GateVerdict {
  return { decision: 'allow', reason: `You allowed ${what} without asking${q.grantConditions ?? ''}.` };
}

/**
 * Undo restores what was there before: a person may ask for it even while paused (the brake
 * stops Steward, not the user cleaning up after it) and whatever the grant, but nothing else
 * may: not a rule, not the agent, not Steward itself.
 */
function decideUndo(q: GateQuestion, what: string): GateVerdict {
  if (!isUser(q.approvedBy)) {
    return { decision: 'deny', reason: `Only you can undo ${what}${q.approvedBy ? `, not ${actorLabel(q.approvedBy)}` : ''}.` };
  }
  return { decision: 'allow', reason: `Undo asked by ${actorLabel(q.approvedBy)}.` };
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
    const narrowed = q.narrowed ? ': it sees only what that covers' : '';
    return { decision: 'allow', reason: `You allowed ${what}${q.grantConditions ?? ''}${narrowed}.` };
  }
  if (q.grantNote) {
    return { decision: 'deny', reason: `${what} is not allowed there: your Allow does not cover it (${q.grantNote}).` };
  }
  return { decision: 'deny', reason: `${what} is not allowed: set it to Allow in Settings → Permissions to let Steward read there.` };
}
