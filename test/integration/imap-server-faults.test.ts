/**
 * Server faults that need a Dovecot of their own, so the run's shared one is left undisturbed:
 * the server process really stopped (SIGTERM) and started again in the middle of a first sync,
 * and a server that refuses a connection for exceeding its per-user limit. Each must leave the
 * status in words a user can act on, retry on its own, and afterwards hold every message once.
 */
import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import type { ImapUser } from '../fixtures.js';
import { asPeer, watchAccount, type WatchedAccount } from '../imap-watch.js';
import { seedDovecotMailbox, startDovecot, type DovecotServer } from '../servers/dovecot.js';
import { createPeerClient } from '../servers/imap-peer.js';
import { waitUntil } from '../wait-until.js';

let watched: WatchedAccount | null = null;
let server: DovecotServer | null = null;
afterEach(async () => {
  await watched?.stop();
  watched = null;
  await server?.stop();
  server = null;
});

async function userOn(dovecot: DovecotServer): Promise<ImapUser> {
  const email = `user-${randomBytes(6).toString('hex')}@example.test`;
  const password = randomBytes(12).toString('hex');
  await dovecot.addUser(email, password);
  return { email, user: email, password, server: { host: dovecot.host, port: dovecot.port } };
}

/** `count` messages straight into the folder's maildir (the first login creates the folders). */
async function fill(dovecot: DovecotServer, user: ImapUser, mailbox: string, count: number): Promise<void> {
  await asPeer(user, async (client) => client.mailboxOpen(mailbox));
  const messages = Array.from({ length: count }, (_, i) => `From: a${i}@example.test\r\nSubject: Filed ${i}\r\nMessage-ID: <filed-${i}@example.test>\r\n\r\nBody ${i}\r\n`);
  await seedDovecotMailbox(dovecot.dir, user.email, mailbox, messages);
}

/** Every message of the folder exactly once: none missed, none doubled. */
function expectEachOnce(items: WatchedAccount, mailbox: string, count: number): void {
  const stored = items.present().filter((item) => item.stream === mailbox);
  expect(new Set(stored.map((item) => item.subject)).size).toBe(count);
  expect(stored).toHaveLength(count);
}

describe('IMAP server faults against a Dovecot of their own', () => {
  it('a real server restart in the middle of a first sync: says so, retries by itself, misses and doubles nothing', async () => {
    server = await startDovecot();
    const user = await userOn(server);
    const total = 8_000;
    await fill(server, user, 'Archive', total);
    watched = await watchAccount(user);
    const w = watched;
    await waitUntil('part of the history', () => w.reports.some((r) => r.progress && r.progress.done > 0), 60_000);

    await server.halt();
    const haltedAt = w.reports.length;
    // Stopped in the middle: part of the history is in, the rest is not.
    const midway = w.items().filter((item) => item.stream === 'Archive').length;
    expect(midway).toBeGreaterThan(0);
    expect(midway).toBeLessThan(total);
    // While the server is down the status says what happened and when Steward tries again.
    const down = await waitUntil('three retries while the server is down', () => {
      const failing = w.reports.slice(haltedAt).filter((r) => r.state === 'reconnecting');
      return failing.length >= 3 ? failing : undefined;
    }, 30_000);
    expect(down[0]?.lastError).toMatch(/closed by the server|stopped answering/);
    expect(down.at(-1)?.lastError).toMatch(/The mail server at 127\.0\.0\.1:\d+ stopped answering \(connection refused\): it is down or restarting\. Steward will retry/);
    expect(down.at(-1)?.nextRetryAt).not.toBeNull();
    // Backoff: the waits between tries grow (about 1 s, 2 s, 4 s) rather than hammering a server that is down.
    const [first, second, third] = down.map((r) => Date.parse(r.nextRetryAt ?? ''));
    expect(third! - second!).toBeGreaterThan(second! - first!);

    await server.startAgain();
    const restartedAt = w.reports.length;
    await w.synced(restartedAt);
    expectEachOnce(w, 'Archive', total);
    expect(w.reports.at(-1)).toMatchObject({ state: 'connected', lastError: null, nextRetryAt: null, progress: null });
  }, 240_000);

  it('a server refusing a connection over its per-user limit: says so, backs off, recovers with nothing missed or doubled', async () => {
    server = await startDovecot({ extraConfig: 'mail_max_userip_connections = 1' });
    const user = await userOn(server);
    await fill(server, user, 'INBOX', 300);
    // Another mail client of the user's holds the one connection the server allows.
    const other = createPeerClient(user.server, user);
    await other.connect();
    try {
      watched = await watchAccount(user);
      const w = watched;
      const refused = await waitUntil('three refusals', () => {
        const failing = w.reports.filter((r) => r.state === 'reconnecting');
        return failing.length >= 3 ? failing : undefined;
      }, 30_000);
      expect(refused[0]?.lastError).toMatch(/too many connections to it are open for .*Maximum number of connections from user\+IP exceeded/);
      expect(refused[0]?.lastError).toMatch(/Close other mail apps that use this account, or wait; Steward will retry/);
      // It backs off: the waits between tries grow (about 1 s, 2 s, 4 s).
      const [first, second, third] = refused.map((r) => Date.parse(r.nextRetryAt ?? ''));
      expect(third! - second!).toBeGreaterThan(second! - first!);
      expect(w.items()).toHaveLength(0);
    } finally {
      await other.logout();
    }
    const w = watched;
    await w.synced();
    expectEachOnce(w, 'INBOX', 300);
    expect(w.reports.at(-1)).toMatchObject({ state: 'connected', lastError: null });
  }, 180_000);
});
