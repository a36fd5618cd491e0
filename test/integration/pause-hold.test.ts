/**
 * A pause that lands while an approved plan runs, against the real Dovecot: the step running is
 * cut short as before, the steps not yet started wait ('held') instead of being cancelled, and
 * the resume runs them once, each checked by the gate again. A restart keeps them waiting, a
 * permission changed to Deny during the pause refuses them, and the user can cancel them.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { StoredAccount } from '../../electron/engine/accounts/account-store.js';
import { systemClock } from '../../electron/engine/clock.js';
import { composeEngine, type EngineParts } from '../../electron/engine/compose.js';
import { planImap } from '../../electron/engine/connectors/imap/planner.js';
import { openDatabase } from '../../electron/engine/db/database.js';
import { actors } from '../../electron/engine/gate/facts.js';
import { MemorySecretStore } from '../../electron/engine/secrets/memory-secret-store.js';
import { renderActions, renderStatus, renderSuggestionResult, renderSuggestions, renderUndone } from '../../electron/cli/render.js';
import { engineSchema } from '../../electron/engine/schema.js';
import type { Suggestion } from '../../shared/domain/types.js';
import { accountInput, createImapUser, deliver, question } from '../engine-fixture.js';
import type { ImapUser } from '../fixtures.js';
import { itemsIn } from '../imap-items.js';
import { listMessages } from '../servers/imap-peer.js';

interface Bench {
  parts: EngineParts;
  readonly user: ImapUser;
  readonly account: StoredAccount<'imap'>;
  readonly dir: string;
  readonly secrets: MemorySecretStore;
}

let bench: Bench | null = null;
afterEach(() => {
  if (!bench) return;
  stop(bench);
  rmSync(bench.dir, { recursive: true, force: true });
  bench = null;
});

/** An engine that carries out work as engine.ts starts one: recovery first, then the outbox clock (which follows the pause). */
function start(dir: string, secrets: MemorySecretStore): EngineParts {
  const parts = composeEngine({ db: openDatabase(join(dir, 'steward.db'), engineSchema()), clock: systemClock, secrets, mode: 'host', watch: false });
  parts.runner.recoverOutbox();
  parts.runner.recoverInterrupted({ confirm: true });
  parts.outboxClock.start();
  return parts;
}

function stop(b: Bench): void {
  b.parts.outboxClock.stop();
  b.parts.scheduler.stop();
  b.parts.db.close();
}

async function setUp(): Promise<Bench> {
  const dir = mkdtempSync(join(tmpdir(), 'steward-hold-'));
  const secrets = new MemorySecretStore();
  const parts = start(dir, secrets);
  const user = await createImapUser();
  const added = await parts.accountService.add(accountInput(user), 'user:cli');
  const account = parts.accounts.get(added.id) as StoredAccount<'imap'>;
  for (const subject of ['One', 'Two', 'Three']) await deliver(user, question({ subject }));
  bench = { parts, user, account, dir, secrets };
  return bench;
}

/** One plan of three steps, each moving one message to Archive, in the order One, Two, Three. */
async function proposeThreeMoves({ parts, account, user }: Bench): Promise<Suggestion> {
  const messages = await itemsIn(user, 'INBOX');
  const order = ['One', 'Two', 'Three'].map((subject) => messages.find((m) => m.subject === subject)!);
  const steps = order.flatMap((message) => planImap({ type: 'mail.move', messages: [message], toFolder: 'Archive' }, account) ?? []);
  expect(steps).toHaveLength(3);
  const outcome = parts.proposer.propose(
    { kind: 'deadline', accountId: account.id, dedupeKey: `test:${Math.random()}`, title: 'File three messages', why: 'test', urgency: 'normal', flags: [], sources: [], items: [], steps },
    actors.detector('test'),
  );
  return parts.suggestions.get(outcome.suggestionId!)!;
}

