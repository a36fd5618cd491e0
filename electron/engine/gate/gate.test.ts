import { describe, expect, it } from 'vitest';
import { CAPABILITIES } from '@shared/domain/capabilities.js';
import { memoryParts } from '../testing/memory-engine-parts.js';
import { decide, type GateQuestion } from './decide.js';
import { assertTicket, type GatedStep, type Ticket } from './gate.js';
import { KillSwitch } from './kill-switch.js';

const base: GateQuestion = {
  capability: CAPABILITIES['email.archive'],
  appLabel: 'Mail (IMAP)',
  grant: 'ask',
  paused: false,
  stage: 'execute',
  approvedBy: null,
};

describe('decide', () => {
  it.each([
    { name: 'asks by default when proposing', q: { stage: 'propose' as const }, decision: 'ask' },
    { name: 'offers to run without asking under an allow grant', q: { stage: 'propose' as const, grant: 'allow' as const }, decision: 'allow' },
    { name: 'denies a proposal under a deny grant', q: { stage: 'propose' as const, grant: 'deny' as const }, decision: 'deny' },
    { name: 'refuses to execute without approval', q: {}, decision: 'deny' },
    { name: 'executes with the user’s approval', q: { approvedBy: 'user:ui' }, decision: 'allow' },
    { name: 'executes under an allow grant', q: { grant: 'allow' as const }, decision: 'allow' },
    { name: 'refuses an approved action while paused', q: { approvedBy: 'user:ui', paused: true }, decision: 'deny' },
    { name: 'refuses an allowed action while paused', q: { grant: 'allow' as const, paused: true }, decision: 'deny' },
    { name: 'a deny grant beats an approval', q: { grant: 'deny' as const, approvedBy: 'user:cli' }, decision: 'deny' },
  ])('$name', ({ q, decision }) => {
    expect(decide({ ...base, ...q }).decision).toBe(decision);
  });

  it.each([
    { name: 'reads under an allow grant', q: { stage: 'read' as const, capability: CAPABILITIES['email.read'], grant: 'allow' as const }, decision: 'allow' },
    { name: 'reads nothing under ask (nobody is there to approve a read)', q: { stage: 'read' as const, capability: CAPABILITIES['email.read'] }, decision: 'deny' },
    { name: 'reads nothing under deny', q: { stage: 'read' as const, capability: CAPABILITIES['calendar.read'], grant: 'deny' as const }, decision: 'deny' },
    { name: 'reads nothing while paused', q: { stage: 'read' as const, capability: CAPABILITIES['files.read'], grant: 'allow' as const, paused: true }, decision: 'deny' },
    { name: 'a write is never a read, whatever the grant', q: { stage: 'read' as const, capability: CAPABILITIES['email.send'], grant: 'allow' as const }, decision: 'deny' },
  ])('read check: $name', ({ q, decision }) => {
    expect(decide({ ...base, ...q }).decision).toBe(decision);
  });

  it('says why in words', () => {
    expect(decide({ ...base, paused: true, approvedBy: 'user:ui' }).reason).toMatch(/paused/i);
    expect(decide({ ...base, grant: 'deny' }).reason).toMatch(/Deny in Settings → Permissions/);
  });
});

const step: GatedStep = {
  actionId: 'a-1',
  suggestionId: 's-1',
  capability: 'email.archive',
  app: 'imap',
  accountId: 'acc-1',
  title: 'Move 2 messages from INBOX to Archive',
};

describe('Gate reads', () => {
  it('records every read decision, allowed or not, with its account', () => {
    const { gate, ledger, grants } = memoryParts();
    const read = { capability: 'email.read' as const, app: 'imap' as const, accountId: 'acc-1', title: 'email_search in alice@example.test' };
    expect(gate.authorizeRead(read, 'agent:run-1').decision).toBe('allow');
    grants.set('imap', 'email.read', 'deny');
    expect(gate.authorizeRead(read, 'agent:run-1')).toMatchObject({ decision: 'deny', reason: expect.stringMatching(/Deny in Settings → Permissions/) as string });
    expect(ledger.list({ limit: 10 }).map((e) => [e.kind, e.actor, e.accountId, e.detail.stage])).toEqual([
      ['gate.denied', 'agent:run-1', 'acc-1', 'read'],
      ['gate.allowed', 'agent:run-1', 'acc-1', 'read'],
    ]);
  });
});

