/**
 * Changes made elsewhere to what an IMAP account holds, against the run's real Dovecot: a folder
 * deleted by another mail client, and the user widening or narrowing how far back the history
 * reaches (historyDays) after the folders were read.
 */
import { afterEach, describe, expect, inject, it } from 'vitest';
import { folderCursor } from '../../electron/engine/connectors/imap/folder-cursor.js';
import type { ImapSettings } from '../../shared/connectors/index.js';
import { createImapUser, type ImapUser } from '../fixtures.js';
import { asPeer, watchAccount, type WatchedAccount } from '../imap-watch.js';
import { accountInput, startTestEngine, type EngineHarness } from '../engine-fixture.js';
import { storedMail } from '../gmail-fixture.js';
import { seedDovecotMailbox } from '../servers/dovecot.js';
import { buildMail } from '../servers/imap-peer.js';
import { waitUntil } from '../wait-until.js';

let watched: WatchedAccount | null = null;
let harness: EngineHarness | null = null;
afterEach(async () => {
  await watched?.stop();
  watched = null;
  await harness?.dispose();
  harness = null;
});

const DAY = 86_400_000;

async function append(user: ImapUser, mailbox: string, subject: string, daysAgo = 0): Promise<void> {
  const date = new Date(Date.now() - daysAgo * DAY);
  const raw = await buildMail({ from: 'bob@partner.example', to: user.email, subject, text: `About ${subject}`, date });
  await asPeer(user, async (client) => client.append(mailbox, raw, [], date));
}

function subjectsIn(w: WatchedAccount, mailbox: string): string[] {
  return w
    .present()
    .filter((item) => item.stream === mailbox)
    .map((item) => item.subject)
    .sort();
}

function goneObservations(w: WatchedAccount): string[] {
  return (w.parts.db.prepare(`SELECT item_id FROM observations WHERE kind = 'item.gone'`).all() as { item_id: string }[]).map((row) => row.item_id);
}