/** Pauses the moment the plan's step at `position` is claimed as running: it is cut short before it reaches the server. */
function pauseWhenRunning(b: Bench, suggestion: Suggestion, position: number): void {
  const stepId = suggestion.actions[position]!.id;
  const unsubscribe = b.parts.events.subscribe(() => {
    if (b.parts.actions.get(stepId)?.status !== 'running') return;
    unsubscribe();
    void b.parts.handlers.pause({ reason: 'testing' }, 'user:ui');
  });
}

/** A fresh bench whose three-step plan is approved (by the CLI) and paused as its step at `position` starts. */
async function approvedAndPausedAt(position: number): Promise<{ b: Bench; plan: Suggestion; approved: Suggestion }> {
  const b = await setUp();
  const plan = await proposeThreeMoves(b);
  pauseWhenRunning(b, plan, position);
  const approved = await b.parts.runner.approve(plan.id, plan.revision, 'user:cli');
  return { b, plan, approved };
}

const statuses = (b: Bench, id: string) => b.parts.actions.listFor(id).map((a) => a.status);
const subjects = async (user: ImapUser, mailbox: string) => (await listMessages(user.server, user, mailbox)).map((m) => m.subject).sort();
const entriesFor = (b: Bench, suggestionId: string) => b.parts.ledger.list({ limit: 500 }).filter((e) => e.suggestionId === suggestionId).reverse();
const kindsFor = (b: Bench, suggestionId: string) => entriesFor(b, suggestionId).map((e) => e.kind);

async function resume(b: Bench): Promise<void> {
  await b.parts.handlers.resume(undefined, 'user:ui');
  // The resume queues the held runs: wait until they are through.
  await new Promise((resolve) => setImmediate(resolve));
  await b.parts.runner.idle(20_000);
}

