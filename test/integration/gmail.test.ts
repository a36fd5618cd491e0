// The Gmail building blocks against the Google emulator with the AgentDojo inbox loaded: full and
// incremental sync (with resume and the fallback when history expires), and every write through
// the gate's tickets, each seen through the API as another client would see it, and undone.
import { randomUUID } from 'node:crypto';
import type { gmail_v1 } from '@googleapis/gmail';
import { beforeEach, describe, expect, it } from 'vitest';
import type { CapabilityId } from '../../shared/domain/capabilities.js';
import { bindTicket, type BoundTicket, type GatedStep, type Ticket } from '../../electron/engine/gate/gate.js';
import { memoryParts } from '../../electron/engine/testing/memory-engine-parts.js';
import { createGoogleAuth, googleEndpoints } from '../../electron/engine/connectors/google/index.js';
import { STEWARD_ACTION_HEADER, type OutgoingMail } from '../../electron/engine/connectors/gmail/compose.js';
import { createGmailApi, type GmailApi, type GmailTarget } from '../../electron/engine/connectors/gmail/gmail-client.js';
import type { GmailMessage } from '../../electron/engine/connectors/gmail/gmail-message.js';
import { createDraft, sendMessage, trashDraft } from '../../electron/engine/connectors/gmail/gmail-outgoing.js';
import { syncGmail } from '../../electron/engine/connectors/gmail/gmail-sync.js';
import { archiveMessages, modifyLabels, revertLabelChanges, trashMessages, untrashMessages } from '../../electron/engine/connectors/gmail/gmail-writer.js';
import { listFolders } from '../../electron/engine/connectors/gmail/labels.js';
import type { GmailSyncBatch, GmailSyncOptions } from '../../electron/engine/connectors/gmail/sync-batch.js';
import type { GmailCursor } from '../../electron/engine/connectors/gmail/sync-cursor.js';
import { loadWorkspace, type Workspace, type WorkspaceEmail } from '../datasets/agentdojo.js';
import { createGmailUser } from '../fixtures.js';
import { expireGmailHistory, injectGoogleFault, insertRawMessage, loadWorkspaceInbox, peerGmail, workspaceMessageId, type GmailTestUser, type SeededInbox } from '../servers/gmail-peer.js';
import { buildMail } from '../servers/imap-peer.js';
import { actors } from '../../electron/engine/gate/facts.js';

const ACCOUNT = 'acc-gmail';
const workspace: Workspace = loadWorkspace();

/** What the engine would keep: the messages by Gmail id and the cursor, updated batch by batch. */
class Mirror {
  readonly messages = new Map<string, GmailMessage>();
  readonly batches: GmailSyncBatch[] = [];
  /** Messages fetched whole, over all syncs: each should be fetched once. */
  fetchedWhole = 0;
  cursor: GmailCursor | null = null;

  readonly ingest = (batch: GmailSyncBatch): void => {
    this.batches.push(batch);
    for (const message of batch.added) this.messages.set(message.gmailId, message);
    this.fetchedWhole += batch.added.length;
    for (const state of batch.labelsChanged) {
      const held = this.messages.get(state.gmailId);
      if (held) this.messages.set(state.gmailId, { ...held, labelIds: state.labelIds });
    }
    for (const id of batch.gone) this.messages.delete(id);
    if (batch.presentIds) for (const id of this.messages.keys()) if (!batch.presentIds.has(id)) this.messages.delete(id);
    this.cursor = batch.cursor;
  };

  options(extra: Partial<GmailSyncOptions> = {}): GmailSyncOptions {
    return { isKnown: (id) => this.messages.has(id), ...extra };
  }

  bySubject(subject: string): GmailMessage | undefined {
    return [...this.messages.values()].find((message) => message.subject === subject);
  }
}

let user: GmailTestUser;
let peer: gmail_v1.Gmail;
let seeded: SeededInbox;
let api: GmailApi;
let target: GmailTarget;