describe('IMAP folders changed elsewhere', () => {
  it('a folder deleted on the server: its cursor is dropped and its items retire as deletions', async () => {
    const user = await createImapUser();
    await asPeer(user, async (client) => client.mailboxCreate('Projects'));
    for (const subject of ['Plan A', 'Plan B', 'Plan C']) await append(user, 'Projects', subject);
    await append(user, 'INBOX', 'Still here');
    watched = await watchAccount(user);
    const w = watched;
    await w.synced();
    expect(subjectsIn(w, 'Projects')).toEqual(['Plan A', 'Plan B', 'Plan C']);
    expect(w.sink.cursor('Projects')).toBeDefined();

    // Another mail client deletes the folder.
    await asPeer(user, async (client) => client.mailboxDelete('Projects'));
    const from = w.reports.length;
    w.watcher.syncNow();
    await w.synced(from);

    expect(w.sink.cursor('Projects')).toBeUndefined();
    expect(w.sink.streams()).not.toContain('Projects');
    const retired = w.items().filter((item) => item.stream === 'Projects');
    expect(retired).toHaveLength(3);
    expect(retired.every((item) => !item.present)).toBe(true);
    // Retired as deletions: the scheduler hears of each one going, so suggestions about them retire.
    expect(goneObservations(w).sort()).toEqual(retired.map((item) => item.id).sort());
    expect(subjectsIn(w, 'INBOX')).toEqual(['Still here']);
  }, 60_000);

  it('a wider history window fetches what the read folders skipped; a narrower one fetches nothing', async () => {
    const user = await createImapUser();
    // Oldest first, so older mail has lower UIDs, as on a real server.
    await append(user, 'Archive', 'Filed 200 days ago', 200);
    await append(user, 'Archive', 'Filed 100 days ago', 100);
    await append(user, 'Archive', 'Filed 90 days ago', 90);
    await append(user, 'Archive', 'Filed 5 days ago', 5);
    await append(user, 'INBOX', 'Received 60 days ago', 60);
    await append(user, 'INBOX', 'Received today', 0);
    watched = await watchAccount(user, { historyDays: 30 });
    const w = watched;
    await w.synced();
    expect(subjectsIn(w, 'Archive')).toEqual(['Filed 5 days ago']);
    expect(subjectsIn(w, 'INBOX')).toEqual(['Received today']);

    const widen = async (historyDays: number) => {
      const settings = w.account.settings;
      w.parts.accounts.updateSettings<'imap'>(w.account.id, { ...settings, historyDays } satisfies ImapSettings);
      const from = w.reports.length;
      await w.restart();
      return w.reports.slice(from);
    };

    // 30 → 120 days: the 90- and 100-day-old messages come in, counted as history; the 200-day-old one stays out.
    const grew = await widen(120);
    expect(subjectsIn(w, 'Archive')).toEqual(['Filed 100 days ago', 'Filed 5 days ago', 'Filed 90 days ago']);
    expect(subjectsIn(w, 'INBOX')).toEqual(['Received 60 days ago', 'Received today']);
    expect(grew.some((r) => r.progress?.phase === 'history' && r.progress.total === 3)).toBe(true);
    const cursor = folderCursor.parse(w.sink.cursor('Archive'));
    expect(cursor).toMatchObject({ window: 120, history: null });

    // 120 days → everything.
    await widen(0);
    expect(subjectsIn(w, 'Archive')).toEqual(['Filed 100 days ago', 'Filed 200 days ago', 'Filed 5 days ago', 'Filed 90 days ago']);

    // Narrower: nothing is fetched again and nothing already in is dropped.
    const before = w.items().map((item) => `${item.id}:${item.externalId}`).sort();
    const shrank = await widen(10);
    expect(w.items().map((item) => `${item.id}:${item.externalId}`).sort()).toEqual(before);
    expect(shrank.some((r) => r.progress)).toBe(false);
    expect(folderCursor.parse(w.sink.cursor('Archive'))).toMatchObject({ window: 10, history: null });
    // Every message exactly once.
    expect(w.items()).toHaveLength(6);
    expect(new Set(w.items().map((item) => item.subject)).size).toBe(6);
  }, 120_000);

  it('a narrower window stops a first sync under way at its edge, keeping what is in', async () => {
    const user = await createImapUser();
    await asPeer(user, async (client) => client.mailboxOpen('Archive'));
    const old = Array.from({ length: 6_000 }, (_, i) => `From: a${i}@example.test\r\nSubject: Old ${i}\r\nMessage-ID: <old-${i}@example.test>\r\n\r\nBody\r\n`);
    await seedDovecotMailbox(inject('dovecot').dir, user.email, 'Archive', old, { receivedAt: new Date(Date.now() - 100 * DAY) });
    // Opening the folder numbers the seeded mail first, so the recent message comes after it, as it would have arrived.
    await asPeer(user, async (client) => client.mailboxOpen('Archive'));
    await append(user, 'Archive', 'Filed 5 days ago', 5);
    watched = await watchAccount(user);
    const w = watched;
    await waitUntil('part of the history', () => w.reports.some((r) => r.progress && r.progress.done > 0), 60_000);
    await w.watcher.stop();
    const atStop = w.items().length;

    expect(atStop).toBeLessThan(6_001);
    expect(folderCursor.parse(w.sink.cursor('Archive')).history).not.toBeNull();

    w.parts.accounts.updateSettings<'imap'>(w.account.id, { ...w.account.settings, historyDays: 30 } satisfies ImapSettings);
    await w.restart();
    // Nothing more of the old mail is fetched, nothing already in is dropped.
    expect(w.items()).toHaveLength(atStop);
    expect(folderCursor.parse(w.sink.cursor('Archive'))).toMatchObject({ window: 30, history: null });
    expect(subjectsIn(w, 'Archive')).toContain('Filed 5 days ago');
  }, 120_000);

  it('through the engine: a wider window set with updateAccountSettings (steward accounts set --history-days) takes in the older mail', async () => {
    const user = await createImapUser();
    await append(user, 'Archive', 'Filed 100 days ago', 100);
    await append(user, 'Archive', 'Filed 5 days ago', 5);
    harness = startTestEngine();
    const h = harness;
    const api = h.engine.apiFor('ui');
    const account = await api.addAccount(accountInput(user, { historyDays: 30 }));
    const filed = () => storedMail(h.dataDir, account.id).filter((m) => m.subject.startsWith('Filed')).map((m) => m.subject).sort();
    await waitUntil('the first sync', async () => {
      const [found] = await api.listAccounts();
      return found?.connection.state === 'connected' && found.connection.lastSyncAt !== null;
    }, 30_000);
    expect(filed()).toEqual(['Filed 5 days ago']);

    await api.updateAccountSettings({ id: account.id, settings: { historyDays: 0 } });
    await waitUntil('the older mail', () => filed().length === 2, 30_000);
    expect(filed()).toEqual(['Filed 100 days ago', 'Filed 5 days ago']);
  }, 60_000);
});
