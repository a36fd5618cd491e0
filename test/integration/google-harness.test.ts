// Proves the Google emulator the harness runs: a real, stateful Gmail that keeps what it is told
// (insert, list, modify, history), reachable from a worker, with the gaps of @emulators/google
// 0.4.1 against real Gmail filled (all headers in full/metadata, getProfile, rfc822msgid:,
// growing history ids, expiring history) and the AgentDojo inbox loadable into it.
import type { gmail_v1 } from '@googleapis/gmail';
import { gaxios } from 'google-auth-library';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { loadWorkspace } from '../datasets/agentdojo.js';
import { createGmailUser } from '../fixtures.js';
import { buildMail } from '../servers/imap-peer.js';
import {
  expireGmailHistory,
  injectGoogleFault,
  insertRawMessage,
  loadWorkspaceInbox,
  peerGmail,
  workspaceMessageId,
  type GmailTestUser,
} from '../servers/gmail-peer.js';

async function statusOf(promise: Promise<unknown>): Promise<number | undefined> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof gaxios.GaxiosError) return error.status;
    throw error;
  }
  return 200;
}

function header(message: gmail_v1.Schema$Message, name: string): string | undefined {
  return message.payload?.headers?.find((h) => h.name?.toLowerCase() === name.toLowerCase())?.value ?? undefined;
}

const newsletter = (messageId: string) =>
  buildMail({
    from: 'Weekly <news@example.test>',
    to: 'reader@example.test',
    subject: 'This week: ünïcode and more',
    text: 'Read more…',
    messageId,
    date: new Date('2024-05-14T11:00:00Z'),
    headers: { 'List-Unsubscribe': '<mailto:leave@example.test>, <https://example.test/leave>', Precedence: 'bulk', 'List-Id': 'Weekly <weekly.example.test>' },
  });