beforeEach(async () => {
  user = await createGmailUser({ name: workspace.userName });
  peer = peerGmail(user);
  seeded = await loadWorkspaceInbox(peer, user, workspace);
  // The product's own factory and auth, with the emulator's token (it never expires there).
  const endpoints = googleEndpoints();
  const auth = await createGoogleAuth({
    client: { clientId: 'steward-test', clientSecret: null },
    endpoints,
    tokens: { accessToken: user.accessToken, refreshToken: 'not-used', expiresAt: Date.now() + 24 * 3_600_000, scopes: [] },
    onTokens: () => undefined,
  });
  api = await createGmailApi(auth, endpoints);
  target = { api, accountId: ACCOUNT, email: user.email };
});

function gmailIdOf(email: WorkspaceEmail): string {
  const id = seeded.gmailIds.get(email.id);
  if (!id) throw new Error(`Dataset email ${email.id} was not seeded.`);
  return id;
}

const received = () => workspace.emails.filter((e) => e.status === 'received');
const sent = () => workspace.emails.filter((e) => e.status === 'sent');

async function labelsOf(id: string): Promise<string[]> {
  return (await peer.users.messages.get({ userId: 'me', id, format: 'minimal' })).data.labelIds ?? [];
}

async function idsIn(labelId: string, q?: string): Promise<string[]> {
  const { data } = await peer.users.messages.list({ userId: 'me', labelIds: [labelId], maxResults: 500, includeSpamTrash: true, ...(q ? { q } : {}) });
  return (data.messages ?? []).map((m) => m.id ?? '');
}

