// Proves the harness: the servers that globalSetup started are real, reachable from a worker and
// behave the way the app relies on (IDLE, special-use folders, MOVE with UIDPLUS, a keychain,
// SMTP delivery).
import { execFileSync } from 'node:child_process';
import { Entry } from '@napi-rs/keyring';
import type { ImapFlow } from 'imapflow';
import { createTransport } from 'nodemailer';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { createCalDavUser, createImapUser, smtpServer, waitForSmtpMail } from '../fixtures.js';
import type { ImapUser } from '../fixtures.js';
import { kickDovecotUser } from '../servers/dovecot.js';
import { deleteIcs, expireRadicaleSyncTokens, getIcs, listObjectUrls, makeCalendar, putIcs } from '../servers/radicale.js';
import type { CalDavLogin } from '../servers/radicale.js';
import { appendMail, buildMail, createPeerClient, listMessages, withPeer } from '../servers/imap-peer.js';
import { startSmtpSink } from '../servers/smtp-sink.js';
import type { SmtpSink } from '../servers/smtp-sink.js';

describe('Dovecot', () => {
  let user: ImapUser;
  const clients: ImapFlow[] = [];

  beforeAll(async () => {
    user = await createImapUser();
  });

  afterEach(async () => {
    await Promise.all(clients.splice(0).map((client) => client.logout().catch(() => client.close())));
  });

  async function login(who: ImapUser): Promise<ImapFlow> {
    const client = createPeerClient(who.server, who);
    clients.push(client);
    await client.connect();
    return client;
  }

  it('lets a fresh user log in and offers IDLE, MOVE and UIDPLUS', async () => {
    const client = await login(user);
    for (const capability of ['IDLE', 'MOVE', 'UIDPLUS']) expect(client.capabilities.has(capability), capability).toBe(true);
  });

  it('lets a user created right after another login log in at once', async () => {
    // Regression for Dovecot's passwd-file, which re-reads the users file at most once a second.
    await login(user);
    const next = await createImapUser();
    await expect(login(next)).resolves.toBeDefined();
  });

  it('lists the special-use folders', async () => {
    const client = await login(user);
    const specialUse = (await client.list()).map((mailbox) => mailbox.specialUse).filter(Boolean);
    expect(specialUse).toEqual(expect.arrayContaining(['\\Archive', '\\Drafts', '\\Sent', '\\Trash']));
  });

  it('tells an IDLE connection about mail appended by another client', async () => {
    const watcher = await login(user);
    await watcher.mailboxOpen('INBOX');
    const before = watcher.mailbox === false ? 0 : watcher.mailbox.exists;
    const sawExists = new Promise<number>((resolve) => watcher.on('exists', (event: { count: number }) => resolve(event.count)));
    const idling = watcher.idle();

    const raw = await buildMail({ from: 'bob@example.test', to: user.email, subject: 'Lunch?', text: 'Noon at the usual place.' });
    await appendMail(user.server, user, 'INBOX', raw);

    expect(await sawExists).toBe(before + 1);
    await watcher.noop(); // ends IDLE
    await idling;
  });

  it('drops a user\'s connections on kickDovecotUser, as a server restart would', async () => {
    const client = await login(user);
    const closed = new Promise<void>((resolve) => client.once('close', () => resolve()));
    await kickDovecotUser(inject('dovecot').dir, user.email);
    await closed;
    expect(client.usable).toBe(false);
  });

  it('moves a message with MOVE and reports its new UID (UIDPLUS)', async () => {
    const messageId = `<move-${Date.now()}@example.test>`;
    const raw = await buildMail({ from: 'news@example.test', to: user.email, subject: 'Weekly digest', text: 'Read more…', messageId });
    const uid = await appendMail(user.server, user, 'INBOX', raw, ['\\Seen']);

    const moved = await withPeer(user.server, user, async (client) => {
      const lock = await client.getMailboxLock('INBOX');
      try {
        return await client.messageMove(String(uid), 'Archive', { uid: true });
      } finally {
        lock.release();
      }
    });

    expect(moved && moved.uidMap?.get(uid)).toBeGreaterThan(0);
    const archived = await listMessages(user.server, user, 'Archive');
    expect(archived).toContainEqual({ uid: moved && moved.uidMap?.get(uid), messageId, subject: 'Weekly digest', flags: ['\\Seen'] });
    expect((await listMessages(user.server, user, 'INBOX')).map((m) => m.messageId)).not.toContain(messageId);
  });
});

describe('keychain', () => {
  it('reaches this worker through DBUS_SESSION_BUS_ADDRESS set in globalSetup', () => {
    expect(process.env.DBUS_SESSION_BUS_ADDRESS).toBe(inject('keyring').busAddress);
  });

  it('stores, reads and deletes a secret with @napi-rs/keyring, in the test gnome-keyring', () => {
    const account = `harness-${process.pid}-${Date.now()}`;
    // Default options, as the app uses them: this must land in the Secret Service, not in a fallback.
    const entry = new Entry('steward-harness-test', account);
    entry.setPassword('s3cret');
    expect(entry.getPassword()).toBe('s3cret');

    // Ask the keyring itself, through libsecret, that the secret is really there.
    const lookup = execFileSync('secret-tool', ['lookup', 'service', 'steward-harness-test', 'username', account], { encoding: 'utf8' });
    expect(lookup).toBe('s3cret');

    expect(entry.deletePassword()).toBe(true);
    expect(entry.getPassword()).toBeNull();
  });
});

