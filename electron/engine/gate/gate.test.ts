import { describe, expect, it } from 'vitest';
import { CAPABILITIES } from '@shared/domain/capabilities.js';
import { composeEngine } from '../compose.js';
import { MemorySecretStore } from '../secrets/memory-secret-store.js';
import { memoryParts } from '../testing/memory-engine-parts.js';
import { decide, type GateQuestion } from './decide.js';
import { actors } from './facts.js';
import { assertTicket, bindTicket, retireTicket, UNASKED_LIMIT, type BoundTicket, type GatedStep, type Ticket } from './gate.js';
import { KillSwitch } from './kill-switch.js';

const user = actors.user('ui');

const base: GateQuestion = {
  capability: CAPABILITIES['email.archive'],
  appLabel: 'Mail (IMAP)',
  grant: 'ask',
  paused: false,
  stage: 'execute',
  approvedBy: null,
  taint: [],
};

describe('decide', () => {
  it.each([
    { name: 'asks by default when proposing', q: { stage: 'propose' as const }, decision: 'ask' },
    { name: 'offers to run without asking under an allow grant', q: { stage: 'propose' as const, grant: 'allow' as const }, decision: 'allow' },
    { name: 'denies a proposal under a deny grant', q: { stage: 'propose' as const, grant: 'deny' as const }, decision: 'deny' },
    { name: 'refuses to execute without approval', q: {}, decision: 'deny' },
    { name: 'executes with the user’s approval', q: { approvedBy: user }, decision: 'allow' },
    { name: 'executes under an allow grant', q: { grant: 'allow' as const }, decision: 'allow' },
    { name: 'refuses an approved action while paused', q: { approvedBy: user, paused: true }, decision: 'deny' },
    { name: 'refuses an allowed action while paused', q: { grant: 'allow' as const, paused: true }, decision: 'deny' },
    { name: 'a deny grant beats an approval', q: { grant: 'deny' as const, approvedBy: actors.user('cli') }, decision: 'deny' },
    { name: 'the agent approves nothing', q: { approvedBy: actors.agent('run-1') }, decision: 'deny' },
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

  it('says why in words, and names the taint', () => {
    expect(decide({ ...base, paused: true, approvedBy: user }).reason).toMatch(/paused/i);
    expect(decide({ ...base, grant: 'deny' }).reason).toMatch(/Deny in Settings → Permissions/);
    const tainted = decide({ ...base, capability: CAPABILITIES['email.send'], grant: 'allow', taint: [{ kind: 'new-recipient', address: 'eve@evil.example' }] });
    expect(tainted).toEqual({ decision: 'deny', reason: expect.stringMatching(/always asks: New recipient: you have never written to eve@evil\.example/) as string });
  });
});

const step: GatedStep = {
  actionId: 'a-1',
  suggestionId: 's-1',
  capability: 'email.archive',
  app: 'imap',
  accountId: 'acc-1',
  title: 'Move 2 messages from INBOX to Archive',
  args: { mailbox: 'INBOX', messages: [{ uid: 1 }, { uid: 2 }] },
};

describe('Gate reads', () => {
  it('records every read decision, allowed or not, with its account', () => {
    const { gate, ledger, grants } = memoryParts();
    const read = { capability: 'email.read' as const, app: 'imap' as const, accountId: 'acc-1', title: 'email_search in alice@example.test' };
    expect(gate.authorizeRead(read, actors.agent('run-1')).decision).toBe('allow');
    grants.set('imap', 'email.read', 'deny');
    expect(gate.authorizeRead(read, actors.agent('run-1'))).toMatchObject({ decision: 'deny', reason: expect.stringMatching(/Deny in Settings → Permissions/) as string });
    expect(ledger.list({ limit: 10 }).map((e) => [e.kind, e.actor, e.accountId, e.detail.stage])).toEqual([
      ['gate.denied', 'agent:run-1', 'acc-1', 'read'],
      ['gate.allowed', 'agent:run-1', 'acc-1', 'read'],
    ]);
  });
});

describe('Gate tickets', () => {
  const bound = (ticket: Ticket): BoundTicket => bindTicket(ticket, step.args, 'execute');

  it('issues a ticket only with approval, and records every decision', () => {
    const { gate, ledger } = memoryParts();
    expect(() => gate.authorize(step, null, actors.engine())).toThrow(/needs your approval/);
    const ticket = gate.authorize(step, user, user);
    expect(() => assertTicket(bound(ticket), 'email.archive', 'acc-1')).not.toThrow();
    expect(ledger.list({ limit: 10 }).map((e) => e.kind)).toEqual(['gate.allowed', 'gate.refused']);
  });

  it('refuses forged tickets, other capabilities and other accounts', () => {
    const { gate } = memoryParts();
    const forged: Ticket = { actionId: 'a-1', capability: 'email.archive', accountId: 'acc-1', purpose: 'execute', argsHash: 'x', signal: new AbortController().signal };
    expect(() => bindTicket(forged, step.args, 'execute')).toThrow(/no ticket from the gate/);
    expect(() => assertTicket(forged as BoundTicket, 'email.archive', 'acc-1')).toThrow(/no ticket from the gate/);
    const ticket = bound(gate.authorize(step, user, user));
    expect(() => assertTicket(ticket, 'email.trash', 'acc-1')).toThrow(/ticket is for email.archive/);
    expect(() => assertTicket(ticket, 'email.archive', 'acc-2')).toThrow(/another account/);
    expect(() => assertTicket({ ...ticket }, 'email.archive', 'acc-1')).toThrow(/no ticket from the gate/);
  });

  it('binds the arguments it authorised: other arguments are refused', () => {
    const { gate } = memoryParts();
    const ticket = gate.authorize(step, user, user);
    expect(ticket.argsHash).toMatch(/^[0-9a-f]{64}$/);
    expect(() => bindTicket(ticket, { ...(step.args as object), mailbox: 'Sent' }, 'execute')).toThrow(/not the arguments the ticket authorised/);
  });

  it('runs one step once: a second binding, or a write after the step ended, is refused', () => {
    const { gate } = memoryParts();
    const ticket = gate.authorize(step, user, user);
    const first = bound(ticket);
    expect(() => bound(ticket)).toThrow(/already used/);
    expect(() => assertTicket(first, 'email.archive', 'acc-1')).not.toThrow();
    retireTicket(ticket);
    expect(() => assertTicket(first, 'email.archive', 'acc-1')).toThrow(/already used/);
  });

  it('voids execute tickets the moment Steward is paused, and aborts their signal', () => {
    const { gate, killSwitch } = memoryParts();
    const ticket = bound(gate.authorize(step, user, user));
    killSwitch.pause('user:cli');
    expect(ticket.signal.aborted).toBe(true);
    expect(() => assertTicket(ticket, 'email.archive', 'acc-1')).toThrow(/paused/);
    expect(() => gate.authorize(step, user, user)).toThrow(/paused/);
  });

  it('issues undo tickets only to a person, through a recorded decision, and never for an ordinary write', () => {
    const { gate, killSwitch, ledger } = memoryParts();
    expect(() => gate.authorizeUndo(step, actors.agent('run-1'))).toThrow(/Only you can undo/);
    expect(() => gate.authorizeUndo(step, actors.engine())).toThrow(/Only you can undo/);
    expect(ledger.list({ limit: 1 })[0]).toMatchObject({ kind: 'gate.refused', detail: { stage: 'undo' } });
    const undo = gate.authorizeUndo(step, actors.user('cli'));
    expect(() => bindTicket(undo, step.args, 'execute')).toThrow(/a ticket to undo cannot be used to execute/);
    expect(() => bindTicket(gate.authorize(step, user, user), step.args, 'undo')).toThrow(/a ticket to execute cannot be used to undo/);
    // A pause after it was issued voids it; one asked for while paused is the user's own act.
    const before = gate.authorizeUndo(step, user);
    killSwitch.pause('user:cli');
    expect(() => bindTicket(before, step.args, 'undo')).toThrow(/paused/);
    const during = bindTicket(gate.authorizeUndo(step, user), step.args, 'undo');
    expect(() => assertTicket(during, 'email.archive', 'acc-1')).not.toThrow();
  });

  it('trips the breaker: too many actions without asking pause everything and wait for the user', () => {
    const { gate, grants, killSwitch, ledger } = memoryParts();
    grants.set('imap', 'email.archive', 'allow');
    for (let i = 0; i < UNASKED_LIMIT.count; i++) gate.authorize({ ...step, actionId: `a-${i}` }, null, actors.engine('allowed'));
    expect(() => gate.authorize({ ...step, actionId: 'one-too-many' }, null, actors.engine('allowed'))).toThrow(/Safety brake/);
    expect(killSwitch.current).toMatchObject({ paused: true, by: 'breaker' });
    expect(ledger.list({ limit: 2 }).map((e) => e.kind)).toEqual(['gate.refused', 'engine.paused']);
    // What the user approves never counts towards the brake.
    killSwitch.resume();
    expect(() => gate.authorize({ ...step, actionId: 'approved' }, user, user)).not.toThrow();
  });

  it('counts the breaker from the database: a restart does not reset it, and its limit is a setting', () => {
    const parts = memoryParts();
    parts.grants.set('imap', 'email.archive', 'allow');
    parts.config.set('safety.breakerCount', 3);
    for (let i = 0; i < 3; i++) parts.gate.authorize({ ...step, actionId: `a-${i}` }, null, actors.engine('allowed'));
    // A new engine over the same database, as after a crash.
    const restarted = composeEngine({ db: parts.db, clock: parts.clock, secrets: new MemorySecretStore(), mode: 'host', watch: false });
    expect(() => restarted.gate.authorize({ ...step, actionId: 'after-restart' }, null, actors.engine('allowed'))).toThrow(/more than 3 actions ran without asking in 10 minutes/);
    expect(restarted.killSwitch.paused).toBe(true);
    // Out of the window, or after the user resumed, the count starts afresh.
    restarted.killSwitch.resume();
    expect(() => restarted.gate.authorize({ ...step, actionId: 'after-resume' }, null, actors.engine('allowed'))).not.toThrow();
  });

  it('holds back an outward capability over its hourly rate, without pausing the rest', () => {
    const { gate, grants, killSwitch } = memoryParts();
    grants.set('imap', 'email.send', 'allow');
    const send: GatedStep = { ...step, capability: 'email.send', args: { to: [] } };
    for (let i = 0; i < 5; i++) gate.authorize({ ...send, actionId: `s-${i}` }, null, actors.engine('allowed'));
    expect(() => gate.authorize({ ...send, actionId: 's-6' }, null, actors.engine('allowed'))).toThrow(/ran 5 times without asking in the last hour/);
    expect(killSwitch.paused).toBe(false);
  });

  it('expires tickets', () => {
    const { gate, clock } = memoryParts();
    const ticket = gate.authorize(step, user, user);
    clock.advance(11 * 60_000);
    expect(() => bindTicket(ticket, step.args, 'execute')).toThrow(/expired/);
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
