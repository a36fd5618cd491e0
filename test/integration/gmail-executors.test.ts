// The gmail connector's executors as the action runner uses them (looked up by kind and
// capability, given the gate's tickets and an account's credentials), against the Google emulator
// with the AgentDojo inbox: each one's effect seen through the Gmail API as another client sees
// it, its reconcile after an interruption, and its undo.
import { SqliteStepJournal } from '../../electron/engine/actions/step-journal.js';
import { systemClock } from '../../electron/engine/clock.js';
import { openDatabase } from '../../electron/engine/db/database.js';
import { engineSchema } from '../../electron/engine/schema.js';
import { randomUUID } from 'node:crypto';
import type { gmail_v1 } from '@googleapis/gmail';
import { beforeEach, describe, expect, it } from 'vitest';
import type { CapabilityId } from '../../shared/domain/capabilities.js';
import type { StoredAccount } from '../../electron/engine/accounts/account-store.js';
import { executorFor } from '../../electron/engine/connectors/registry.js';
import type { ExecutionContext, Executor } from '../../electron/engine/connectors/types.js';
import type { GatedStep, Ticket } from '../../electron/engine/gate/gate.js';
import { memoryParts } from '../../electron/engine/testing/memory-engine-parts.js';
import { loadWorkspace, type WorkspaceEmail } from '../datasets/agentdojo.js';
import { createGmailUser } from '../fixtures.js';
import { labelsOf } from '../gmail-fixture.js';
import { loadWorkspaceInbox, peerGmail, workspaceMessageId, type GmailTestUser, type SeededInbox } from '../servers/gmail-peer.js';
import { actors } from '../../electron/engine/gate/facts.js';

const workspace = loadWorkspace();
const parts = memoryParts();

let user: GmailTestUser;
let peer: gmail_v1.Gmail;
let seeded: SeededInbox;
let context: ExecutionContext<'gmail'>;

beforeEach(async () => {
  user = await createGmailUser({ name: workspace.userName });
  peer = peerGmail(user);
  seeded = await loadWorkspaceInbox(peer, user, workspace);
  const account: StoredAccount<'gmail'> = {
    id: `acc-${randomUUID()}`,
    kind: 'gmail',
    email: user.email,
    displayName: workspace.userName,
    settings: { clientId: 'steward-test', scopes: [], includedLabels: null },
    createdAt: new Date().toISOString(),
  };
  // The emulator's test token never expires: the provider would hand out exactly this.
  context = { account, credentials: { password: () => Promise.reject(new Error('no password')), secret: () => Promise.reject(new Error('no secret')), accessToken: () => Promise.resolve(user.accessToken) }, ...journalAndDb() };
});

function journalAndDb() {
  const db = openDatabase(':memory:', engineSchema());
  return { journal: new SqliteStepJournal(db, systemClock), db };
}

function executor(capability: CapabilityId): Executor {
  const found = executorFor('gmail', capability);
  if (!found) throw new Error(`No gmail executor for ${capability}`);
  return found;
}

function step(capability: CapabilityId, actionId: string, args: unknown): GatedStep {
  return { actionId, suggestionId: 's-1', capability, app: 'gmail', accountId: context.account.id, title: `test ${capability}`, args };
}

/** Execute, reconcile (as after an interruption) and undo tickets of one action. */
function action(capability: CapabilityId) {
  const actionId = randomUUID();
  return {
    actionId,
    /** A ticket for one run with these arguments (each runs once; a retry gets a new one). */
    run: (args: unknown): Ticket => parts.gate.authorize(step(capability, actionId, args), actors.user('ui'), actors.user('ui')),
    undo: (args: unknown): Ticket => parts.gate.authorizeUndo(step(capability, actionId, args), actors.user('ui')),
  };
}

const received = () => workspace.emails.filter((e) => e.status === 'received');

function ref(email: WorkspaceEmail) {
  const gmailId = seeded.gmailIds.get(email.id);
  if (!gmailId) throw new Error(`Dataset email ${email.id} was not seeded.`);
  return { gmailId, messageKey: workspaceMessageId(email) };
}

