/**
 * IMAP complete: every folder with its role, the history (all of it, or some days), progress,
 * resuming, UIDVALIDITY changes, flags and expunges, against the run's real Dovecot.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { createImapUser, type ImapUser } from '../fixtures.js';
import { asPeer, watchAccount, type WatchedAccount } from '../imap-watch.js';
import { buildMail } from '../servers/imap-peer.js';
import { HISTORY_SLICE, STORE_CHUNK } from '../../electron/engine/connectors/imap/folder-sync.js';
import { waitUntil } from '../wait-until.js';

let watched: WatchedAccount | null = null;
afterEach(async () => {
  await watched?.stop();
  watched = null;
});

/** Puts messages into folders (creating them), each with its own subject, optionally dated. */
async function fill(user: ImapUser, folder: string, count: number, options: { prefix?: string; date?: Date } = {}): Promise<void> {
  await asPeer(user, async (client) => {
    if (!(await client.list()).some((box) => box.path === folder)) await client.mailboxCreate(folder);
    for (let i = 0; i < count; i += 1) {
      const raw = await buildMail({
        from: `"Sender ${i}" <s${i}@example.test>`,
        to: user.email,
        subject: `${options.prefix ?? folder} ${i}`,
        text: `Message ${i} in ${folder}.`,
        messageId: `<${folder.replace(/\W/g, '')}-${options.prefix ?? ''}-${i}-${Math.random().toString(36).slice(2)}@example.test>`,
        ...(options.date ? { date: options.date } : {}),
      });
      await client.append(folder, raw, [], options.date);
    }
  });
}

function byFolder(account: WatchedAccount): Record<string, { count: number; roles: string }> {
  const out: Record<string, { count: number; roles: string }> = {};
  for (const item of account.present()) {
    const entry = (out[item.stream] ??= { count: 0, roles: item.roles.join(',') });
    entry.count += 1;
  }
  return out;
}

function doveadm(args: readonly string[]): void {
  const { dir } = inject('dovecot');
  const result = spawnSync('doveadm', ['-c', join(dir, 'dovecot.conf'), ...args], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`doveadm ${args.join(' ')} failed: ${result.stderr}`);
}

