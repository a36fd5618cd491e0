/**
 * Sending, against the real Dovecot and real SMTP servers (the run's sink, and sinks of the
 * test's own): the outbox's undo window, recall, pause, a restart in the window, a crash while
 * the message was on its way, the copy in Sent exactly once (whether or not the server files it
 * itself), threading headers, and editing the reply first.
 */
import Database from 'better-sqlite3';
import { simpleParser } from 'mailparser';
import { afterEach, describe, expect, inject, it } from 'vitest';
import type { EngineApi } from '../../shared/api/contract.js';
import type { ApiError } from '../../shared/api/errors.js';
import type { Action, Suggestion } from '../../shared/domain/types.js';
import { accountInput, createImapUser, deliver, leaveRunAsCrashed, question, startTestEngine, type EngineHarness } from '../engine-fixture.js';
import { smtpServer, type ImapUser } from '../fixtures.js';
import { appendMail, listMessages } from '../servers/imap-peer.js';
import { readSpool, startSmtpSink, type ReceivedMail, type SmtpSink } from '../servers/smtp-sink.js';
import { waitUntil } from '../wait-until.js';

let harness: EngineHarness | null = null;
const sinks: SmtpSink[] = [];
afterEach(async () => {
  await harness?.dispose();
  harness = null;
  await Promise.all(sinks.splice(0).map((sink) => sink.stop()));
});

const QUESTION_ID = () => `<q-${Math.random().toString(36).slice(2)}@partner.example>`;

async function errorOf(promise: Promise<unknown>): Promise<ApiError> {
  try {
    await promise;
  } catch (error) {
    return error as ApiError;
  }
  throw new Error('expected the call to fail');
}

/** What the run's sink (shared by every test file) received for this action. */
async function sentFor(actionId: string): Promise<ReceivedMail[]> {
  return (await readSpool(inject('smtp').spoolDir)).filter((mail) => mail.raw.includes(`X-Steward-Action: ${actionId}`));
}

interface Setup {
  readonly user: ImapUser;
  readonly api: EngineApi;
  readonly reply: Suggestion;
  readonly questionId: string;
}

/** A watched account that sends through `smtp`, with a question waiting for a reply. */
async function replyWaiting(smtp: { host: string; port: number }, undoSeconds: number): Promise<Setup> {
  const user = await createImapUser();
  harness = startTestEngine();
  const api = harness.engine.apiFor('ui');
  await api.setConfig({ key: 'mail.undoSendSeconds', value: undoSeconds });
  await api.addAccount(accountInput(user, { smtp: { host: smtp.host, port: smtp.port, security: 'none' } }));
  const questionId = QUESTION_ID();
  await deliver(user, question({ messageId: questionId }));
  const reply = await waitUntil('the reply suggestion', async () => (await api.listSuggestions()).find((s) => s.kind === 'reply'));
  return { user, api, reply, questionId };
}

async function settled(api: EngineApi, id: string, timeoutMs = 20_000): Promise<Suggestion> {
  return waitUntil(`"${id}" to settle`, async () => {
    const s = await api.getSuggestion({ id });
    return s.status !== 'running' ? s : undefined;
  }, timeoutMs);
}

function sendStep(s: Suggestion): Action {
  const step = s.actions.find((a) => a.capability === 'email.send');
  if (!step) throw new Error(`"${s.title}" has no send step: ${s.actions.map((a) => a.capability).join(', ')}`);
  return step;
}

async function copiesInSent(user: ImapUser, actionId: string): Promise<number> {
  return (await listMessages(user.server, user, 'Sent')).filter((m) => m.messageId?.includes(actionId)).length;
}

