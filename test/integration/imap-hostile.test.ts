/**
 * Bad input and faults against the run's real Dovecot: hostile mail APPENDed and synced, a
 * connection cut in the middle of a first sync, a wrong password, a TLS mismatch; and a
 * realistic inbox (AgentDojo's workspace) loaded and read.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { loadWorkspace } from '../datasets/agentdojo.js';
import { createImapUser } from '../fixtures.js';
import { HOSTILE_MAIL } from '../hostile-mail/corpus.js';
import { asPeer, watchAccount, type WatchedAccount } from '../imap-watch.js';
import { kickDovecotUser } from '../servers/dovecot.js';
import { workspaceMessage } from '../servers/gmail-peer.js';
import { buildMail } from '../servers/imap-peer.js';
import { inject } from 'vitest';
import { waitUntil } from '../wait-until.js';

let watched: WatchedAccount | null = null;
afterEach(async () => {
  await watched?.stop();
  watched = null;
});

describe('hostile mail and faults against Dovecot', () => {
  it('takes in every hostile message, readable or with a placeholder, and keeps going', async () => {
    const user = await createImapUser();
    await asPeer(user, async (client) => {
      for (const message of HOSTILE_MAIL) await client.append('INBOX', message.raw());
    });
    watched = await watchAccount(user);
    await watched.synced();
    const items = watched.present();
    expect(items).toHaveLength(HOSTILE_MAIL.length);
    for (const message of HOSTILE_MAIL) {
      const matching = items.filter((item) => (typeof message.subject === 'string' ? item.subject === message.subject : message.subject.test(item.subject)));
      expect(matching, message.name).toHaveLength(1);
      const [item] = matching;
      if (message.body) expect(item?.bodyText, message.name).toMatch(message.body);
      for (const pattern of message.absent ?? []) expect(item?.bodyText, message.name).not.toMatch(pattern);
    }
    // The attachment is described, not kept: its real size comes from the server's BODYSTRUCTURE,
    // which counts the base64 text (and says so, for a rule comparing it with a saved file).
    const big = items.find((item) => item.subject === 'Big attachment');
    expect(big?.attachments).toEqual([{ name: 'scans.pdf', size: expect.any(Number) as number, type: 'application/pdf', encoding: 'base64' }]);
    expect(big?.attachments[0]?.size).toBeGreaterThan(25 * 1024 * 1024);
    expect(big?.bodyText.length).toBeLessThanOrEqual(20_000);
    // The future date is not believed: the message sorts by when it arrived.
    expect(items.find((item) => item.subject === 'From the future')?.sentAt).toBeNull();

    // Still watching: the next ordinary message arrives as usual.
    await asPeer(user, async (client) =>
      client.append('INBOX', await buildMail({ from: 'bob@partner.example', to: user.email, subject: 'After the storm', text: 'Still there?' })),
    );
    await waitUntil('the next message', () => watched!.present().some((item) => item.subject === 'After the storm'), 20_000);
    await waitUntil('the sync to settle', () => watched!.reports.at(-1)?.state === 'connected');
    expect(watched.reports.at(-1)).toMatchObject({ state: 'connected', lastError: null });
  }, 120_000);

  it('after a connection cut in the middle of a first sync, says so, resumes, and misses or doubles nothing', async () => {
    const user = await createImapUser();
    await asPeer(user, async (client) => {
      for (let i = 0; i < 600; i += 1) await client.append('Archive', `From: a${i}@example.test\r\nSubject: Filed ${i}\r\nMessage-ID: <filed-${i}@example.test>\r\n\r\nBody ${i}\r\n`);
    });
    watched = await watchAccount(user);
    await waitUntil('part of the history', () => watched!.reports.some((r) => r.progress && r.progress.done > 0 && r.progress.done < r.progress.total), 60_000);
    await kickDovecotUser(inject('dovecot').dir, user.email);
    await waitUntil('the reconnect, said in words', () => watched!.reports.find((r) => r.state === 'reconnecting'), 20_000).then((report) =>
      expect(report.lastError).toMatch(/closed|connection|retry/i),
    );
    await watched.synced(watched.reports.findIndex((r) => r.state === 'reconnecting'));
    const archive = watched.items().filter((item) => item.stream === 'Archive');
    expect(archive).toHaveLength(600);
    expect(new Set(archive.map((item) => item.subject)).size).toBe(600);
  }, 180_000);

  it('says a wrong password in words and does not retry it', async () => {
    const user = await createImapUser();
    watched = await watchAccount(user, {}, 'not-the-password');
    const failed = await waitUntil('the refused login', () => watched!.reports.find((r) => r.state === 'auth_failed'), 20_000);
    expect(failed.lastError).toMatch(/password|sign|refused|rejected/i);
  });

  it('says a TLS mismatch in words', async () => {
    const user = await createImapUser();
    watched = await watchAccount(user, { tls: true });
    const failing = await waitUntil('the TLS failure', () => watched!.reports.find((r) => r.state === 'reconnecting' && r.lastError), 30_000);
    expect(failing.lastError).toMatch(/TLS|secure/);
    expect(failing.nextRetryAt).not.toBeNull();
  });

  it('reads the AgentDojo inbox: received mail in INBOX, sent mail in Sent, one thread per conversation', async () => {
    const workspace = loadWorkspace();
    const user = await createImapUser();
    let received = 0;
    let sent = 0;
    await asPeer(user, async (client) => {
      for (const email of workspace.emails) {
        const raw = await workspaceMessage(email, workspace, user.email);
        const flags = email.status === 'sent' || email.read ? ['\\Seen'] : [];
        await client.append(email.status === 'sent' ? 'Sent' : 'INBOX', raw, flags, new Date(`${email.timestamp}Z`));
        if (email.status === 'sent') sent += 1;
        else received += 1;
      }
    });
    watched = await watchAccount(user);
    await watched.synced();
    const items = watched.present();
    expect(items.filter((item) => item.roles.includes('inbox'))).toHaveLength(received);
    expect(items.filter((item) => item.roles.includes('sent'))).toHaveLength(sent);
    expect(new Set(items.map((item) => item.messageKey)).size).toBe(items.length);
    for (const item of items) expect(item.threadKey).toBeTruthy();
  });
});
