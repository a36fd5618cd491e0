/**
 * decide() with the standing permissions: a rule the plan matched, and an Allow grant that did
 * not cover the step (grantNote). Neither may outweigh a Deny, a pause or the taint rule.
 */
import { describe, expect, it } from 'vitest';
import { CAPABILITIES, type CapabilityId } from '@shared/domain/capabilities.js';
import type { TaintReason } from '@shared/domain/caution.js';
import type { GrantMode } from '@shared/domain/types.js';
import { decide, type GateQuestion, type GateStage } from './decide.js';
import { actors } from './facts.js';

const RULE = { id: 'r1', name: 'Archive messages from news@weekly.example' };
const NEW_RECIPIENT: TaintReason = { kind: 'new-recipient', address: 'eve@evil.example' };

function question(capability: CapabilityId, more: Partial<GateQuestion>): GateQuestion {
  return { capability: CAPABILITIES[capability], appLabel: 'Mail (IMAP)', grant: 'ask', paused: false, stage: 'propose', approvedBy: null, taint: [], ...more };
}

describe('decide with a rule and scoped grants', () => {
  const cases: [string, CapabilityId, GateStage, GrantMode, Partial<GateQuestion>, 'allow' | 'ask' | 'deny', RegExp][] = [
    ['a matching rule runs a reversible step unasked', 'email.archive', 'propose', 'ask', { rule: RULE }, 'allow', /Your rule “Archive messages from news@weekly\.example” runs it without asking/],
    ['a matching rule runs a destructive step unasked', 'email.trash', 'propose', 'ask', { rule: RULE }, 'allow', /Your rule/],
    ['a matching rule runs an untainted outward step unasked', 'email.send', 'propose', 'ask', { rule: RULE }, 'allow', /Your rule/],
    ['a rule never runs a tainted outward step', 'email.send', 'propose', 'allow', { rule: RULE, taint: [NEW_RECIPIENT] }, 'ask', /It always asks: New recipient/],
    ['a Deny outweighs a rule', 'email.archive', 'propose', 'deny', { rule: RULE }, 'deny', /Deny in Settings/],
    ['a rule does not make a read', 'email.read', 'read', 'ask', { rule: RULE }, 'deny', /not allowed/],
    ['an Allow that did not cover the step asks, and says why', 'email.archive', 'propose', 'ask', { grantNote: 'it acts in INBOX, outside Newsletters' }, 'ask', /needs your approval \(your Allow does not cover it: it acts in INBOX, outside Newsletters\)\.$/],
    ['unapproved at execute, it says why the Allow did not cover it', 'email.archive', 'execute', 'ask', { grantNote: 'the newsletter detector did not propose it' }, 'deny', /does not cover it: the newsletter detector did not propose it\), and it was not given/],
    ['the rule’s approval runs it at execute', 'email.archive', 'execute', 'ask', { approvedBy: actors.rule('r1') }, 'allow', /Approved by your rule r1/],
    ['the rule’s approval waits while paused', 'email.archive', 'execute', 'ask', { approvedBy: actors.rule('r1'), paused: true }, 'deny', /paused/],
    ['the rule’s approval never sends a tainted step', 'email.send', 'execute', 'allow', { approvedBy: actors.rule('r1'), taint: [NEW_RECIPIENT] }, 'deny', /needs your own approval/],
    ['an unasked run names the Allow’s conditions', 'email.archive', 'execute', 'allow', { grantConditions: ', only in INBOX' }, 'allow', /^You allowed Archive messages \(email\.archive\) in Mail \(IMAP\) without asking, only in INBOX\.$/],
    ['a read narrowed to a scoped Allow says so', 'email.read', 'read', 'allow', { grantConditions: ', only in INBOX', narrowed: true }, 'allow', /^You allowed Read mail \(email\.read\) in Mail \(IMAP\), only in INBOX: it sees only what that covers\.$/],
    ['a read of a place outside a scoped Allow is refused, with where', 'email.read', 'read', 'ask', { grantNote: 'it reads in Sent, outside INBOX' }, 'deny', /is not allowed there: your Allow does not cover it \(it reads in Sent, outside INBOX\)\.$/],
    ['a narrowed read still waits while paused', 'email.read', 'read', 'allow', { narrowed: true, paused: true }, 'deny', /paused/],
  ];
  it.each(cases)('%s', (_name, capability, stage, grant, more, decision, reason) => {
    const verdict = decide(question(capability, { stage, grant, ...more }));
    expect(verdict.decision).toBe(decision);
    expect(verdict.reason).toMatch(reason);
  });
});