describe('a pause while an approved plan runs', () => {
  it('cuts the running step short, holds the steps not started, and runs them once on resume', async () => {
    const { b, plan, approved } = await approvedAndPausedAt(0);

    expect(approved.status).toBe('running');
    expect(statuses(b, plan.id)).toEqual(['interrupted', 'held', 'held']);
    expect(approved.actions[0]).toMatchObject({ status: 'interrupted', error: 'The pause stopped this step before it completed. Approve the plan again once it has finished: a step is never done twice.' });
    expect(approved.actions[1]).toMatchObject({ status: 'held', canUndo: true, error: 'Waiting: Steward is paused. Runs when you resume.' });
    expect(await subjects(b.user, 'INBOX')).toEqual(['One', 'Three', 'Two']);
    const held = entriesFor(b, plan.id).filter((e) => e.kind === 'action.held');
    expect(held.map((e) => e.actionId)).toEqual([plan.actions[1]!.id, plan.actions[2]!.id]);
    expect(held[0]?.summary).toBe('Move 1 message from INBOX to Archive: waits while Steward is paused. It runs when you resume; until then you can cancel it (Don’t run, or steward undo).');
    expect(kindsFor(b, plan.id)).not.toContain('action.cancelled');
    // The CLI says what waits and how to call it off, not "queued" or "cancelled".
    const short = plan.actions[1]!.id.slice(0, 8);
    expect(renderSuggestionResult(approved)).toContain(`File three messages: waiting for you to resume Steward`);
    expect(renderSuggestionResult(approved)).toContain(`Move 1 message from INBOX to Archive: waiting: Steward is paused. Runs when you resume (steward resume)  [cancel: steward undo ${short}]`);
    const listed = await b.parts.handlers.listSuggestions({ include: 'open' }, 'user:cli');
    expect(renderSuggestions(listed)).toContain(`(waiting: Steward is paused. Runs when you resume (steward resume); cancel: steward undo ${short})`);
    const status = await b.parts.handlers.getStatus(undefined, 'user:cli');
    expect(status.heldSteps).toBe(2);
    expect(renderStatus(status, 'test').split('\n').slice(0, 2)).toEqual([
      expect.stringMatching(/^PAUSED: Steward will not act \(since .+, by user:ui: testing\)$/) as string,
      '2 approved steps wait: they run when you resume (steward resume). Cancel one with steward undo ID (IDs in steward suggestions).',
    ]);
    expect(renderActions(await b.parts.handlers.listActivity({ limit: 10 }, 'user:cli'))).toMatch(new RegExp(`${short} +never +waiting \\(cancellable\\) +Move 1 message`));

    await resume(b);
    expect(statuses(b, plan.id)).toEqual(['interrupted', 'done', 'done']);
    expect(await subjects(b.user, 'Archive')).toEqual(['Three', 'Two']);
    expect(await subjects(b.user, 'INBOX')).toEqual(['One']);
    const after = entriesFor(b, plan.id);
    expect(after.filter((e) => e.kind === 'action.resumed').map((e) => e.summary)).toEqual([
      'Move 1 message from INBOX to Archive: Steward was resumed, so it runs now as approved by you (steward approve), if your permissions still allow it.',
      'Move 1 message from INBOX to Archive: Steward was resumed, so it runs now as approved by you (steward approve), if your permissions still allow it.',
    ]);
    expect(after.filter((e) => e.kind === 'gate.allowed' && e.detail.stage === 'execute' && e.actionId === plan.actions[1]!.id)[0]?.detail).toMatchObject({ approvedBy: 'user:cli' });
    expect(after.filter((e) => e.kind === 'action.executed')).toHaveLength(2);
    // The step the pause cut short can be approved again, as before: only it runs.
    expect(b.parts.suggestions.get(plan.id)?.status).toBe('failed');
    expect((await b.parts.runner.approve(plan.id, undefined, 'user:cli')).status).toBe('done');
    expect(await subjects(b.user, 'Archive')).toEqual(['One', 'Three', 'Two']);

    // Another pause and resume finds nothing left to run: nothing runs twice.
    await b.parts.handlers.pause({}, 'user:ui');
    await resume(b);
    expect(kindsFor(b, plan.id).filter((k) => k === 'action.executed')).toHaveLength(3);
    expect(await subjects(b.user, 'Archive')).toEqual(['One', 'Three', 'Two']);
    expect(await b.parts.ledger.verify()).toMatchObject({ ok: true });
  });

  it('keeps held steps waiting across a restart while paused, and runs them on resume', async () => {
    const { b, plan } = await approvedAndPausedAt(1);
    expect(statuses(b, plan.id)).toEqual(['done', 'interrupted', 'held']);

    stop(b);
    b.parts = start(b.dir, b.secrets);
    expect(b.parts.killSwitch.paused).toBe(true);
    await b.parts.runner.idle(5_000);
    expect(statuses(b, plan.id)).toEqual(['done', 'interrupted', 'held']);
    expect(b.parts.suggestions.get(plan.id)?.status).toBe('running');
    expect(await subjects(b.user, 'Archive')).toEqual(['One']);

    await resume(b);
    expect(statuses(b, plan.id)).toEqual(['done', 'interrupted', 'done']);
    expect(await subjects(b.user, 'Archive')).toEqual(['One', 'Three']);
  });

  it('runs held steps at a start-up that is not paused (resumed while no Steward ran)', async () => {
    const { b, plan } = await approvedAndPausedAt(0);
    stop(b);
    // `steward resume` from a CLI with no Steward running: the next Steward runs what waited.
    b.parts = composeEngine({ db: openDatabase(join(b.dir, 'steward.db'), engineSchema()), clock: systemClock, secrets: b.secrets, mode: 'cli', watch: false });
    await b.parts.handlers.resume(undefined, 'user:cli');
    b.parts.runner.recoverInterrupted({ confirm: false });
    expect(statuses(b, plan.id)).toEqual(['interrupted', 'held', 'held']);
    stop(b);

    b.parts = start(b.dir, b.secrets);
    await new Promise((resolve) => setImmediate(resolve));
    await b.parts.runner.idle(20_000);
    expect(statuses(b, plan.id)).toEqual(['interrupted', 'done', 'done']);
    expect(await subjects(b.user, 'Archive')).toEqual(['Three', 'Two']);
  });

  it('holds approved steps a hard stop left behind when the next start is paused', async () => {
    const b = await setUp();
    const plan = await proposeThreeMoves(b);
    // The shell stopped an engine that did not acknowledge the pause: its steps are still 'approved'.
    b.parts.outboxClock.stop();
    b.parts.db.prepare(`UPDATE actions SET status = 'approved', approved_by = 'user:ui' WHERE suggestion_id = ?`).run(plan.id);
    b.parts.db.prepare(`UPDATE suggestions SET status = 'running' WHERE id = ?`).run(plan.id);
    b.parts.killSwitch.pause('shell', 'Steward did not stop in time');
    stop(b);

    b.parts = start(b.dir, b.secrets);
    expect(statuses(b, plan.id)).toEqual(['held', 'held', 'held']);
    await resume(b);
    expect(statuses(b, plan.id)).toEqual(['done', 'done', 'done']);
    expect(await subjects(b.user, 'Archive')).toEqual(['One', 'Three', 'Two']);
    expect(entriesFor(b, plan.id).find((e) => e.kind === 'gate.allowed' && e.detail.stage === 'execute')?.detail).toMatchObject({ approvedBy: 'user:ui' });
  });

  it('refuses held steps on resume when their permission was set to Deny during the pause, and records it', async () => {
    const { b, plan } = await approvedAndPausedAt(0);
    expect(statuses(b, plan.id)).toEqual(['interrupted', 'held', 'held']);

    await b.parts.handlers.setGrant({ app: 'imap', capability: 'email.move', mode: 'deny' }, 'user:ui');
    await resume(b);
    expect(statuses(b, plan.id)).toEqual(['interrupted', 'cancelled', 'cancelled']);
    expect(await subjects(b.user, 'Archive')).toEqual([]);
    const entries = entriesFor(b, plan.id).filter((e) => e.actionId === plan.actions[1]!.id);
    expect(entries.map((e) => e.kind)).toEqual(['gate.asked', 'action.held', 'action.resumed', 'gate.refused', 'action.cancelled']);
    expect(entries[3]?.summary).toMatch(/You set Move messages? \(email\.move\) in .+ to Deny in Settings → Permissions\./);
    expect(b.parts.actions.get(plan.actions[2]!.id)?.error).toMatch(/to Deny in Settings → Permissions/);
    expect(kindsFor(b, plan.id)).not.toContain('action.executed');
  });

  it('lets the user cancel a held step while paused: it never runs, and neither do the steps after it', async () => {
    const { b, plan } = await approvedAndPausedAt(1);
    expect(statuses(b, plan.id)).toEqual(['done', 'interrupted', 'held']);

    expect(() => b.parts.runner.dismiss(plan.id, 'user:cli')).toThrow(`"File three messages" cannot be dismissed: it is approved and waits for the resume. Cancel it first (Don’t run, or steward undo ${plan.id.slice(0, 8)}).`);
    const cancelled = await b.parts.runner.undo(plan.actions[2]!.id.slice(0, 8), 'user:cli');
    expect(cancelled).toEqual([expect.objectContaining({ id: plan.actions[2]!.id, status: 'cancelled', error: 'Cancelled while Steward was paused: it never ran.' })]);
    await expect(b.parts.runner.undo(plan.actions[2]!.id, 'user:cli')).rejects.toThrow(/nothing to undo/);
    expect(renderUndone(cancelled[0]!)).toBe('Cancelled: Move 1 message from INBOX to Archive. It never ran.');
    const last = entriesFor(b, plan.id).at(-1);
    expect(last).toMatchObject({ kind: 'action.cancelled', actor: 'user:cli', summary: 'Move 1 message from INBOX to Archive: Cancelled while Steward was paused: it never ran.' });

    await resume(b);
    expect(statuses(b, plan.id)).toEqual(['done', 'interrupted', 'cancelled']);
    expect(await subjects(b.user, 'Archive')).toEqual(['One']);
    expect(kindsFor(b, plan.id).filter((k) => k === 'action.executed')).toHaveLength(1);
  });
});
