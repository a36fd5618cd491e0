/**
 * The whole path inside the engine, against the real Dovecot and the real OS keychain: a mail
 * arrives → a suggestion → approval → the gate's ticket → the action on the server → the
 * ledger → undo.
 */
import { afterEach, describe, expect, inject, it } from 'vitest';
import type { EngineApi } from '../../shared/api/contract.js';
import type { Suggestion } from '../../shared/domain/types.js';
import { accountInput, createImapUser, deliver, errorOf, leaveRunAsCrashed, newsletter, question, startTestEngine, type EngineHarness } from '../engine-fixture.js';
import type { ImapUser } from '../fixtures.js';
import { listMessages, withPeer } from '../servers/imap-peer.js';
import { waitUntil } from '../wait-until.js';

let harness: EngineHarness | null = null;
afterEach(async () => {
  await harness?.dispose();
  harness = null;
});

async function openSuggestions(api: EngineApi, count: number): Promise<Suggestion[]> {
  return waitUntil(`${count} open suggestions`, async () => {
    const list = await api.listSuggestions();
    return list.filter((s) => s.status === 'pending').length === count ? list : undefined;
  });
}

/** A fresh account watched by a fresh engine, with one newsletter suggested. */
async function oneNewsletterSuggested(): Promise<{ h: EngineHarness; user: ImapUser; api: EngineApi; archive: Suggestion | undefined }> {
  const user = await createImapUser();
  harness = startTestEngine();
  const api = harness.engine.apiFor('ui');
  await api.addAccount(accountInput(user));
  await deliver(user, newsletter(1));
  const [archive] = await openSuggestions(api, 1);
  return { h: harness, user, api, archive };
}

/** How many times Dovecot logged this user in (its log says so, line by line). */
async function dovecotLogins(email: string): Promise<number> {
  const { readFile } = await import('node:fs/promises');
  const log = await readFile(`${inject('dovecot').dir}/dovecot.log`, 'utf8');
  return log.split('\n').filter((line) => line.includes('Login: user=<' + email + '>')).length;
}