describe('Gmail sync', () => {
  it('takes in the whole mailbox in batches, each with its cursor, leaving Trash out, and ends caught up', async () => {
    const trashedFirst = received()[0];
    if (!trashedFirst) throw new Error('no received mail');
    await peer.users.messages.trash({ userId: 'me', id: gmailIdOf(trashedFirst) });

    const mirror = new Mirror();
    const result = await syncGmail(api, null, mirror.options({ batchSize: 8 }), mirror.ingest);

    const inScope = workspace.emails.length - 1;
    expect(mirror.messages.size).toBe(inScope);
    expect(mirror.messages.has(gmailIdOf(trashedFirst))).toBe(false);
    expect(result).toEqual({ cursor: { phase: 'history', historyId: expect.stringMatching(/^\d+$/) as string }, changed: true, resynced: false });
    expect(mirror.batches.map((b) => [b.cursor.phase, b.added.length, b.progress?.done])).toEqual([
      ['full', 8, 8],
      ['full', 8, 16],
      ['full', 8, 24],
      ['full', 6, 30],
      ['history', 0, 30],
    ]);
    expect(mirror.batches.at(-1)?.presentIds?.size).toBe(inScope);
    expect(mirror.cursor).toEqual(result.cursor);

    const unread = received().find((e) => !e.read && e.id !== trashedFirst.id);
    const mail = unread && mirror.messages.get(gmailIdOf(unread));
    expect(mail).toMatchObject({
      subject: unread?.subject,
      from: { address: unread?.sender },
      messageId: workspaceMessageId(unread ?? { id: '' }),
      messageKey: workspaceMessageId(unread ?? { id: '' }),
      parseError: null,
    });
    expect(mail?.labelIds).toEqual(['INBOX', 'UNREAD']);
    expect(mail?.bodyText.trim()).toBe(unread?.body.trim());
    expect(mail?.receivedAt).toBe(new Date(`${unread?.timestamp ?? ''}Z`).toISOString());
    const mine = sent()[0];
    expect(mine && mirror.messages.get(gmailIdOf(mine))).toMatchObject({ labelIds: ['SENT'], from: { address: user.email } });
  });

  it('sees a new message, a label change and deletions incrementally, fetching nothing twice', async () => {
    const mirror = new Mirror();
    const first = await syncGmail(api, null, mirror.options(), mirror.ingest);
    const [relabel, trash, erase] = received();
    if (!relabel || !trash || !erase) throw new Error('not enough received mail');

    const newsletterId = await insertRawMessage(
      peer,
      await buildMail({ from: 'news@shop.example.test', to: user.email, subject: 'Spring sale', text: 'Everything must go.', headers: { 'List-Unsubscribe': '<mailto:leave@shop.example.test>', Precedence: 'bulk' } }),
      ['INBOX', 'UNREAD'],
    );
    await peer.users.messages.modify({ userId: 'me', id: gmailIdOf(relabel), requestBody: { addLabelIds: ['STARRED', 'UNREAD'], removeLabelIds: ['INBOX'] } });
    await peer.users.messages.trash({ userId: 'me', id: gmailIdOf(trash) });
    await peer.users.messages.delete({ userId: 'me', id: gmailIdOf(erase) });

    const before = mirror.batches.length;
    const second = await syncGmail(api, first.cursor, mirror.options(), mirror.ingest);
    expect(second.changed).toBe(true);
    expect(second.resynced).toBe(false);
    expect(BigInt(second.cursor.historyId)).toBeGreaterThan(BigInt(first.cursor.historyId));

    expect(mirror.messages.get(newsletterId)).toMatchObject({
      subject: 'Spring sale',
      labelIds: ['INBOX', 'UNREAD'],
      headers: { listUnsubscribe: '<mailto:leave@shop.example.test>', precedence: 'bulk' },
    });
    expect(mirror.messages.get(gmailIdOf(relabel))?.labelIds).toEqual(expect.arrayContaining(['STARRED', 'UNREAD']));
    expect(mirror.messages.get(gmailIdOf(relabel))?.labelIds).not.toContain('INBOX');
    expect(mirror.messages.has(gmailIdOf(trash))).toBe(false);
    expect(mirror.messages.has(gmailIdOf(erase))).toBe(false);
    expect(mirror.messages.size).toBe(workspace.emails.length + 1 - 2);
    // Only the new message was fetched whole; the others only had their labels read.
    expect(mirror.fetchedWhole).toBe(workspace.emails.length + 1);
    expect(mirror.batches.length).toBe(before + 1);

    // The next poll finds nothing: one cheap request, nothing handed on.
    const third = await syncGmail(api, second.cursor, mirror.options(), mirror.ingest);
    expect(third).toEqual({ cursor: second.cursor, changed: false, resynced: false });
    expect(mirror.batches.length).toBe(before + 1);
  });

  it('resumes an interrupted first sync where it stopped, across list pages', async () => {
    const mirror = new Mirror();
    const options = mirror.options({ batchSize: 4, pageSize: 10 });
    let batches = 0;
    const crashAfterFive = (batch: GmailSyncBatch) => {
      if (++batches > 5) throw new Error('the process died');
      mirror.ingest(batch);
    };
    await expect(syncGmail(api, null, options, crashAfterFive)).rejects.toThrow('the process died');
    // Pages of 10 in batches of 4 (4, 4, 2, then 4, 4): the cursor points 8 into the second page.
    expect(mirror.cursor).toMatchObject({ phase: 'full', done: 18, doneInPage: 8, pageToken: expect.any(String) as string });
    expect(mirror.messages.size).toBe(18);

    const resumed = await syncGmail(api, mirror.cursor, options, mirror.ingest);
    expect(resumed.cursor.phase).toBe('history');
    expect(mirror.messages.size).toBe(workspace.emails.length);
    expect(mirror.fetchedWhole).toBe(workspace.emails.length);
    expect(mirror.batches.at(-1)?.presentIds?.size).toBe(workspace.emails.length);
  });

  it('starts the full sync afresh when the page token it resumed with has gone stale', async () => {
    const mirror = new Mirror();
    const profile = (await peer.users.getProfile({ userId: 'me' })).data;
    await injectGoogleFault(user.origin, { path: '/gmail/v1/users/[^/]+/messages$', email: user.email, status: 400, body: { error: { code: 400, message: 'Invalid pageToken' } } });
    const stale: GmailCursor = { phase: 'full', startHistoryId: profile.historyId ?? '0', pageToken: 'expired-token', doneInPage: 3, done: 13 };
    const result = await syncGmail(api, stale, mirror.options(), mirror.ingest);
    expect(result.cursor.phase).toBe('history');
    expect(mirror.messages.size).toBe(workspace.emails.length);
    expect(mirror.batches.at(-1)?.presentIds?.size).toBe(workspace.emails.length);
  });

  it('falls back to a full resync when the history id has expired, without duplicates and noticing what went', async () => {
    const mirror = new Mirror();
    const first = await syncGmail(api, null, mirror.options(), mirror.ingest);
    const gone = received()[2];
    if (!gone) throw new Error('not enough received mail');
    const arrived = await insertRawMessage(peer, await buildMail({ from: 'lily@example.test', to: user.email, subject: 'While you were away', text: '.' }), ['INBOX']);
    await peer.users.messages.delete({ userId: 'me', id: gmailIdOf(gone) });
    await expireGmailHistory(user);

    const fetchedBefore = mirror.fetchedWhole;
    const second = await syncGmail(api, first.cursor, mirror.options(), mirror.ingest);
    expect(second.resynced).toBe(true);
    expect(mirror.messages.has(arrived)).toBe(true);
    expect(mirror.messages.has(gmailIdOf(gone))).toBe(false);
    const everything = (await peer.users.messages.list({ userId: 'me', maxResults: 500 })).data.messages?.map((m) => m.id ?? '') ?? [];
    expect([...mirror.messages.keys()].sort()).toEqual(everything.sort());
    // Held messages had only their labels read again; the one new message was fetched whole.
    expect(mirror.fetchedWhole - fetchedBefore).toBe(1);

    // And from the new cursor, history works again.
    const third = await syncGmail(api, second.cursor, mirror.options(), mirror.ingest);
    expect(third).toMatchObject({ changed: false, resynced: false });
  });

  it('lists system folders and user labels as folders', async () => {
    const created = await peer.users.labels.create({ userId: 'me', requestBody: { name: 'Receipts' } });
    const folders = await listFolders(api);
    expect(folders.map((f) => f.name)).toEqual(['Inbox', 'Sent', 'Drafts', 'Spam', 'Trash', 'All Mail', 'Receipts']);
    expect(folders.at(-1)).toMatchObject({ labelId: created.data.id, kind: 'user', role: null });
  });
});