describe('sending mail', () => {
  it('sends the edited reply after the undo window, threaded, once to the server and once into Sent', async () => {
    const { user, api, reply, questionId } = await replyWaiting(smtpServer(), 1);

    // A stale revision is refused, with the reason, and changes nothing.
    const stale = await errorOf(api.editSuggestion({ id: reply.id, revision: reply.revision + 1, body: 'x' }));
    expect(stale.code).toBe('conflict');
    expect(stale.message).toMatch(/changed since you saw it \(it is now revision 1\)/);

    const body = 'Hi Bob,\n\nYes: the signed contract goes out tomorrow morning.\n\nAlice';
    const edited = await api.editSuggestion({ id: reply.id, revision: reply.revision, body });
    expect(edited.revision).toBe(reply.revision + 1);
    expect(edited.actions[0]).toMatchObject({ capability: 'email.draft', preview: { body } });
    // Approving what was seen before the edit is refused.
    expect((await errorOf(api.approveSuggestion({ id: reply.id, revision: reply.revision, send: true }))).message).toMatch(/changed since you saw it/);

    const before = Date.now();
    const queued = await api.approveSuggestion({ id: reply.id, revision: edited.revision, send: true });
    // It returns as soon as the message waits in the outbox, saying when it leaves.
    const step = sendStep(queued);
    expect(queued.status).toBe('running');
    expect(step).toMatchObject({ status: 'scheduled', canUndo: true, title: 'Send the reply to Bob Chen' });
    const due = Date.parse(step.outbox?.dueAt ?? '');
    expect(due).toBeGreaterThanOrEqual(before + 1000);
    expect(await sentFor(step.id)).toEqual([]);

    const done = await settled(api, reply.id);
    expect(done.status).toBe('done');
    const sentStep = sendStep(done);
    expect(sentStep.status).toBe('done');
    expect(sentStep.canUndo).toBe(false);
    expect(Date.parse(sentStep.executedAt ?? '')).toBeGreaterThanOrEqual(due);
    expect(sentStep.result).toBe(`Sent "Re: Q3 contract" to Bob Chen <bob@partner.example>; a copy is in Sent.`);

    const received = await sentFor(step.id);
    expect(received).toHaveLength(1);
    const mail = await simpleParser(received[0]!.raw);
    expect(received[0]!.envelope).toEqual({ from: user.email, to: ['bob@partner.example'] });
    expect(mail.text?.trim()).toBe(body);
    expect(mail.inReplyTo).toBe(questionId);
    expect(mail.references).toBe(questionId);
    expect(mail.messageId).toBe(`<steward.${step.id}@example.test>`);

    expect(await copiesInSent(user, step.id)).toBe(1);
    // Mail cannot be unsent, and the engine says so rather than pretending.
    expect((await errorOf(api.undo({ id: reply.id }))).message).toMatch(/^Too late to recall: the message was sent at \d\d:\d\d:\d\d\. Mail cannot be unsent/);

    const kinds = (await api.listLedger({ limit: 30 })).map((e) => e.kind).reverse();
    expect(kinds.slice(kinds.indexOf('suggestion.edited'))).toEqual(['suggestion.edited', 'gate.asked', 'suggestion.approved', 'action.scheduled', 'gate.allowed', 'action.executed']);
  });

  it('leaves the copy to a server that files sent mail itself: still exactly one in Sent', async () => {
    let user: ImapUser | null = null;
    const filing = await startSmtpSink({
      // Like Gmail or Outlook: what the server relays appears in the sender's Sent folder.
      onMessage: async (mail) => {
        if (user) await appendMail(user.server, user, 'Sent', mail.raw, ['\\Seen']);
      },
    });
    sinks.push(filing);
    const setup = await replyWaiting(filing, 0);
    user = setup.user;
    const queued = await setup.api.approveSuggestion({ id: setup.reply.id, send: true });
    const done = await settled(setup.api, setup.reply.id);
    const step = sendStep(done);
    expect(step.result).toMatch(/; the server filed it in Sent\.$/);
    expect(filing.messages.filter((m) => m.raw.includes(sendStep(queued).id))).toHaveLength(1);
    expect(await copiesInSent(setup.user, step.id)).toBe(1);
  });

  it('recalls a message during the undo window: nothing leaves, no ticket is issued, the plan can be chosen again', async () => {
    const { user, api, reply } = await replyWaiting(smtpServer(), 30);
    const queued = await api.approveSuggestion({ id: reply.id, send: true });
    const step = sendStep(queued);
    const recalled = await api.undo({ id: reply.id });
    expect(recalled).toEqual([expect.objectContaining({ id: step.id, status: 'cancelled', error: 'Recalled: you undid it before it was sent. Nothing left Steward.' })]);

    const after = await api.getSuggestion({ id: reply.id });
    expect(after.status).toBe('cancelled');
    const entries = await api.listLedger({ limit: 50 });
    expect(entries.filter((e) => e.actionId === step.id).map((e) => e.kind).reverse()).toEqual(['gate.asked', 'action.scheduled', 'action.cancelled']);

    // Recalled means gone from the outbox: past its due time nothing is sent.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(await sentFor(step.id)).toEqual([]);
    expect((await errorOf(api.undo({ id: step.id }))).message).toMatch(/There is nothing to undo there/);

    // The same message can now be saved as a draft instead.
    const drafted = await api.approveSuggestion({ id: reply.id, send: false });
    expect(drafted.status).toBe('done');
    expect(drafted.actions.map((a) => a.capability)).toEqual(['email.draft']);
    expect((await listMessages(user.server, user, 'Drafts')).map((m) => m.subject)).toEqual(['Re: Q3 contract']);
    expect(await copiesInSent(user, step.id)).toBe(0);
  });

  it('holds the countdown while paused and goes on with what was left after resume', async () => {
    const { api, reply } = await replyWaiting(smtpServer(), 3);
    const queued = await api.approveSuggestion({ id: reply.id, send: true });
    const step = sendStep(queued);
    await api.pause({ reason: 'checking something' });
    const held = sendStep(await api.getSuggestion({ id: reply.id }));
    expect(held.status).toBe('scheduled');
    expect(held.outbox?.dueAt).toBeNull();
    expect(held.outbox?.heldMs).toBeGreaterThan(0);
    expect(held.outbox?.heldMs).toBeLessThanOrEqual(3000);

    // Well past the original due time: still nothing sent, still recallable.
    await new Promise((resolve) => setTimeout(resolve, 4000));
    expect(await sentFor(step.id)).toEqual([]);
    expect(sendStep(await api.getSuggestion({ id: reply.id })).status).toBe('scheduled');

    const resumedAt = Date.now();
    await api.resume();
    const counting = sendStep(await api.getSuggestion({ id: reply.id }));
    expect(Date.parse(counting.outbox?.dueAt ?? '')).toBeGreaterThanOrEqual(resumedAt + (held.outbox?.heldMs ?? 0) - 50);
    const done = await settled(api, reply.id);
    expect(done.status).toBe('done');
    expect(await sentFor(step.id)).toHaveLength(1);
  });

  it('survives a restart during the window: the countdown goes on from its stored due time and the message leaves once', async () => {
    const { user, api, reply } = await replyWaiting(smtpServer(), 3);
    const queued = await api.approveSuggestion({ id: reply.id, send: true });
    const step = sendStep(queued);
    const due = Date.parse(step.outbox?.dueAt ?? '');

    await harness!.engine.stop();
    expect(await sentFor(step.id)).toEqual([]);
    const api2 = harness!.restart().apiFor('ui');
    const waiting = sendStep(await api2.getSuggestion({ id: reply.id }));
    expect(waiting).toMatchObject({ status: 'scheduled', outbox: { dueAt: step.outbox?.dueAt } });

    const done = await settled(api2, reply.id);
    expect(done.status).toBe('done');
    expect(Date.parse(sendStep(done).executedAt ?? '')).toBeGreaterThanOrEqual(due);
    expect(await sentFor(step.id)).toHaveLength(1);
    expect(await copiesInSent(user, step.id)).toBe(1);
  });

  it('after a crash while the message was on its way, never sends it again and says so when it cannot tell whether it left', async () => {
    const { api, reply } = await replyWaiting(smtpServer(), 30);
    const step = sendStep(await api.approveSuggestion({ id: reply.id, send: true }));
    await harness!.engine.stop();
    // As the process would have left it had it died during the SMTP transaction: the step
    // running, the journal saying the message was being handed over, no answer recorded.
    leaveRunAsCrashed(harness!.dataDir, reply.id, `status = 'running'`);
    noteInJournal(harness!.dataDir, step.id, 'handing#1', { date: new Date().toISOString() });

    const api2 = harness!.restart().apiFor('ui');
    const failed = await settled(api2, reply.id);
    expect(failed.status).toBe('failed');
    expect(sendStep(failed).error).toMatch(/^Steward may already have sent this message/);
    expect(await sentFor(step.id)).toEqual([]);
    // Nor can it be changed, saved as a draft or sent again from Steward: that could deliver it twice.
    const again = await errorOf(api2.approveSuggestion({ id: reply.id, send: false }));
    expect(again.message).toMatch(/may already have reached the mail server .* so Steward will not change or send it again/);
    expect((await errorOf(api2.editSuggestion({ id: reply.id, revision: failed.revision, body: 'x' }))).code).toBe('conflict');
  });

  it('after a crash while the message was on its way, finds it filed by the server and records it as sent', async () => {
    const { user, api, reply } = await replyWaiting(smtpServer(), 30);
    const step = sendStep(await api.approveSuggestion({ id: reply.id, send: true }));
    await harness!.engine.stop();
    leaveRunAsCrashed(harness!.dataDir, reply.id, `status = 'running'`);
    noteInJournal(harness!.dataDir, step.id, 'handing#1', { date: new Date().toISOString() });
    // The server took it and filed it before the process died.
    await appendMail(user.server, user, 'Sent', `Message-ID: <steward.${step.id}@example.test>\r\nSubject: Re: Q3 contract\r\n\r\nsent\r\n`, ['\\Seen']);

    const api2 = harness!.restart().apiFor('ui');
    const done = await settled(api2, reply.id);
    expect(done.status).toBe('done');
    expect(sendStep(done).result).toMatch(/^Sent "Re: Q3 contract" to Bob Chen <bob@partner.example>; the server filed it in Sent\./);
    expect(await sentFor(step.id)).toEqual([]);
    expect(await copiesInSent(user, step.id)).toBe(1);
  });
});

/** Adds a note to an action's journal in a stopped engine's database. */
function noteInJournal(dataDir: string, actionId: string, phase: string, detail: Record<string, unknown>): void {
  const db = new Database(`${dataDir}/steward.db`);
  try {
    db.prepare('INSERT INTO step_journal (action_id, phase, detail_json, at) VALUES (?, ?, ?, ?)').run(actionId, phase, JSON.stringify(detail), new Date().toISOString());
  } finally {
    db.close();
  }
}