describe('engine against a real IMAP server', () => {
  it('turns a newsletter and a question into suggestions, archives with approval, undoes, and records it all', async () => {
    const user = await createImapUser();
    harness = startTestEngine();
    const api = harness.engine.apiFor('ui');

    // Quiet hours (22:00-07:00 by default) would hold the question at night: this test is about urgency.
    await api.setConfig({ key: 'interruptions.quietHours', value: null });
    const account = await api.addAccount(accountInput(user));
    expect(account.email).toBe(user.email);
    await waitUntil('the first sync', async () => (await api.listAccounts())[0]?.connection.state === 'connected');

    const created: { title: string; interrupt: boolean }[] = [];
    harness.engine.events.subscribe((e) => {
      if (e.type === 'suggestion.created') created.push({ title: e.suggestion.title, interrupt: e.suggestion.interrupt });
    });
    await deliver(user, newsletter(1));
    await deliver(user, question());
    const suggestions = await openSuggestions(api, 2);
    // Newsletters wait quietly in the popover; a person's question interrupts.
    expect(created).toEqual(
      expect.arrayContaining([
        { title: 'Archive 1 newsletter', interrupt: false },
        { title: 'Reply to Bob Chen about Q3 contract', interrupt: true },
      ]),
    );
    const archive = suggestions.find((s) => s.kind === 'newsletters');
    const reply = suggestions.find((s) => s.kind === 'reply');
    expect(archive?.title).toBe('Archive 1 newsletter');
    expect(archive?.actions[0]).toMatchObject({ capability: 'email.archive', status: 'proposed', decision: 'ask', risk: 'reversible' });
    expect(reply?.title).toBe('Reply to Bob Chen about Q3 contract');
    expect(reply?.why).toContain('Can you send me the signed contract by Friday?');

    // Nothing happened on the server before approval.
    expect((await listMessages(user.server, user, 'INBOX')).map((m) => m.subject)).toHaveLength(2);

    const done = await api.approveSuggestion({ id: archive!.id, revision: archive!.revision });
    expect(done.status).toBe('done');
    expect(done.actions[0]?.result).toBe('Moved 1 message from INBOX to Archive');
    expect((await listMessages(user.server, user, 'Archive')).map((m) => m.subject)).toEqual(['This week in tools, issue 1']);
    expect((await listMessages(user.server, user, 'INBOX')).map((m) => m.subject)).toEqual(['Q3 contract']);

    const undone = await api.undo({ id: done.actions[0]!.id });
    expect(undone[0]?.status).toBe('undone');
    expect(await listMessages(user.server, user, 'Archive')).toEqual([]);
    expect((await listMessages(user.server, user, 'INBOX')).map((m) => m.subject).sort()).toEqual(['Q3 contract', 'This week in tools, issue 1']);

    // The newsletter came back with a new UID: it must not be proposed again.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect((await api.listSuggestions()).filter((s) => s.kind === 'newsletters' && s.status === 'pending')).toEqual([]);

    // The reply plan saves a draft (never sends), marked so that undo finds exactly it.
    const drafted = await api.approveSuggestion({ id: reply!.id });
    expect(drafted.status).toBe('done');
    const drafts = await listMessages(user.server, user, 'Drafts');
    expect(drafts.map((m) => m.subject)).toEqual(['Re: Q3 contract']);
    expect(drafts[0]?.flags).toContain('\\Draft');
    await api.undo({ id: reply!.id });
    expect(await listMessages(user.server, user, 'Drafts')).toEqual([]);
    expect((await listMessages(user.server, user, 'Trash')).map((m) => m.subject)).toEqual(['Re: Q3 contract']);

    const kinds = (await api.listLedger({ limit: 100 })).map((e) => e.kind).reverse();
    expect(kinds).toEqual([
      'config.changed',
      'account.added',
      'gate.asked',
      'gate.asked',
      'suggestion.approved',
      'gate.allowed',
      'action.executed',
      // Undo passes the gate too: only a person may ask for it.
      'gate.allowed',
      'action.undone',
      'suggestion.approved',
      'gate.allowed',
      'action.executed',
      'gate.allowed',
      'action.undone',
    ]);
    expect(await api.verifyLedger()).toMatchObject({ ok: true, checked: kinds.length });
    expect((await api.listActivity()).map((a) => a.status)).toEqual(['undone', 'undone']);
  });

  it('gathers newsletters into one suggestion that grows, and refuses a stale approval', async () => {
    const user = await createImapUser();
    harness = startTestEngine();
    const api = harness.engine.apiFor('cli');
    await api.addAccount(accountInput(user));
    await deliver(user, newsletter(1));
    const [first] = await openSuggestions(api, 1);
    expect(first?.title).toBe('Archive 1 newsletter');

    await deliver(user, newsletter(2));
    await deliver(user, newsletter(3));
    const grown = await waitUntil('the suggestion to grow', async () => {
      const [s] = await api.listSuggestions();
      return s?.title === 'Archive 3 newsletters' ? s : undefined;
    });
    expect(grown.id).toBe(first?.id);
    expect(grown.revision).toBeGreaterThan(first!.revision);

    const stale = await errorOf(api.approveSuggestion({ id: first!.id, revision: first!.revision }));
    expect(stale.code).toBe('conflict');
    expect(stale.message).toMatch(/changed since you saw it/);
    expect(await listMessages(user.server, user, 'Archive')).toEqual([]);

    const done = await api.approveSuggestion({ id: grown.id.slice(0, 8), revision: grown.revision });
    expect(done.status).toBe('done');
    expect(await listMessages(user.server, user, 'Archive')).toHaveLength(3);
    expect(await listMessages(user.server, user, 'INBOX')).toHaveLength(0);
  });

  it('while paused, refuses approvals, and holds approved work that has not started until the resume', async () => {
    const user = await createImapUser();
    harness = startTestEngine();
    const api = harness.engine.apiFor('ui');
    await api.addAccount(accountInput(user));
    await deliver(user, newsletter(1));
    await deliver(user, question());
    const suggestions = await openSuggestions(api, 2);
    const archive = suggestions.find((s) => s.kind === 'newsletters')!;
    const reply = suggestions.find((s) => s.kind === 'reply')!;

    await api.pause({ reason: 'testing the brake' });
    const refused = await errorOf(api.approveSuggestion({ id: archive.id }));
    expect(refused.code).toBe('paused');
    expect((await listMessages(user.server, user, 'INBOX'))).toHaveLength(2);

    // Paused persists across a restart of the engine.
    await harness.engine.stop();
    const restarted = harness.restart();
    const api2 = restarted.apiFor('ui');
    expect((await api2.getStatus()).paused).toBe(true);
    await api2.resume();

    // Two approvals queued, then the brake: whatever had not started waits, and does not start.
    const first = api2.approveSuggestion({ id: archive.id });
    const second = api2.approveSuggestion({ id: reply.id });
    await api2.pause();
    const [a, b] = await Promise.allSettled([first, second]);
    expect(b.status === 'fulfilled' ? b.value.status : 'rejected').toBe('running');
    const waiting = (await api2.getSuggestion({ id: reply.id })).actions[0];
    expect(waiting).toMatchObject({ status: 'held', canUndo: true });
    expect(await listMessages(user.server, user, 'Drafts')).toEqual([]);
    if (a.status === 'fulfilled' && a.value.status !== 'done') {
      expect(await listMessages(user.server, user, 'Archive')).toEqual([]);
    }
    const ledger = await api2.listLedger({ limit: 100 });
    expect(ledger.map((e) => e.kind)).toContain('engine.paused');
    expect(ledger.find((e) => e.kind === 'action.held' && e.actionId === waiting?.id)?.summary).toMatch(/waits while Steward is paused\. It runs when you resume/);
    expect(ledger.map((e) => e.kind)).not.toContain('action.cancelled');

    // Paused across a restart, it still waits; the resume runs it, once.
    await restarted.stop();
    const api3 = harness.restart().apiFor('ui');
    expect((await api3.getSuggestion({ id: reply.id })).actions[0]?.status).toBe('held');
    expect((await api3.listActivity({ limit: 10 })).find((x) => x.id === waiting?.id)).toMatchObject({ status: 'held', canUndo: true });
    await api3.resume();
    await waitUntil('the held reply drafted after the resume', async () => (await api3.getSuggestion({ id: reply.id })).status === 'done');
    expect(await listMessages(user.server, user, 'Drafts')).toHaveLength(1);
    // The archive ran before the pause, was cut short by it, or waited and ran now: never cancelled.
    await waitUntil('the archive settled', async () => (await api3.getSuggestion({ id: archive.id })).status !== 'running');
    expect(['done', 'interrupted']).toContain((await api3.getSuggestion({ id: archive.id })).actions[0]?.status);
    expect(await api3.verifyLedger()).toMatchObject({ ok: true });
  });

  it('rejects bad input at the boundary with words, and changes nothing', async () => {
    const user = await createImapUser();
    harness = startTestEngine();
    const api = harness.engine.apiFor('web');

    const wrongPassword = await errorOf(api.addAccount(accountInput(user, { password: 'not-the-password' })));
    expect(wrongPassword.code).toBe('auth_failed');
    expect(wrongPassword.message).toMatch(/IMAP login failed for .* Check the user name and the password/);
    expect(wrongPassword.message).not.toContain('not-the-password');

    const unreachable = await errorOf(api.addAccount(accountInput(user, { port: 1 })));
    expect(unreachable.code).toBe('connection_failed');
    expect(unreachable.message).toMatch(/Nothing answered at 127\.0\.0\.1:1/);

    const badEmail = await errorOf(api.addAccount({ ...accountInput(user), email: 'not an email' }));
    expect(badEmail.code).toBe('invalid_input');
    expect(badEmail.message).toMatch(/^email: /);

    const unknown = await errorOf(api.approveSuggestion({ id: 'ffffffff-0000-0000-0000-000000000000' }));
    expect(unknown.code).toBe('not_found');
    const undoUnknown = await errorOf(api.undo({ id: 'nope-nope' }));
    expect(undoUnknown.code).toBe('not_found');
    const junk = await errorOf(api.setGrant({ app: 'imap', capability: 'email.delete-forever', mode: 'allow' } as never));
    expect(junk.code).toBe('invalid_input');

    expect(await api.listAccounts()).toEqual([]);
    expect(await api.listLedger()).toEqual([]);
  });

  it('archives exactly the message on the card, even when another message shares its Message-ID', async () => {
    const user = await createImapUser();
    harness = startTestEngine();
    const api = harness.engine.apiFor('ui');
    await api.addAccount(accountInput(user));
    await deliver(user, { from: '"Dana" <dana@partner.example>', subject: 'Important contract', text: 'Signed copy attached.', messageId: '<shared@x.example>' });
    // A bulk-looking mail whose bare Message-ID collides with the important one.
    await withPeer(user.server, user, (client) =>
      client.append(
        'INBOX',
        ['From: Deals <deals@shop.example>', `To: ${user.email}`, 'Subject: Weekly deals', 'Message-ID: shared@x.example', 'List-Unsubscribe: <https://shop.example/u>', '', 'Buy now.'].join('\r\n'),
      ),
    );
    const [archive] = await openSuggestions(api, 1);
    expect(archive?.title).toBe('Archive 1 newsletter');
    const done = await api.approveSuggestion({ id: archive!.id });
    expect(done.status).toBe('done');
    expect((await listMessages(user.server, user, 'INBOX')).map((m) => m.subject)).toEqual(['Important contract']);
    expect((await listMessages(user.server, user, 'Archive')).map((m) => m.subject)).toEqual(['Weekly deals']);
    await api.undo({ id: archive!.id });
    expect((await listMessages(user.server, user, 'Archive')).map((m) => m.subject)).toEqual([]);
    expect((await listMessages(user.server, user, 'INBOX')).map((m) => m.subject).sort()).toEqual(['Important contract', 'Weekly deals']);
  });

  it('keeps going past malformed mail', async () => {
    const user = await createImapUser();
    harness = startTestEngine();
    const api = harness.engine.apiFor('ui');
    await api.addAccount(accountInput(user));
    await withPeer(user.server, user, async (client) => {
      await client.append('INBOX', 'Subject: \u0000broken\r\nContent-Type: multipart/mixed; boundary="never-closed"\r\n\r\n--never-closed\r\nContent-Transfer-Encoding: base64\r\n\r\n@@@not base64@@@');
      await client.append('INBOX', 'no headers at all, just text with a question? can you see it?');
    });
    await deliver(user, question());
    const [reply] = await openSuggestions(api, 1);
    expect(reply?.kind).toBe('reply');
    // The suggestion comes from INBOX while the watcher may still be syncing the other folders;
    // the broken mail must not have left an error once that sync is over.
    const settled = await waitUntil('the sync to finish', async () => {
      const connection = (await api.listAccounts())[0]?.connection;
      return connection?.state === 'syncing' ? undefined : connection;
    });
    expect(settled).toMatchObject({ state: 'connected', lastError: null });
  });

  it('reconnects when the server drops the connection, and catches up on what arrived meanwhile', async () => {
    const user = await createImapUser();
    harness = startTestEngine();
    const api = harness.engine.apiFor('ui');
    await api.addAccount(accountInput(user));
    await waitUntil('connected', async () => (await api.listAccounts())[0]?.connection.state === 'connected');

    const { kickDovecotUser } = await import('../servers/dovecot.js');
    const { inject } = await import('vitest');
    await kickDovecotUser(inject('dovecot').dir, user.email);
    await waitUntil('the engine to notice the drop', async () => {
      const c = (await api.listAccounts())[0]?.connection;
      return c?.state === 'reconnecting' || c?.state === 'connecting' || c?.state === 'syncing' ? c : undefined;
    }, 5_000);
    await deliver(user, question());
    const [reply] = await openSuggestions(api, 1);
    expect(reply?.kind).toBe('reply');
    expect((await api.listAccounts())[0]?.connection.state).toBe('connected');
  });

  it('after a crash in the middle of an action, marks it interrupted and retries it without doing it twice', async () => {
    const { h, user, archive } = await oneNewsletterSuggested();
    await h.engine.stop();

    // Simulate the crash: the step was claimed as running and the process died.
    leaveRunAsCrashed(h.dataDir, archive!.id, `status = 'running'`);

    const api2 = h.restart().apiFor('ui');
    const after = await api2.getSuggestion({ id: archive!.id });
    expect(after.status).toBe('failed');
    expect(after.actions[0]).toMatchObject({ status: 'interrupted' });
    expect(after.actions[0]?.error).toMatch(/Steward stopped while this step was running/);

    const retried = await api2.approveSuggestion({ id: archive!.id });
    expect(retried.status).toBe('done');
    expect(await listMessages(user.server, user, 'Archive')).toHaveLength(1);
    // Retrying once more finds nothing left to do rather than failing or duplicating.
    const again = await errorOf(api2.approveSuggestion({ id: archive!.id }));
    expect(again.code).toBe('conflict');
    expect(await listMessages(user.server, user, 'Archive')).toHaveLength(1);
  });

  it('after a crash between approval and start, cancels the waiting steps so the plan can be approved again', async () => {
    const { h, archive } = await oneNewsletterSuggested();
    await h.engine.stop();

    leaveRunAsCrashed(h.dataDir, archive!.id, `status = 'approved'`);

    const api2 = h.restart().apiFor('ui');
    const after = await api2.getSuggestion({ id: archive!.id });
    expect(after.status).toBe('cancelled');
    expect(after.actions[0]).toMatchObject({ status: 'cancelled', error: expect.stringMatching(/stopped before this step started/) as string });
    expect((await api2.approveSuggestion({ id: archive!.id })).status).toBe('done');
  });

  it('after a crash right after the server did the work, finds it done and keeps it undoable', async () => {
    const { h, user, api, archive } = await oneNewsletterSuggested();
    await api.approveSuggestion({ id: archive!.id });
    await h.engine.stop();

    // The move happened on the server, but the process died before recording it.
    leaveRunAsCrashed(h.dataDir, archive!.id, `status = 'running', result = NULL, undo_json = NULL, executed_at = NULL`);

    const api2 = h.restart().apiFor('ui');
    const confirmed = await waitUntil('the interrupted step to be confirmed on the server', async () => {
      const s = await api2.getSuggestion({ id: archive!.id });
      return s.status === 'done' ? s : undefined;
    });
    expect(confirmed.actions[0]).toMatchObject({ status: 'done', canUndo: true, result: expect.stringMatching(/confirmed after an interruption/) as string });
    await api2.undo({ id: archive!.id });
    expect(await listMessages(user.server, user, 'INBOX')).toHaveLength(1);
    expect(await listMessages(user.server, user, 'Archive')).toHaveLength(0);
  });

  it('never leaves moved mail unrecorded when paused in the middle of a large archive', async () => {
    const user = await createImapUser();
    harness = startTestEngine();
    const api = harness.engine.apiFor('ui');
    await api.addAccount(accountInput(user));
    const { withPeer: peer } = await import('../servers/imap-peer.js');
    const { buildMail } = await import('../servers/imap-peer.js');
    await peer(user.server, user, async (client) => {
      for (let i = 0; i < 150; i++) await client.append('INBOX', await buildMail({ ...newsletter(i), to: user.email }));
    });
    const archive = await waitUntil('the big suggestion', async () => {
      const [s] = await api.listSuggestions();
      return s?.title === 'Archive 150 newsletters' ? s : undefined;
    }, 20_000);
    const approval = api.approveSuggestion({ id: archive.id });
    // The pause lands while the step runs (not before it starts, not after it is recorded).
    const deadline = Date.now() + 10_000;
    while ((await api.getSuggestion({ id: archive.id })).actions[0]?.status !== 'running') {
      if (Date.now() > deadline) throw new Error('the archive step never started');
      await new Promise((resolve) => setImmediate(resolve));
    }
    await api.pause({ reason: 'mid-flight' });
    await approval.catch(() => undefined);
    const final = await api.getSuggestion({ id: archive.id });
    const step = final.actions[0];
    const inArchive = (await listMessages(user.server, user, 'Archive')).length;
    const inInbox = (await listMessages(user.server, user, 'INBOX')).length;
    const entries = (await api.listLedger({ limit: 100 })).filter((e) => e.actionId === step?.id).map((e) => e.kind);
    expect(inArchive + inInbox).toBe(150);
    expect(await api.verifyLedger()).toMatchObject({ ok: true });
    await api.resume();
    if (inArchive > 0) {
      // The server moved them before the pause cut in: recorded as done, with the count, once.
      expect(step).toMatchObject({ status: 'done', canUndo: true, result: expect.stringContaining(`Moved ${inArchive} message`) as string });
      expect(entries.filter((k) => k === 'action.executed')).toHaveLength(1);
      await api.undo({ id: archive.id });
      expect(await listMessages(user.server, user, 'INBOX')).toHaveLength(150);
    } else {
      // Cut before the server moved anything: interrupted, recorded as such, and approvable again.
      expect(step).toMatchObject({ status: 'interrupted' });
      expect(entries).toContain('action.failed');
      expect(entries).not.toContain('action.executed');
      expect((await api.approveSuggestion({ id: archive.id })).status).toBe('done');
      expect(await listMessages(user.server, user, 'Archive')).toHaveLength(150);
    }
  });

  it('refuses a second engine on the same data folder', async () => {
    harness = startTestEngine();
    const { startEngine } = await import('../../electron/engine/index.js');
    expect(() => startEngine({ dataDir: harness!.dataDir, mode: 'cli', watch: false })).toThrow(/Another Steward is using/);
  });

  it('takes a new password only after the server accepts it, and reconnects with it', async () => {
    const user = await createImapUser();
    harness = startTestEngine();
    const api = harness.engine.apiFor('ui');
    const account = await api.addAccount(accountInput(user));
    await waitUntil('the first connection', async () => (await api.listAccounts())[0]?.connection.state === 'connected');
    // The user changes the password at their provider: a new one, not the same again, so that
    // keeping the old one or testing the wrong one would show.
    const { changeDovecotPassword, kickDovecotUser } = await import('../servers/dovecot.js');
    const newPassword = 'f'.repeat(user.password.length);
    await changeDovecotPassword(inject('dovecot').dir, user.email, user.password, newPassword);
    const wrong = await errorOf(api.updateAccountPassword({ id: account.id, password: user.password }));
    expect(wrong.code).toBe('auth_failed');
    const { AsyncEntry } = await import('@napi-rs/keyring');
    const entry = new AsyncEntry('Steward', `account:${account.id}:password`, { linux: { store: 'secret-service' } });
    expect(await entry.getPassword()).toBe(user.password);

    const updated = await api.updateAccountPassword({ id: account.id, password: newPassword });
    expect(updated.id).toBe(account.id);
    expect(await entry.getPassword()).toBe(newPassword);
    // Cut the connection: only the new password can log in again now.
    await waitUntil('the reconnect', async () => (await api.listAccounts())[0]?.connection.state === 'connected');
    const loginsBefore = await dovecotLogins(user.email);
    await kickDovecotUser(inject('dovecot').dir, user.email);
    await waitUntil(
      'a new login, with the new password',
      async () => (await dovecotLogins(user.email)) > loginsBefore && (await api.listAccounts())[0]?.connection.state === 'connected',
      15_000,
    );
    expect((await api.listLedger({ limit: 5 }))[0]).toMatchObject({ kind: 'account.updated', actor: 'user:ui' });
  });

  it('runs a plan the user allowed in advance without asking, and records who allowed it', async () => {
    const user = await createImapUser();
    harness = startTestEngine();
    const api = harness.engine.apiFor('ui');
    await api.setGrant({ app: 'imap', capability: 'email.archive', mode: 'allow' });
    await api.addAccount(accountInput(user));
    await deliver(user, newsletter(1));
    await waitUntil('the newsletter to be archived by itself', async () => (await listMessages(user.server, user, 'Archive')).length === 1);
    const [s] = await api.listSuggestions({ include: 'all' });
    expect(s).toMatchObject({ status: 'done', title: 'Archive 1 newsletter' });
    const ledger = await api.listLedger({ limit: 10 });
    expect(ledger.find((e) => e.kind === 'action.executed')?.actor).toBe('engine (allowed by your permissions)');
    expect(ledger.find((e) => e.kind === 'gate.allowed' && e.detail.stage === 'propose')).toBeDefined();
  });

  it('stops reading mail when Read mail is not allowed, and picks up again when it is', async () => {
    const user = await createImapUser();
    harness = startTestEngine();
    const api = harness.engine.apiFor('ui');
    await api.addAccount(accountInput(user));
    await waitUntil('connected', async () => (await api.listAccounts())[0]?.connection.state === 'connected');
    await api.setGrant({ app: 'imap', capability: 'email.read', mode: 'deny' });
    const [stopped] = await api.listAccounts();
    expect(stopped?.connection).toMatchObject({ state: 'stopped', lastError: expect.stringMatching(/not allowed to read/) as string });
    await deliver(user, question());
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(await api.listSuggestions()).toEqual([]);
    await api.setGrant({ app: 'imap', capability: 'email.read', mode: 'allow' });
    const [reply] = await openSuggestions(api, 1);
    expect(reply?.kind).toBe('reply');
  });

  it('treats an undo that already happened (the record was lost) as done, not as a failure', async () => {
    const user = await createImapUser();
    harness = startTestEngine();
    const api = harness.engine.apiFor('ui');
    await api.addAccount(accountInput(user));
    await deliver(user, newsletter(1));
    await deliver(user, question());
    const suggestions = await openSuggestions(api, 2);
    const archive = await api.approveSuggestion({ id: suggestions.find((x) => x.kind === 'newsletters')!.id });
    const reply = await api.approveSuggestion({ id: suggestions.find((x) => x.kind === 'reply')!.id });
    // The server already did what undo would do (an earlier undo was cut short after it).
    await withPeer(user.server, user, async (client) => {
      let lock = await client.getMailboxLock('Archive');
      try {
        await client.messageMove('1:*', 'INBOX');
      } finally {
        lock.release();
      }
      lock = await client.getMailboxLock('Drafts');
      try {
        await client.messageMove('1:*', 'Trash');
      } finally {
        lock.release();
      }
    });
    const [undoneArchive] = await api.undo({ id: archive.actions[0]!.id });
    expect(undoneArchive).toMatchObject({ status: 'undone', canUndo: false });
    const [undoneDraft] = await api.undo({ id: reply.actions[0]!.id });
    expect(undoneDraft).toMatchObject({ status: 'undone', canUndo: false });
    const undoneKinds = (await api.listLedger({ limit: 4 })).filter((e) => e.kind === 'action.undone').map((e) => [e.kind, e.summary]);
    expect(undoneKinds).toEqual([
      ['action.undone', 'The draft was already in Trash'],
      ['action.undone', 'The messages were already back in INBOX'],
    ]);
  });

  it('reconnects every account at once when the shell reports a wake-up, and not on idle', async () => {
    const user = await createImapUser();
    harness = startTestEngine();
    const api = harness.engine.apiFor('shell');
    await api.addAccount(accountInput(user));
    await waitUntil('connected', async () => (await api.listAccounts())[0]?.connection.state === 'connected');
    const loginsBefore = await dovecotLogins(user.email);
    expect(loginsBefore).toBeGreaterThan(0);

    expect((await api.reportPresence({ state: 'idle' })).presence).toBe('idle');
    expect((await api.reportPresence({ state: 'suspended' })).presence).toBe('suspended');
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(await dovecotLogins(user.email)).toBe(loginsBefore);

    // A socket from before a sleep would only time out minutes later: a wake-up logs in afresh.
    expect((await api.reportPresence({ state: 'resumed' })).presence).toBe('active');
    await waitUntil('a new login', async () => ((await dovecotLogins(user.email)) > loginsBefore ? true : undefined));
    await waitUntil('connected again', async () => (await api.listAccounts())[0]?.connection.state === 'connected');
    await deliver(user, question());
    const [reply] = await openSuggestions(api, 1);
    expect(reply?.kind).toBe('reply');
  });

  it('keeps the password in the OS keychain only', async () => {
    const user = await createImapUser();
    harness = startTestEngine();
    await harness.engine.apiFor('ui').addAccount(accountInput(user));
    const { readFileSync, readdirSync } = await import('node:fs');
    for (const file of readdirSync(harness.dataDir)) {
      expect(readFileSync(`${harness.dataDir}/${file}`).includes(user.password)).toBe(false);
    }
    const { AsyncEntry } = await import('@napi-rs/keyring');
    const id = (await harness.engine.apiFor('ui').listAccounts())[0]!.id;
    expect(await new AsyncEntry('Steward', `account:${id}:password`).getPassword()).toBe(user.password);
  });
});