describe('SMTP sink', () => {
  let sink: SmtpSink;

  beforeAll(async () => {
    sink = await startSmtpSink();
  });

  afterAll(async () => {
    await sink.stop();
  });

  it('receives what nodemailer sends and waitFor sees it', async () => {
    const transport = createTransport({ host: sink.host, port: sink.port, secure: false, auth: { user: 'alice@example.test', pass: 'anything' } });
    const sending = transport.sendMail({ from: 'alice@example.test', to: 'bob@example.test', bcc: 'carol@example.test', subject: 'Contract', text: 'Signed copy attached.' });
    const received = await sink.waitFor((mail) => mail.subject === 'Contract');
    await sending;

    expect(received.envelope).toEqual({ from: 'alice@example.test', to: ['bob@example.test', 'carol@example.test'] });
    expect(received.authUser).toBe('alice@example.test');
    expect(received.text?.trim()).toBe('Signed copy attached.');
    expect(received.raw).not.toContain('carol@example.test');
    transport.close();
  });

  it('shows a worker what the run-wide sink received', async () => {
    const to = `rcpt-${process.pid}-${Date.now()}@example.test`;
    const transport = createTransport({ ...smtpServer(), secure: false });
    await transport.sendMail({ from: 'alice@example.test', to, subject: 'Via the shared sink', text: 'Hello.' });
    transport.close();

    const received = await waitForSmtpMail((mail) => mail.envelope.to.includes(to));
    expect(received.subject).toBe('Via the shared sink');
  });
});

describe('Radicale', () => {
  const event = (uid: string, summary: string) =>
    ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//Harness//EN', 'BEGIN:VEVENT', `UID:${uid}`, 'DTSTAMP:20240515T080000Z', 'DTSTART:20240515T090000Z', 'DTEND:20240515T100000Z', `SUMMARY:${summary}`, 'END:VEVENT', 'END:VCALENDAR', ''].join('\r\n');

  async function syncToken(login: CalDavLogin, calendarUrl: string, token = ''): Promise<{ status: number; body: string }> {
    const response = await fetch(calendarUrl, {
      method: 'REPORT',
      headers: { Authorization: `Basic ${Buffer.from(`${login.user}:${login.password}`).toString('base64')}`, 'Content-Type': 'application/xml' },
      body: `<?xml version="1.0"?><D:sync-collection xmlns:D="DAV:"><D:sync-token>${token}</D:sync-token><D:sync-level>1</D:sync-level><D:prop><D:getetag/></D:prop></D:sync-collection>`,
    });
    return { status: response.status, body: await response.text() };
  }

  it('serves CalDAV discovery and refuses a wrong password', async () => {
    const user = await createCalDavUser();
    const wellKnown = await fetch(new URL('.well-known/caldav', user.url), { method: 'PROPFIND', redirect: 'manual', headers: { Depth: '0' } });
    expect([301, 302, 303, 307, 308]).toContain(wellKnown.status);
    const denied = await fetch(user.url, { method: 'PROPFIND', headers: { Depth: '0', Authorization: `Basic ${Buffer.from(`${user.user}:wrong`).toString('base64')}` } });
    expect(denied.status).toBe(401);
  });

  it('keeps what another client puts, lists it, and changes the sync token when it changes', async () => {
    const user = await createCalDavUser();
    const calendar = await makeCalendar(user, 'work', 'Work');
    const first = await syncToken(user, calendar);
    const token = /<(?:\w+:)?sync-token>([^<]+)</.exec(first.body)?.[1];
    expect(token).toMatch(/^http:\/\/radicale.org\/ns\/sync\//);

    const put = await putIcs(user, calendar, 'standup.ics', event('standup-1', 'Standup'));
    expect(put.etag).toBeTruthy();
    expect((await getIcs(user, put.url))?.ics).toContain('SUMMARY:Standup');
    expect(await listObjectUrls(user, calendar)).toEqual([put.url]);

    const changes = await syncToken(user, calendar, token);
    expect(changes.status).toBe(207);
    expect(changes.body).toContain('standup.ics');
    expect(/<(?:\w+:)?sync-token>([^<]+)</.exec(changes.body)?.[1]).not.toBe(token);

    await deleteIcs(user, put.url);
    expect(await getIcs(user, put.url)).toBeNull();
  });

  it('answers an expired sync token with 403 valid-sync-token', async () => {
    const user = await createCalDavUser();
    const calendar = await makeCalendar(user, 'home');
    await putIcs(user, calendar, 'a.ics', event('a', 'A'));
    const token = /<(?:\w+:)?sync-token>([^<]+)</.exec((await syncToken(user, calendar)).body)?.[1] ?? '';
    expect(await expireRadicaleSyncTokens(inject('radicale').dir, user.user, 'home')).toBeGreaterThan(0);
    // Radicale answers "nothing changed" without looking the old token up, so change something.
    await putIcs(user, calendar, 'b.ics', event('b', 'B'));
    const refused = await syncToken(user, calendar, token);
    expect(refused.status).toBe(403);
    expect(refused.body).toContain('valid-sync-token');
  });
});