describe('Google emulator', () => {
  let user: GmailTestUser;
  let api: gmail_v1.Gmail;

  beforeAll(async () => {
    user = await createGmailUser();
    api = peerGmail(user);
  });

  it('reaches this worker through STEWARD_GOOGLE_ORIGIN set in globalSetup', () => {
    expect(process.env.STEWARD_GOOGLE_ORIGIN).toBe(inject('google').origin);
    expect(inject('google').origin).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it('keeps a raw message byte for byte and shows every header in full and metadata format', async () => {
    const messageId = `<full-${Date.now()}@example.test>`;
    const raw = await newsletter(messageId);
    const id = await insertRawMessage(api, raw, ['INBOX', 'UNREAD']);

    const asRaw = await api.users.messages.get({ userId: 'me', id, format: 'raw' });
    expect(Buffer.from(asRaw.data.raw ?? '', 'base64url').toString('utf8')).toBe(raw);
    expect(asRaw.data.labelIds).toEqual(['INBOX', 'UNREAD']);
    expect(asRaw.data.internalDate).toBe(String(Date.parse('2024-05-14T11:00:00Z')));

    const full = (await api.users.messages.get({ userId: 'me', id, format: 'full' })).data;
    expect(header(full, 'List-Unsubscribe')).toBe('<mailto:leave@example.test>, <https://example.test/leave>');
    expect(header(full, 'Precedence')).toBe('bulk');
    expect(header(full, 'Subject')).toBe('This week: ünïcode and more');
    expect(header(full, 'Message-ID')).toBe(messageId);

    const metadata = (await api.users.messages.get({ userId: 'me', id, format: 'metadata', metadataHeaders: ['list-id', 'PRECEDENCE'] })).data;
    expect(metadata.payload?.headers).toEqual([
      // In message order, names as the sender wrote them (nodemailer writes List-ID).
      { name: 'Precedence', value: 'bulk' },
      { name: 'List-ID', value: 'Weekly <weekly.example.test>' },
    ]);
  });

  it('lists, modifies and records every change in history, with ids that only grow', async () => {
    const before = (await api.users.getProfile({ userId: 'me' })).data;
    expect(before.emailAddress).toBe(user.email);

    const raw = await buildMail({ from: 'bob@example.test', to: user.email, subject: 'Lunch?', text: 'Noon?' });
    const id = await insertRawMessage(api, raw, ['INBOX', 'UNREAD']);
    const inInbox = await api.users.messages.list({ userId: 'me', labelIds: ['INBOX'] });
    expect(inInbox.data.messages?.map((m) => m.id)).toContain(id);

    await api.users.messages.modify({ userId: 'me', id, requestBody: { removeLabelIds: ['UNREAD'] } });
    await api.users.messages.modify({ userId: 'me', id, requestBody: { removeLabelIds: ['INBOX'] } });
    await api.users.messages.trash({ userId: 'me', id });

    const stored = (await api.users.messages.get({ userId: 'me', id, format: 'minimal' })).data;
    expect(stored.labelIds).toEqual(['TRASH']);
    expect((await api.users.messages.list({ userId: 'me', labelIds: ['INBOX'] })).data.messages?.map((m) => m.id) ?? []).not.toContain(id);

    const history = (await api.users.history.list({ userId: 'me', startHistoryId: before.historyId ?? '' })).data;
    const records = history.history ?? [];
    const ids = records.map((record) => BigInt(record.id ?? '0'));
    expect(ids).toEqual([...ids].sort((a, b) => (a < b ? -1 : 1)));
    expect(records.map((record) => Object.keys(record).filter((key) => key !== 'id' && key !== 'messages').sort().join('+'))).toEqual([
      'messagesAdded',
      'labelsRemoved',
      'labelsRemoved',
      'labelsAdded',
    ]);
    expect(records[1]?.labelsRemoved?.[0]?.labelIds).toEqual(['UNREAD']);
    expect(records[3]?.labelsAdded?.[0]?.labelIds).toEqual(['TRASH']);

    const after = (await api.users.getProfile({ userId: 'me' })).data;
    expect(BigInt(after.historyId ?? '0')).toBeGreaterThan(BigInt(before.historyId ?? '0'));
    expect(after.historyId).toBe(history.historyId);
    expect(after.messagesTotal).toBe((before.messagesTotal ?? 0) + 1);
  });

  it('finds a message by rfc822msgid:, with or without angle brackets, and combined with other terms', async () => {
    const messageId = `<find-me-${Date.now()}@example.test>`;
    const id = await insertRawMessage(api, await newsletter(messageId), ['INBOX']);
    for (const q of [`rfc822msgid:${messageId}`, `rfc822msgid:${messageId.slice(1, -1)}`, `in:inbox rfc822msgid:${messageId}`]) {
      expect((await api.users.messages.list({ userId: 'me', q })).data.messages?.map((m) => m.id), q).toEqual([id]);
    }
    expect((await api.users.messages.list({ userId: 'me', q: `in:sent rfc822msgid:${messageId}` })).data).toEqual({ resultSizeEstimate: 0 });
  });

  it('answers 404 for an expired history id, as Gmail does, and serves history again from the current id', async () => {
    const old = (await api.users.getProfile({ userId: 'me' })).data.historyId ?? '';
    await insertRawMessage(api, await buildMail({ from: 'a@example.test', to: user.email, subject: 'After', text: '.' }), ['INBOX']);
    const current = await expireGmailHistory(user);

    expect(await statusOf(api.users.history.list({ userId: 'me', startHistoryId: old }))).toBe(404);
    const fresh = (await api.users.history.list({ userId: 'me', startHistoryId: current })).data;
    expect(fresh.history ?? []).toEqual([]);
    expect(fresh.historyId).toBe(current);
  });

  it('keeps mailboxes apart and refuses unknown tokens', async () => {
    const other = await createGmailUser();
    const otherApi = peerGmail(other);
    await insertRawMessage(otherApi, await buildMail({ from: 'x@example.test', to: other.email, subject: 'Private', text: '.' }), ['INBOX']);
    expect((await otherApi.users.messages.list({ userId: 'me' })).data.messages).toHaveLength(1);
    expect(await statusOf(api.users.messages.list({ userId: other.email }))).toBe(404);
    expect(await statusOf(peerGmail({ ...user, accessToken: 'not-a-token' }).users.getProfile({ userId: 'me' }))).toBe(401);
  });

  it('fails the next matching request when a fault is injected, once', async () => {
    await injectGoogleFault(user.origin, { path: '/gmail/v1/users/[^/]+/profile$', email: user.email, status: 429, body: { error: { code: 429, message: 'Rate Limit Exceeded' } } });
    // googleapis retries a 429 on a GET by itself, so ask gaxios not to, to see the fault.
    expect(await statusOf(api.users.getProfile({ userId: 'me' }, { retry: false }))).toBe(429);
    expect(await statusOf(api.users.getProfile({ userId: 'me' }, { retry: false }))).toBe(200);
  });
});

describe('the AgentDojo inbox in Gmail', () => {
  it('loads as raw mail: received in INBOX, sent under SENT, unread flagged, headers intact', async () => {
    const workspace = loadWorkspace();
    const user = await createGmailUser({ name: workspace.userName });
    const api = peerGmail(user);

    const seeded = await loadWorkspaceInbox(api, user, workspace);
    expect(seeded.gmailIds.size).toBe(workspace.emails.length);

    const count = async (labelIds: string[]) => (await api.users.messages.list({ userId: 'me', labelIds, maxResults: 500 })).data.messages?.length ?? 0;
    expect(await count(['INBOX'])).toBe(workspace.emails.filter((e) => e.status === 'received').length);
    expect(await count(['SENT'])).toBe(workspace.emails.filter((e) => e.status === 'sent').length);
    expect(await count(['INBOX', 'UNREAD'])).toBe(workspace.emails.filter((e) => e.status === 'received' && !e.read).length);

    const sent = workspace.emails.find((e) => e.status === 'sent' && e.cc.length > 0);
    if (!sent) throw new Error('The dataset has no sent mail with Cc any more.');
    const copy = (await api.users.messages.get({ userId: 'me', id: seeded.gmailIds.get(sent.id) ?? '', format: 'full' })).data;
    expect(header(copy, 'From')).toBe(`${workspace.userName} <${user.email}>`);
    expect(header(copy, 'Cc')).toBe(sent.cc.join(', '));
    expect(header(copy, 'Message-ID')).toBe(workspaceMessageId(sent));
    expect(header(copy, 'Subject')).toBe(sent.subject);
    expect(copy.internalDate).toBe(String(Date.parse(`${sent.timestamp}Z`)));
  });
});
