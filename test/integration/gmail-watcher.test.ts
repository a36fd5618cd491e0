// The Gmail watcher on its own, against the Google emulator with the AgentDojo inbox, storing into
// a real (in-memory) engine database through the ItemSink: what it reports while it works (the
// first sync's progress, then connected), the labels the user chose, and its pace following the
// user's presence.
import type { gmail_v1 } from '@googleapis/gmail';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AccountConnection, PresenceState } from '../../shared/domain/types.js';
import type { StoredAccount } from '../../electron/engine/accounts/account-store.js';
import { GmailWatcher } from '../../electron/engine/connectors/gmail/gmail-watcher.js';
import { GMAIL_STREAM } from '../../electron/engine/connectors/gmail/mail-items.js';
import type { PresenceView } from '../../electron/engine/connectors/types.js';
import type { MailStore, NewMailItem } from '../../electron/engine/items/mail/index.js';
import { memoryParts, type MemoryParts } from '../../electron/engine/testing/memory-engine-parts.js';
import { createItemSink } from '../../electron/engine/sync/ingest.js';
import { loadWorkspace } from '../datasets/agentdojo.js';
import { createGmailUser } from '../fixtures.js';
import { arrive, gmailQuestion } from '../gmail-fixture.js';
import { loadWorkspaceInbox, peerGmail, type GmailTestUser, type SeededInbox } from '../servers/gmail-peer.js';
import { waitUntil } from '../wait-until.js';

const workspace = loadWorkspace();

class FakePresence implements PresenceView {
  current: PresenceState = 'active';
  private readonly listeners = new Set<(state: PresenceState) => void>();
  onChange(listener: (state: PresenceState) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
  set(state: PresenceState): void {
    this.current = state;
    for (const listener of this.listeners) listener(state);
  }
  get subscribers(): number {
    return this.listeners.size;
  }
}

let user: GmailTestUser;
let peer: gmail_v1.Gmail;
let seeded: SeededInbox;
let parts: MemoryParts;
let watcher: GmailWatcher | null = null;

beforeEach(async () => {
  user = await createGmailUser({ name: workspace.userName });
  peer = peerGmail(user);
  seeded = await loadWorkspaceInbox(peer, user, workspace);
  parts = memoryParts();
});

afterEach(async () => {
  await watcher?.stop();
  watcher = null;
});

function watch(includedLabels: string[] | null = null, presence = new FakePresence()) {
  const account: StoredAccount<'gmail'> = parts.accounts.insert<'gmail'>({ kind: 'gmail', email: user.email, displayName: '', settings: { clientId: 'steward-test', scopes: [], includedLabels } });
  const reports: AccountConnection[] = [];
  const store = parts.stores.mail as MailStore;
  watcher = new GmailWatcher({
    account,
    credentials: { password: () => Promise.reject(new Error('no password')), secret: () => Promise.reject(new Error('no secret')), accessToken: () => Promise.resolve(user.accessToken) },
    sink: createItemSink<NewMailItem, ReturnType<MailStore['getMany']>[number]>(parts.ingest, account.id, store),
    report: (connection) => reports.push({ ...(reports.at(-1) ?? {}), ...connection } as AccountConnection),
    now: () => new Date(),
    db: parts.db,
    presence,
  });
  watcher.start();
  const subjects = () =>
    (parts.db.prepare(`SELECT m.subject FROM items i JOIN mail_messages m ON m.item_id = i.id WHERE i.account_id = ? AND i.present = 1`).all(account.id) as { subject: string }[]).map(
      (row) => row.subject,
    );
  return { account, reports, subjects, presence };
}

describe('Gmail watcher', () => {
  it('reports the first sync’s progress, then connected, and keeps its cursor with what it stored', async () => {
    const { account, reports, subjects } = await Promise.resolve(watch());
    await waitUntil('connected', () => reports.at(-1)?.state === 'connected', 30_000);
    expect(subjects()).toHaveLength(seeded.received + seeded.sent);
    const total = seeded.received + seeded.sent;
    expect(reports.map((r) => r.state)).toEqual(['syncing', 'syncing', 'connected']);
    expect(reports[1]?.progress).toEqual({ phase: 'history', done: total, total });
    expect(reports.at(-1)).toMatchObject({ lastError: null, nextRetryAt: null, progress: null });
    expect(parts.cursors.load(account.id, GMAIL_STREAM)).toEqual({ phase: 'history', historyId: expect.stringMatching(/^\d+$/) as string });
  });

  it('takes in only the labels the user chose, and says which ones Gmail does not have', async () => {
    const work = (await peer.users.labels.create({ userId: 'me', requestBody: { name: 'Work' } })).data.id ?? '';
    const picked = [...seeded.gmailIds.values()].slice(0, 2);
    for (const id of picked) await peer.users.messages.modify({ userId: 'me', id, requestBody: { addLabelIds: [work] } });
    const { reports, subjects } = watch(['work', 'Holidays']);
    await waitUntil('connected', () => reports.at(-1)?.state === 'connected', 30_000);
    expect(subjects()).toHaveLength(2);
    expect(reports.at(-1)?.lastError).toMatch(/Gmail has no label named "Holidays"/);
  });

  it('polls at once when the user comes back, and stops listening to presence when stopped', async () => {
    const presence = new FakePresence();
    presence.current = 'idle';
    const { reports, subjects } = watch(null, presence);
    await waitUntil('connected', () => reports.at(-1)?.state === 'connected', 30_000);
    await arrive(peer, user, gmailQuestion({ subject: 'Back at the desk?' }));
    // Idle polls once a minute; the return to the keyboard asks now.
    presence.set('active');
    await waitUntil('the new mail', () => subjects().includes('Back at the desk?'), 10_000);
    expect(presence.subscribers).toBe(1);
    await watcher?.stop();
    watcher = null;
    expect(presence.subscribers).toBe(0);
    expect(reports.at(-1)?.state).toBe('stopped');
  });
});
