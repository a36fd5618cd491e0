/**
 * Rules made from approvals, as pure functions: what a plan looks like in structured fields
 * (never the text a model or a sender wrote), whether a rule matches it, and the rule an
 * approved plan suggests. A rule always narrows by at least one field beyond the account and
 * the capabilities, so "always" never means "everything".
 */
import type { CapabilityId } from '@shared/domain/capabilities.js';
import type { Rule, RuleMatch } from '@shared/domain/permissions.js';

/** A message a plan is about, in the fields a rule may match. */
export interface MessageFacts {
  /** Lower-case address of its sender. */
  readonly sender: string;
  readonly listId: string | null;
  /** The folders (or labels) it is filed under. */
  readonly folders: readonly string[];
}

/** A plan (a suggestion with its steps), in structured fields. */
export interface PlanFacts {
  readonly accountId: string;
  /** The detector that proposed it; null for the agent. */
  readonly detector: string | null;
  /** Every step's capability, in order. */
  readonly capabilities: readonly CapabilityId[];
  readonly messages: readonly MessageFacts[];
  /** Lower-case domains of every recipient of every step. */
  readonly recipientDomains: readonly string[];
}

/** The fields beyond account and capability a rule narrows by. */
const NARROWING = ['detector', 'sender', 'listId', 'folder', 'recipientDomain'] as const;

export function narrowsEnough(match: RuleMatch): boolean {
  return match.capabilities.length > 0 && NARROWING.some((field) => match[field] !== null);
}

/** Why the rule does not match the plan, in words; null when it matches. */
export function mismatch(match: RuleMatch, plan: PlanFacts): string | null {
  if (!narrowsEnough(match)) return 'the rule names nothing but the capability';
  if (match.accountId !== plan.accountId) return 'another account';
  if (plan.capabilities.length === 0) return 'the plan has no steps';
  const stray = plan.capabilities.find((c) => !match.capabilities.includes(c));
  if (stray !== undefined) return `the plan also does ${stray}`;
  if (match.detector !== null && plan.detector !== match.detector) return `not proposed by ${match.detector}`;
  if (match.sender !== null && !allMessages(plan, (m) => m.sender === match.sender)) return `not only mail from ${match.sender}`;
  if (match.listId !== null && !allMessages(plan, (m) => m.listId === match.listId)) return `not only the list ${match.listId}`;
  if (match.folder !== null && !allMessages(plan, (m) => m.folders.includes(match.folder ?? ''))) return `not only mail in ${match.folder}`;
  if (match.recipientDomain !== null && (plan.recipientDomains.length === 0 || plan.recipientDomains.some((d) => d !== match.recipientDomain))) {
    return `not only to ${match.recipientDomain}`;
  }
  return null;
}

function allMessages(plan: PlanFacts, test: (m: MessageFacts) => boolean): boolean {
  return plan.messages.length > 0 && plan.messages.every(test);
}

/** The first active rule that matches the plan (oldest first, so the answer is stable). */
export function ruleFor(rules: readonly Rule[], plan: PlanFacts): Rule | null {
  return rules.find((rule) => !rule.paused && mismatch(rule.match, plan) === null) ?? null;
}

/**
 * The rule an approved plan suggests: its account, its capabilities, and every field all its
 * messages and recipients share. Null when nothing narrows it (it would be a blanket grant).
 */
export function ruleFromPlan(plan: PlanFacts): RuleMatch | null {
  const shared = <T>(values: readonly T[]): T | null => (values.length > 0 && values.every((v) => v === values[0]) ? (values[0] ?? null) : null);
  const commonFolder = plan.messages[0]?.folders.find((f) => plan.messages.every((m) => m.folders.includes(f))) ?? null;
  const match: RuleMatch = {
    accountId: plan.accountId,
    capabilities: [...new Set(plan.capabilities)],
    detector: plan.detector,
    sender: shared(plan.messages.map((m) => m.sender)),
    listId: shared(plan.messages.map((m) => m.listId)),
    folder: commonFolder,
    recipientDomain: shared(plan.recipientDomains),
  };
  return narrowsEnough(match) ? match : null;
}
