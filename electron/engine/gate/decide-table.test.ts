/**
 * `decide` over every combination: risk class × grant × taint × pause × stage × who approved.
 * The expected outcome is the policy written out rule by rule (the README's promise), and a few
 * invariants are checked over the whole table on their own, so a change to either shows here.
 */
import { describe, expect, it } from 'vitest';
import { CAPABILITIES, type CapabilityId, type RiskClass } from '@shared/domain/capabilities.js';
import type { TaintReason } from '@shared/domain/caution.js';
import type { GateDecision, GrantMode } from '@shared/domain/types.js';
import { decide, type GateStage } from './decide.js';
import { actors, type Actor } from './facts.js';
import { defaultMode } from './grants.js';

const ONE_OF_EACH_RISK: Readonly<Record<RiskClass, CapabilityId>> = {
  read: 'email.read',
  reversible: 'email.archive',
  outward: 'email.send',
  destructive: 'email.trash',
};
const GRANTS: readonly GrantMode[] = ['deny', 'ask', 'allow'];
const TAINTS: readonly (readonly TaintReason[])[] = [[], [{ kind: 'untrusted-context', itemCount: 2 }], [{ kind: 'new-recipient', address: 'eve@evil.example' }]];
const STAGES: readonly GateStage[] = ['propose', 'execute', 'read', 'undo'];
const APPROVERS: readonly (Actor | null)[] = [null, actors.user('ui'), actors.user('notification'), actors.rule('r-1'), actors.agent('run-1'), actors.engine('allowed')];

interface Row {
  readonly risk: RiskClass;
  readonly grant: GrantMode;
  readonly taint: readonly TaintReason[];
  readonly paused: boolean;
  readonly stage: GateStage;
  readonly approvedBy: Actor | null;
}

const table: Row[] = (Object.keys(ONE_OF_EACH_RISK) as RiskClass[]).flatMap((risk) =>
  GRANTS.flatMap((grant) =>
    TAINTS.flatMap((taint) => [false, true].flatMap((paused) => STAGES.flatMap((stage) => APPROVERS.map((approvedBy) => ({ risk, grant, taint, paused, stage, approvedBy }))))),
  ),
);

/** The policy, rule by rule. */
function expected(row: Row): GateDecision {
  const person = row.approvedBy?.kind === 'user';
  if (row.stage === 'undo') return person ? 'allow' : 'deny';
  if (row.grant === 'deny') return 'deny';
  if (row.stage === 'read') return row.risk === 'read' && !row.paused && row.grant === 'allow' ? 'allow' : 'deny';
  const tainted = (row.risk === 'outward' || row.risk === 'destructive') && row.taint.length > 0;
  if (row.stage === 'propose') return !tainted && row.grant === 'allow' ? 'allow' : 'ask';
  if (row.paused) return 'deny';
  if (person) return 'allow';
  if (tainted) return 'deny';
  if (row.approvedBy?.kind === 'rule') return 'allow';
  return row.grant === 'allow' ? 'allow' : 'deny';
}

const outcome = (row: Row) =>
  decide({ capability: CAPABILITIES[ONE_OF_EACH_RISK[row.risk]], appLabel: 'Mail (IMAP)', grant: row.grant, paused: row.paused, stage: row.stage, approvedBy: row.approvedBy, taint: row.taint });

const label = (row: Row) =>
  `${row.risk} · ${row.grant} · ${row.taint[0]?.kind ?? 'clean'} · ${row.paused ? 'paused' : 'running'} · ${row.stage} · ${row.approvedBy ? `${row.approvedBy.kind}` : 'nobody'}`;

describe('decide, every combination', () => {
  it('covers the whole table', () => {
    expect(table).toHaveLength(4 * 3 * 3 * 2 * 4 * APPROVERS.length);
  });

  it.each(table.map((row) => [label(row), row] as const))('%s', (_name, row) => {
    const verdict = outcome(row);
    expect(verdict.decision).toBe(expected(row));
    expect(verdict.reason.length).toBeGreaterThan(10);
  });

  it('never runs a tainted outward or destructive step without a person’s approval, whatever the grant or rule', () => {
    const ran = table.filter((row) => (row.risk === 'outward' || row.risk === 'destructive') && row.taint.length > 0 && row.stage === 'execute' && row.approvedBy?.kind !== 'user' && outcome(row).decision === 'allow');
    expect(ran).toEqual([]);
  });

  it('runs nothing while paused except a person’s undo', () => {
    const ran = table.filter((row) => row.paused && row.stage !== 'undo' && row.stage !== 'propose' && outcome(row).decision === 'allow');
    expect(ran).toEqual([]);
  });

  it('lets the agent, a detector or Steward itself approve nothing', () => {
    const approvedByMachine = table.filter(
      (row) => row.stage === 'execute' && (row.approvedBy?.kind === 'agent' || row.approvedBy?.kind === 'engine') && row.grant !== 'allow' && outcome(row).decision === 'allow',
    );
    expect(approvedByMachine).toEqual([]);
  });
});

describe('defaultMode', () => {
  it.each(Object.values(CAPABILITIES).map((c) => [c.id, c] as const))('%s', (id, capability) => {
    expect(defaultMode(id)).toBe(capability.risk === 'read' ? 'allow' : 'ask');
  });

  it('never defaults sending or trashing to allow', () => {
    for (const id of ['email.send', 'email.trash', 'calendar.respond', 'calendar.cancel', 'files.trash'] as const) expect(defaultMode(id)).not.toBe('allow');
  });
});