describe('Gmail executors', () => {
  it('has an executor, with execute, undo and reconcile, for every email write', () => {
    for (const capability of ['email.archive', 'email.label', 'email.move', 'email.markRead', 'email.trash', 'email.draft', 'email.send'] as const) {
      expect(executor(capability).capability).toBe(capability);
    }
    expect(executorFor('gmail', 'email.read')).toBeUndefined();
  });

  it('labels and takes off labels, reconciles, and undo puts back exactly what it changed', async () => {
    const [a, b] = received();
    if (!a || !b) throw new Error('not enough mail');
    const work = (await peer.users.labels.create({ userId: 'me', requestBody: { name: 'Work' } })).data.id ?? '';
    await peer.users.messages.modify({ userId: 'me', id: ref(b).gmailId, requestBody: { addLabelIds: [work] } });
    const args = { messages: [ref(a), ref(b)], add: [{ id: work, name: 'Work' }, { id: 'STARRED', name: 'Starred' }], remove: [] };

    const label = action('email.label');
    const outcome = await executor('email.label').execute(label.run(args), args, context);
    expect(outcome.summary).toBe('Labels of 2 messages: added Work, Starred');
    expect(await labelsOf(peer, ref(a).gmailId)).toEqual(expect.arrayContaining([work, 'STARRED']));
    expect(await executor('email.label').reconcile(label.actionId, args, context)).toMatchObject({ summary: expect.stringMatching(/confirmed after an interruption/) as string });

    expect((await executor('email.label').undo(label.undo(args), args, outcome.undo, context)).summary).toBe('Put the labels of 2 messages back as they were');
    expect(await labelsOf(peer, ref(a).gmailId)).not.toContain(work);
    // b had Work before: undo leaves it on.
    expect(await labelsOf(peer, ref(b).gmailId)).toContain(work);
    expect(await labelsOf(peer, ref(b).gmailId)).not.toContain('STARRED');
  });

  it('moves from one label to another, and back on undo', async () => {
    const [a] = received();
    if (!a) throw new Error('no mail');
    const later = (await peer.users.labels.create({ userId: 'me', requestBody: { name: 'Later' } })).data.id ?? '';
    const args = { messages: [ref(a)], from: { id: 'INBOX', name: 'Inbox' }, to: { id: later, name: 'Later' } };
    const move = action('email.move');
    expect(await executor('email.move').reconcile(move.actionId, args, context)).toBeNull();
    const outcome = await executor('email.move').execute(move.run(args), args, context);
    expect(outcome.summary).toBe('Moved 1 message from Inbox to Later');
    const moved = await labelsOf(peer, ref(a).gmailId);
    expect(moved).toContain(later);
    expect(moved).not.toContain('INBOX');
    expect((await executor('email.move').undo(move.undo(args), args, outcome.undo, context)).summary).toBe('Moved 1 message back to Inbox');
    expect(await labelsOf(peer, ref(a).gmailId)).toContain('INBOX');
    expect(await labelsOf(peer, ref(a).gmailId)).not.toContain(later);
  });

  it('marks read, says what already was, and undo marks unread again', async () => {
    const unread = received().filter((e) => !e.read);
    const read = received().find((e) => e.read);
    if (unread.length < 2 || !read) throw new Error('the dataset has fewer unread messages than expected');
    const args = { messages: [ref(unread[0]!), ref(unread[1]!), ref(read)], read: true };
    const mark = action('email.markRead');
    const outcome = await executor('email.markRead').execute(mark.run(args), args, context);
    expect(outcome.summary).toBe('Marked 2 messages read; 1 already was');
    expect(await labelsOf(peer, ref(unread[0]!).gmailId)).not.toContain('UNREAD');
    await executor('email.markRead').undo(mark.undo(args), args, outcome.undo, context);
    expect(await labelsOf(peer, ref(unread[0]!).gmailId)).toContain('UNREAD');
    expect(await labelsOf(peer, ref(read).gmailId)).not.toContain('UNREAD');
  });

  it('trashes (Gmail keeps it 30 days), reconciles an interrupted trash, and undo brings it back to the inbox', async () => {
    const [a] = received();
    if (!a) throw new Error('no mail');
    const args = { messages: [{ ...ref(a), inInbox: true }] };
    const trash = action('email.trash');
    const outcome = await executor('email.trash').execute(trash.run(args), args, context);
    expect(outcome.summary).toBe('Moved 1 message to Trash (Gmail keeps it 30 days)');
    expect(await labelsOf(peer, ref(a).gmailId)).toContain('TRASH');

    // An interruption lost the outcome: reconcile finds the message in Trash and can still undo it.
    const found = await executor('email.trash').reconcile(trash.actionId, args, context);
    expect(found?.summary).toMatch(/confirmed after an interruption/);
    expect((await executor('email.trash').undo(trash.undo(args), args, found?.undo, context)).summary).toBe('Took 1 message out of Trash');
    const back = await labelsOf(peer, ref(a).gmailId);
    expect(back).toContain('INBOX');
    expect(back).not.toContain('TRASH');
  });

  it('tells after a crash whether an undo of a trash had reached Gmail', async () => {
    const [a] = received();
    if (!a) throw new Error('no mail');
    const args = { messages: [{ ...ref(a), inInbox: true }] };
    const trash = action('email.trash');
    const outcome = await executor('email.trash').execute(trash.run(args), args, context);
    // Still in Trash: the undo did not happen, and can be tried again.
    expect(await executor('email.trash').reconcileUndo?.(trash.actionId, args, outcome.undo, context)).toBeNull();
    // Out of Trash and in the Inbox (as the undo leaves it): found done.
    await peer.users.messages.untrash({ userId: 'me', id: ref(a).gmailId });
    await peer.users.messages.modify({ userId: 'me', id: ref(a).gmailId, requestBody: { addLabelIds: ['INBOX'] } });
    expect(await executor('email.trash').reconcileUndo?.(trash.actionId, args, outcome.undo, context)).toEqual({ summary: 'Took 1 message out of Trash (confirmed after an interruption)' });
  });

  it('sends once per action in the thread it answers, and says honestly that a sent mail cannot be undone', async () => {
    const [question] = received();
    if (!question) throw new Error('no mail');
    const args = {
      to: [{ name: 'Bob Chen', address: 'bob@partner.example' }],
      subject: 'Re: the plan',
      body: 'Yes, Friday works.',
      inReplyTo: workspaceMessageId(question),
      references: [workspaceMessageId(question)],
      replyToGmailId: ref(question).gmailId,
    };
    const send = action('email.send');
    expect(await executor('email.send').reconcile(send.actionId, args, context)).toBeNull();
    const outcome = await executor('email.send').execute(send.run(args), args, context);
    expect(outcome).toEqual({ summary: 'Sent "Re: the plan" to Bob Chen', undo: null });
    // A retry of the same action (its outcome lost) finds it sent and does not send again.
    expect((await executor('email.send').execute(send.run(args), args, context)).summary).toBe('Sent "Re: the plan" to Bob Chen (it had been sent already)');
    expect((await executor('email.send').reconcile(send.actionId, args, context))?.summary).toMatch(/confirmed after an interruption/);

    const sentIds = ((await peer.users.messages.list({ userId: 'me', labelIds: ['SENT'], maxResults: 500 })).data.messages ?? []).map((m) => m.id ?? '');
    expect(sentIds).toHaveLength(seeded.sent + 1);
    const known = new Set(seeded.gmailIds.values());
    const copy = (await peer.users.messages.get({ userId: 'me', id: sentIds.find((id) => !known.has(id)) ?? '', format: 'minimal' })).data;
    const original = (await peer.users.messages.get({ userId: 'me', id: ref(question).gmailId, format: 'minimal' })).data;
    expect(copy.threadId).toBe(original.threadId);
    await expect(executor('email.send').undo(send.undo(args), args, null, context)).rejects.toThrow(/cannot take back mail once it is sent/);
  });

  it('saves a draft once, finds it after an interruption, and undo moves it to Trash', async () => {
    const args = { to: [{ name: '', address: 'carol@example.test' }], subject: 'Agenda', body: 'Draft agenda.', inReplyTo: null, references: [], replyToGmailId: null };
    const draft = action('email.draft');
    const outcome = await executor('email.draft').execute(draft.run(args), args, context);
    expect(outcome.summary).toBe('Saved a draft to carol@example.test in Drafts: "Agenda"');
    await executor('email.draft').execute(draft.run(args), args, context);
    const drafts = (await peer.users.drafts.list({ userId: 'me' })).data.drafts ?? [];
    expect(drafts).toHaveLength(1);
    const found = await executor('email.draft').reconcile(draft.actionId, args, context);
    expect(found?.undo).toEqual(outcome.undo);
    expect((await executor('email.draft').undo(draft.undo(args), args, outcome.undo, context)).summary).toBe('Moved the draft to Trash');
    expect(await labelsOf(peer, drafts[0]?.message?.id ?? '')).toContain('TRASH');
  });

  it('refuses bad arguments and a missing ticket before writing anything', async () => {
    const [a] = received();
    if (!a) throw new Error('no mail');
    await expect(executor('email.archive').execute(action('email.archive').run({ messages: [] }), { messages: [] }, context)).rejects.toThrow();
    await expect(executor('email.label').execute(action('email.label').run({ messages: [ref(a)], add: [], remove: [] }), { messages: [ref(a)], add: [], remove: [] }, context)).rejects.toThrow(/at least one label/);
    const forged: Ticket = { actionId: 'x', capability: 'email.archive', accountId: context.account.id, purpose: 'execute', argsHash: '', signal: new AbortController().signal };
    await expect(executor('email.archive').execute(forged, { messages: [ref(a)] }, context)).rejects.toThrow(/no ticket from the gate/);
    expect(await labelsOf(peer, ref(a).gmailId)).toContain('INBOX');
  });
});