describe('Gmail writes through the gate', () => {
  const parts = memoryParts();

  function step(capability: CapabilityId, actionId: string = randomUUID(), accountId = ACCOUNT): GatedStep {
    return { actionId, suggestionId: 's-1', capability, app: 'gmail', accountId, title: `test ${capability}`, args: null };
  }
  // The writers are called directly here: the tickets are bound as an executor binds them.
  const ticket = (capability: CapabilityId, actionId?: string, accountId?: string): BoundTicket =>
    bindTicket(parts.gate.authorize(step(capability, actionId, accountId), actors.user('ui'), actors.user('ui')), null, 'execute');
  const undoTicket = (original: Ticket): BoundTicket => bindTicket(parts.gate.authorizeUndo(step(original.capability, original.actionId), actors.user('ui')), null, 'undo');

  it('archives, idempotently, and undo brings exactly those messages back to the inbox', async () => {
    const [a, b] = received();
    const already = sent()[0];
    if (!a || !b || !already) throw new Error('not enough mail');
    const ids = [gmailIdOf(a), gmailIdOf(b), gmailIdOf(already)];

    const run = ticket('email.archive');
    const result = await archiveMessages(run, target, ids);
    expect(result).toEqual({ changes: [{ gmailId: ids[0], added: [], removed: ['INBOX'] }, { gmailId: ids[1], added: [], removed: ['INBOX'] }], unchanged: [ids[2]], missing: [] });
    const inbox = await idsIn('INBOX');
    expect(inbox).not.toContain(ids[0]);
    expect(inbox).not.toContain(ids[1]);

    // A retry after a crash finds the work done.
    expect((await archiveMessages(run, target, ids)).changes).toEqual([]);

    const undo = undoTicket(run);
    expect((await revertLabelChanges(undo, 'email.archive', target, result.changes)).changes.map((c) => c.gmailId)).toEqual([ids[0], ids[1]]);
    expect(await idsIn('INBOX')).toEqual(expect.arrayContaining([ids[0], ids[1]]));
    expect(await labelsOf(ids[2] ?? '')).toEqual(['SENT']);
    expect((await revertLabelChanges(undo, 'email.archive', target, result.changes)).changes).toEqual([]);
  });

  it('adds and removes labels, user labels too, and undo takes off only what it put on', async () => {
    const [starred, plain] = received();
    if (!starred || !plain) throw new Error('not enough mail');
    const receipts = (await peer.users.labels.create({ userId: 'me', requestBody: { name: 'Receipts' } })).data.id ?? '';
    await peer.users.messages.modify({ userId: 'me', id: gmailIdOf(starred), requestBody: { addLabelIds: ['STARRED'] } });

    const run = ticket('email.label');
    const result = await modifyLabels(run, 'email.label', target, [gmailIdOf(starred), gmailIdOf(plain)], { add: [receipts, 'STARRED'] });
    expect(result.changes).toEqual([
      { gmailId: gmailIdOf(starred), added: [receipts], removed: [] },
      { gmailId: gmailIdOf(plain), added: [receipts, 'STARRED'], removed: [] },
    ]);
    expect(await idsIn(receipts)).toEqual(expect.arrayContaining([gmailIdOf(starred), gmailIdOf(plain)]));

    await revertLabelChanges(undoTicket(run), 'email.label', target, result.changes);
    expect(await idsIn(receipts)).toEqual([]);
    expect(await labelsOf(gmailIdOf(starred))).toContain('STARRED');
    expect(await labelsOf(gmailIdOf(plain))).not.toContain('STARRED');
  });

  it('trashes (never deletes) and untrash puts mail back where it was', async () => {
    const inInbox = received().find((e) => !e.read);
    const mine = sent()[0];
    if (!inInbox || !mine) throw new Error('not enough mail');
    const ids = [gmailIdOf(inInbox), gmailIdOf(mine)];

    const run = ticket('email.trash');
    const result = await trashMessages(run, target, ids);
    expect(result.trashed).toEqual([
      { gmailId: ids[0], lostLabels: ['INBOX'] },
      { gmailId: ids[1], lostLabels: [] },
    ]);
    expect(await idsIn('TRASH')).toEqual(expect.arrayContaining(ids));
    expect(await idsIn('INBOX')).not.toContain(ids[0]);
    expect((await trashMessages(run, target, ids)).alreadyInTrash).toEqual(ids);

    const undone = await untrashMessages(undoTicket(run), 'email.trash', target, result.trashed);
    expect(undone.restored).toEqual(ids);
    expect(await labelsOf(ids[0] ?? '')).toEqual(expect.arrayContaining(['INBOX', 'UNREAD']));
    expect(await labelsOf(ids[0] ?? '')).not.toContain('TRASH');
    expect(await labelsOf(ids[1] ?? '')).toEqual(['SENT']);
    expect((await untrashMessages(undoTicket(run), 'email.trash', target, result.trashed)).notInTrash).toEqual(ids);
  });

  it('saves a threaded reply as a draft once per action, and undo moves it to Trash', async () => {
    const original = received()[1];
    if (!original) throw new Error('not enough mail');
    const originalMessage = (await peer.users.messages.get({ userId: 'me', id: gmailIdOf(original), format: 'minimal' })).data;
    const reply: OutgoingMail = {
      from: { name: workspace.userName, address: user.email },
      to: [{ name: '', address: original.sender }],
      subject: `Re: ${original.subject}`,
      text: 'Thanks, I will have a look today.',
      inReplyTo: workspaceMessageId(original),
      references: [workspaceMessageId(original)],
      threadId: originalMessage.threadId ?? null,
    };

    const run = ticket('email.draft');
    const draft = await createDraft(run, target, reply);
    expect(draft.created).toBe(true);
    const stored = (await peer.users.drafts.get({ userId: 'me', id: draft.draftId, format: 'full' })).data.message;
    expect(stored?.threadId).toBe(originalMessage.threadId);
    const header = (name: string) => stored?.payload?.headers?.find((h) => h.name?.toLowerCase() === name.toLowerCase())?.value;
    expect(header('In-Reply-To')).toBe(workspaceMessageId(original));
    expect(header('References')).toBe(workspaceMessageId(original));
    expect(header(STEWARD_ACTION_HEADER)).toBe(run.actionId);
    expect(header('Message-ID')).toBe(draft.messageId);

    // The retry after a crash finds its draft; there is still one.
    const again = await createDraft(run, target, reply);
    expect(again).toMatchObject({ draftId: draft.draftId, gmailId: draft.gmailId, created: false });
    const drafts = (await peer.users.drafts.list({ userId: 'me' })).data.drafts ?? [];
    expect(drafts.filter((d) => d.message?.id === draft.gmailId)).toHaveLength(1);
    expect(drafts).toHaveLength(1);

    const undo = undoTicket(run);
    expect(await trashDraft(undo, target, draft)).toEqual({ summary: 'Moved the draft to Trash' });
    expect(await labelsOf(draft.gmailId)).toContain('TRASH');
    expect(await trashDraft(undo, target, draft)).toEqual({ summary: 'The draft was already in Trash' });
  });

  it('sends once per action, in the thread, even when retried', async () => {
    const original = received()[3];
    if (!original) throw new Error('not enough mail');
    const threadId = (await peer.users.messages.get({ userId: 'me', id: gmailIdOf(original), format: 'minimal' })).data.threadId ?? null;
    const reply: OutgoingMail = {
      from: { name: workspace.userName, address: user.email },
      to: [{ name: '', address: original.sender }],
      cc: [{ name: '', address: 'julie.williams@bluesparrowtech.com' }],
      subject: `Re: ${original.subject}`,
      text: 'Done.',
      inReplyTo: workspaceMessageId(original),
      references: [workspaceMessageId(original)],
      threadId,
    };
    const sentBefore = (await idsIn('SENT')).length;

    const run = ticket('email.send');
    const first = await sendMessage(run, target, reply, { firstAttemptAt: new Date() });
    expect(first.alreadySent).toBe(false);
    const copy = (await peer.users.messages.get({ userId: 'me', id: first.gmailId, format: 'metadata', metadataHeaders: ['Cc', 'In-Reply-To'] })).data;
    expect(copy.labelIds).toEqual(['SENT']);
    expect(copy.threadId).toBe(threadId);
    expect(copy.payload?.headers).toEqual([
      { name: 'Cc', value: 'julie.williams@bluesparrowtech.com' },
      { name: 'In-Reply-To', value: workspaceMessageId(original) },
    ]);

    const retry = await sendMessage(run, target, reply, { firstAttemptAt: new Date() });
    expect(retry).toMatchObject({ gmailId: first.gmailId, alreadySent: true });
    expect((await idsIn('SENT')).length).toBe(sentBefore + 1);
    expect(await idsIn('SENT', `rfc822msgid:${first.messageId}`)).toEqual([first.gmailId]);
  });

  it('recognises an earlier send by its X-Steward-Action header when the sent copy has another Message-ID', async () => {
    const run = ticket('email.send');
    const firstAttemptAt = new Date(Date.now() - 60_000);
    // What Gmail would hold had it replaced the Message-ID of the first attempt's message.
    const earlier = await insertRawMessage(
      peer,
      await buildMail({ from: user.email, to: 'bob@example.test', subject: 'Lunch', text: 'Noon?', messageId: '<CAgmail-own-id@mail.gmail.com>', headers: { [STEWARD_ACTION_HEADER]: run.actionId } }),
      ['SENT'],
    );
    const sentBefore = (await idsIn('SENT')).length;
    const mail: OutgoingMail = { from: { name: '', address: user.email }, to: [{ name: '', address: 'bob@example.test' }], subject: 'Lunch', text: 'Noon?', inReplyTo: null, references: [], threadId: null };
    expect(await sendMessage(run, target, mail, { firstAttemptAt })).toMatchObject({ gmailId: earlier, alreadySent: true });
    expect((await idsIn('SENT')).length).toBe(sentBefore);
  });

  it('refuses to write without a matching, live ticket, and changes nothing', async () => {
    const message = received()[0];
    if (!message) throw new Error('no mail');
    const id = gmailIdOf(message);
    const before = await labelsOf(id);

    const forged = { actionId: 'a', capability: 'email.archive', accountId: ACCOUNT, purpose: 'execute', argsHash: '', signal: new AbortController().signal } as unknown as BoundTicket;
    await expect(archiveMessages(forged, target, [id])).rejects.toThrow(/no ticket from the gate/);
    await expect(trashMessages(ticket('email.archive'), target, [id])).rejects.toThrow(/the ticket is for email.archive/);
    await expect(archiveMessages(ticket('email.archive', undefined, 'acc-other'), target, [id])).rejects.toThrow(/on another account/);

    const run = ticket('email.archive');
    parts.killSwitch.pause('user:test', 'testing the brake');
    try {
      await expect(archiveMessages(run, target, [id])).rejects.toThrow(/paused/i);
    } finally {
      parts.killSwitch.resume();
    }
    expect(await labelsOf(id)).toEqual(before);
  });
});