describe('Gate tickets', () => {
  it('issues a ticket only with approval, and records every decision', () => {
    const { gate, ledger } = memoryParts();
    expect(() => gate.authorize(step, null, 'engine')).toThrow(/needs your approval/);
    const ticket = gate.authorize(step, 'user:ui', 'user:ui');
    expect(() => assertTicket(ticket, 'email.archive', 'acc-1')).not.toThrow();
    expect(ledger.list({ limit: 10 }).map((e) => e.kind)).toEqual(['gate.allowed', 'gate.refused']);
  });

  it('refuses forged tickets, other capabilities and other accounts', () => {
    const { gate } = memoryParts();
    const forged: Ticket = { actionId: 'a-1', capability: 'email.archive', accountId: 'acc-1', purpose: 'execute', signal: new AbortController().signal };
    expect(() => assertTicket(forged, 'email.archive', 'acc-1')).toThrow(/no ticket from the gate/);
    const ticket = gate.authorize(step, 'user:ui', 'user:ui');
    expect(() => assertTicket(ticket, 'email.trash', 'acc-1')).toThrow(/ticket is for email.archive/);
    expect(() => assertTicket(ticket, 'email.archive', 'acc-2')).toThrow(/another account/);
    expect(() => assertTicket({ ...ticket }, 'email.archive', 'acc-1')).toThrow(/no ticket from the gate/);
  });

  it('voids execute tickets the moment Steward is paused, and aborts their signal', () => {
    const { gate, killSwitch } = memoryParts();
    const ticket = gate.authorize(step, 'user:ui', 'user:ui');
    killSwitch.pause('user:cli');
    expect(ticket.signal.aborted).toBe(true);
    expect(() => assertTicket(ticket, 'email.archive', 'acc-1')).toThrow(/paused/);
    expect(() => gate.authorize(step, 'user:ui', 'user:ui')).toThrow(/paused/);
    // Undo is the user's own act of restoring: it stays possible while paused.
    const undo = gate.authorizeUndo(step);
    expect(() => assertTicket(undo, 'email.archive', 'acc-1')).not.toThrow();
  });

  it('trips the breaker: too many actions without asking pause everything and wait for the user', async () => {
    const { gate, grants, killSwitch, ledger } = memoryParts();
    grants.set('imap', 'email.archive', 'allow');
    const { UNASKED_LIMIT } = await import('./gate.js');
    for (let i = 0; i < UNASKED_LIMIT.count; i++) gate.authorize({ ...step, actionId: `a-${i}` }, null, 'engine');
    expect(() => gate.authorize({ ...step, actionId: 'one-too-many' }, null, 'engine')).toThrow(/Safety brake/);
    expect(killSwitch.current).toMatchObject({ paused: true, by: 'breaker' });
    expect(ledger.list({ limit: 2 }).map((e) => e.kind)).toEqual(['gate.refused', 'engine.paused']);
    // What the user approves never counts towards the brake.
    killSwitch.resume();
    expect(() => gate.authorize({ ...step, actionId: 'approved' }, 'user:ui', 'user:ui')).not.toThrow();
  });

  it('expires tickets', () => {
    const { gate, clock } = memoryParts();
    const ticket = gate.authorize(step, 'user:ui', 'user:ui');
    clock.advance(11 * 60_000);
    expect(() => assertTicket(ticket, 'email.archive', 'acc-1')).toThrow(/expired/);
  });

  it('keeps the pause across restarts of the engine', () => {
    const { killSwitch, settings, clock } = memoryParts();
    killSwitch.pause('user:ui', 'testing');
    const reopened = new KillSwitch(settings, clock);
    expect(reopened.paused).toBe(true);
    expect(reopened.signal.aborted).toBe(true);
    expect(reopened.current).toMatchObject({ by: 'user:ui', reason: 'testing' });
  });
});