describe('IMAP folders and history against Dovecot', () => {
  it('reads every folder with its role, takes their history but none of Trash and Junk, and follows new mail there', async () => {
    const user = await createImapUser();
    await fill(user, 'INBOX', 3);
    await fill(user, 'Sent', 2);
    await fill(user, 'Archive', 2);
    await fill(user, 'Trash', 2);
    await fill(user, 'Projects', 1);
    await fill(user, 'Spam', 1);
    watched = await watchAccount(user);
    await watched.synced();

    expect(byFolder(watched)).toEqual({
      INBOX: { count: 3, roles: 'inbox' },
      Sent: { count: 2, roles: 'sent' },
      Archive: { count: 2, roles: 'archive' },
      'Projects': { count: 1, roles: '' },
    });
    // The first sync said how far it had come, and ended at the whole history.
    const progress = watched.reports.flatMap((r) => (r.progress ? [r.progress] : []));
    expect(progress.at(-1)).toEqual({ phase: 'history', done: 8, total: 8 });
    expect(watched.reports.at(-1)).toMatchObject({ state: 'connected', progress: null });

    // What lands in Trash and Spam from now on is seen (Spam is Junk by its name).
    await fill(user, 'Trash', 1, { prefix: 'deleted now' });
    await fill(user, 'Spam', 1, { prefix: 'spam now' });
    watched.watcher.syncNow();
    await waitUntil('the new Trash and Spam messages', () => byFolder(watched!).Trash?.count === 1 && byFolder(watched!).Spam?.count === 1, 20_000);
    expect(byFolder(watched).Spam).toEqual({ count: 1, roles: 'junk' });
    expect(watched.present().find((m) => m.stream === 'Trash')?.subject).toBe('deleted now 0');
  });

  it('takes only the chosen days of history, and a folder the user chose for a role the server does not mark', async () => {
    const user = await createImapUser();
    const old = new Date(Date.now() - 100 * 86_400_000);
    await fill(user, 'INBOX', 2, { prefix: 'old', date: old });
    await fill(user, 'INBOX', 2, { prefix: 'recent' });
    await fill(user, 'Quarantaine', 2, { prefix: 'quarantined' });
    watched = await watchAccount(user, { historyDays: 30, folders: { junk: 'Quarantaine' } });
    await watched.synced();
    const subjects = watched.present().map((m) => m.subject).sort();
    expect(subjects).toEqual(['recent 0', 'recent 1']);
    // New mail is taken whatever its date.
    await fill(user, 'INBOX', 1, { prefix: 'backdated', date: old });
    await waitUntil('the backdated message', () => watched!.present().some((m) => m.subject === 'backdated 0'), 20_000);
    // The chosen Junk folder keeps no history either, but is watched as Junk.
    await fill(user, 'Quarantaine', 1, { prefix: 'caught' });
    watched.watcher.syncNow();
    await waitUntil('the quarantined message', () => watched!.present().some((m) => m.subject === 'caught 0'), 20_000);
    expect(watched.present().find((m) => m.subject === 'caught 0')?.roles).toEqual(['junk']);
  });

  it('resumes an interrupted first sync where it stopped, without taking a message twice', async () => {
    const user = await createImapUser();
    await fill(user, 'Archive', 700);
    watched = await watchAccount(user);
    await waitUntil('part of the history', () => watched!.reports.some((r) => r.progress && r.progress.done > 0 && r.progress.done < r.progress.total), 60_000);
    await watched.watcher.stop();
    const before = watched.items().length;
    expect(before).toBeGreaterThan(0);
    expect(before).toBeLessThan(700);

    await watched.restart();
    const archive = watched.items().filter((m) => m.stream === 'Archive');
    expect(archive).toHaveLength(700);
    expect(new Set(archive.map((m) => m.subject)).size).toBe(700);
    // The restarted sync counted on from where it was, not from zero.
    const resumed = watched.reports.flatMap((r) => (r.progress ? [r.progress] : [])).at(-1);
    expect(resumed).toEqual({ phase: 'history', done: 700, total: 700 });
  }, 180_000);

  it('a crash between the stored part of a history slice and its cursor loses no message and takes none twice', async () => {
    const user = await createImapUser();
    await fill(user, 'Archive', 2 * HISTORY_SLICE);
    // Messages are stored STORE_CHUNK at a time as they are parsed; the slice's cursor moves
    // after its last chunk. Fail the third chunk of the first slice, as a crash there would.
    let commitsWithItems = 0;
    const keptBeforeCrash = new Map<string, string>();
    watched = await watchAccount(user, {}, user.password, {
      wrapSink: (sink) => ({
        ...sink,
        commit(commit) {
          if (commit.stream === 'Archive' && commit.items.length > 0 && (commitsWithItems += 1) === 3) {
            for (const m of watched!.items()) keptBeforeCrash.set(m.externalId, m.id);
            throw new Error('simulated crash between two chunks of a slice');
          }
          sink.commit(commit);
        },
      }),
    });
    await waitUntil('the history taken after the crash', () => watched!.items().filter((m) => m.stream === 'Archive').length === 2 * HISTORY_SLICE, 60_000);
    await watched.synced();

    // The chunks stored before the crash were there, under the cursor of before the slice.
    expect(keptBeforeCrash.size).toBe(2 * STORE_CHUNK);
    const archive = watched.items().filter((m) => m.stream === 'Archive');
    expect(archive).toHaveLength(2 * HISTORY_SLICE);
    expect(new Set(archive.map((m) => m.subject)).size).toBe(2 * HISTORY_SLICE);
    // Taken again, they are the same items: not new ones, and not observed as new twice.
    const byExternalId = new Map(archive.map((m) => [m.externalId, m.id]));
    for (const [externalId, id] of keptBeforeCrash) expect(byExternalId.get(externalId)).toBe(id);
    const observedNew = watched.parts.db
      .prepare(`SELECT count(*) AS n, count(DISTINCT item_id) AS distinctItems FROM observations WHERE kind = 'item.new' AND account_id = ?`)
      .get(watched.account.id) as { n: number; distinctItems: number };
    expect(observedNew).toEqual({ n: 2 * HISTORY_SLICE, distinctItems: 2 * HISTORY_SLICE });
    // The cursor counted each message once.
    const progress = watched.reports.flatMap((r) => (r.progress ? [r.progress] : [])).filter((p) => p.total === 2 * HISTORY_SLICE);
    expect(progress.at(-1)).toEqual({ phase: 'history', done: 2 * HISTORY_SLICE, total: 2 * HISTORY_SLICE });
  }, 180_000);

  it('follows flags (CONDSTORE) and expunges (QRESYNC) made by another client', async () => {
    const user = await createImapUser();
    await fill(user, 'INBOX', 3);
    await fill(user, 'Archive', 3);
    watched = await watchAccount(user);
    await watched.synced();
    await asPeer(user, async (client) => {
      await client.mailboxOpen('INBOX');
      await client.messageFlagsAdd('1', ['\\Flagged']);
      await client.messageDelete('2');
      await client.mailboxOpen('Archive');
      await client.messageDelete('3');
    });
    watched.watcher.syncNow();
    await waitUntil('the flag and the two expunges', () => {
      const folders = byFolder(watched!);
      return folders.INBOX?.count === 2 && folders.Archive?.count === 2 && watched!.present().some((m) => m.flags.includes('\\Flagged'));
    }, 20_000);
    expect(watched.present().find((m) => m.flags.includes('\\Flagged'))?.subject).toBe('INBOX 0');
    expect(watched.items().filter((m) => !m.present).map((m) => m.subject).sort()).toEqual(['Archive 2', 'INBOX 1']);
  });

  it('reads a renumbered folder (UIDVALIDITY changed) again without duplicates, keeping its items', async () => {
    const user = await createImapUser();
    await fill(user, 'INBOX', 3);
    watched = await watchAccount(user);
    await watched.synced();
    const before = new Map(watched.present().map((m) => [m.messageKey, m.id]));
    await watched.watcher.stop();

    doveadm(['mailbox', 'update', '-u', user.email, '--uid-validity', '777', 'INBOX']);
    await fill(user, 'INBOX', 1, { prefix: 'after' });
    await watched.restart();

    const inbox = watched.present().filter((m) => m.stream === 'INBOX');
    expect(inbox).toHaveLength(4);
    for (const item of inbox) expect(item.externalId.startsWith('777:')).toBe(true);
    // The three it had are the same items (so suggestions about them stay open).
    for (const [key, id] of before) expect(inbox.find((m) => m.messageKey === key)?.id).toBe(id);
    expect(watched.items()).toHaveLength(4);
  });
});
