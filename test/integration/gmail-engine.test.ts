/**
 * Gmail as a connector, the whole path inside a real engine, against the Google emulator with the
 * AgentDojo inbox loaded and the real OS keychain: signed in through the API (the browser's part
 * scripted on the emulator's consent page) → the whole mailbox reflected → new mail → suggestions
 * within the poll interval → approval → the change seen through the Gmail API → undo → the
 * ledger. Then the faults: a token that must be refreshed mid-sync, a revoked grant, expired
 * history, throttling. The same behaviour suite as IMAP's (engine.test.ts) where the two overlap.
 */
import { AsyncEntry } from '@napi-rs/keyring';
import type { gmail_v1 } from '@googleapis/gmail';
import { OAuth2Client } from 'google-auth-library';
import { afterEach, describe, expect, it } from 'vitest';
import type { ApiError } from '../../shared/api/errors.js';
import type { EngineApi } from '../../shared/api/contract.js';
import type { Account, Suggestion } from '../../shared/domain/types.js';
import { ACTIVE_POLL_MS } from '../../electron/engine/connectors/google/poll-schedule.js';
import { GMAIL_MODIFY_SCOPE, googleEndpoints } from '../../electron/engine/connectors/google/index.js';
import type { OAuthTokens } from '../../electron/engine/credentials/credential-provider.js';
import { loadWorkspace } from '../datasets/agentdojo.js';
import { leaveRunAsCrashed, leaveUndoAsCutShort, startTestEngine, undoStillUnchecked, type EngineHarness } from '../engine-fixture.js';
import { createGmailUser } from '../fixtures.js';
import { arrive, gmailNewsletter, gmailQuestion, labelsOf, signInGmail, storedMail } from '../gmail-fixture.js';
import { expireGmailHistory, injectGoogleFault, loadWorkspaceInbox, peerGmail, type GmailTestUser, type SeededInbox } from '../servers/gmail-peer.js';
import { waitUntil } from '../wait-until.js';
import { ApiError as EngineApiError } from '../../shared/api/errors.js';
import { composeEngine } from '../../electron/engine/compose.js';
import { googleOAuthRefresher } from '../../electron/engine/connectors/google/index.js';
import { openDatabase } from '../../electron/engine/db/database.js';
import { engineSchema } from '../../electron/engine/schema.js';
import { ManualClock } from '../../electron/engine/testing/memory-engine-parts.js';
import type { SecretStore } from '../../electron/engine/secrets/secret-store.js';
import { testClientId } from '../gmail-fixture.js';
import { consentAs } from '../servers/google-consent.js';
import { insertRawMessage } from '../servers/gmail-peer.js';

const workspace = loadWorkspace();

let harness: EngineHarness | null = null;
afterEach(async () => {
  await harness?.dispose();
  harness = null;
});

interface Setup {
  readonly h: EngineHarness;
  readonly api: EngineApi;
  readonly user: GmailTestUser;
  readonly peer: gmail_v1.Gmail;
  readonly seeded: SeededInbox;
  readonly account: Account;
  readonly clientId: string;
}

/** A fresh mailbox with the AgentDojo inbox, signed in to a fresh engine, first sync done. */
async function signedInWithInbox(options: { quietHoursOff?: boolean } = {}): Promise<Setup> {
  const user = await createGmailUser({ name: workspace.userName });
  const peer = peerGmail(user);
  const seeded = await loadWorkspaceInbox(peer, user, workspace);
  harness = startTestEngine();
  const api = harness.engine.apiFor('ui');
  // Quiet hours (22:00-07:00 by default) would hold a question at night: these tests are not about that.
  if (options.quietHoursOff) await api.setConfig({ key: 'interruptions.quietHours', value: null });
  const { account, clientId } = await signInGmail(api, user, { displayName: workspace.userName });
  await firstSync(api);
  // The inbox's own bulk mail (three no-reply senders) is proposed once the detectors ran on it.
  await suggestionWhere(api, 'the inbox’s newsletters', (s) => s.kind === 'newsletters' && s.title === 'Archive 3 newsletters');
  return { h: harness, api, user, peer, seeded, account, clientId };
}

async function firstSync(api: EngineApi): Promise<Account> {
  return waitUntil(
    'the first sync',
    async () => {
      const [account] = await api.listAccounts();
      return account?.connection.state === 'connected' && account.connection.lastSyncAt ? account : undefined;
    },
    60_000,
  );
}

async function connection(api: EngineApi) {
  return (await api.listAccounts())[0]?.connection;
}

async function suggestionWhere(api: EngineApi, what: string, test: (s: Suggestion) => boolean, timeoutMs = 30_000): Promise<Suggestion> {
  return waitUntil(what, async () => (await api.listSuggestions()).find(test), timeoutMs);
}

/** Asks for a poll now, the way the desktop shell does after the machine wakes. */
async function pollNow(api: EngineApi): Promise<void> {
  await api.reportPresence({ state: 'resumed' });
}

async function storedTokens(accountId: string): Promise<OAuthTokens> {
  const raw = await new AsyncEntry('Steward', `account:${accountId}:oauth`).getPassword();
  if (!raw) throw new Error('No tokens in the keychain.');
  return JSON.parse(raw) as OAuthTokens;
}

async function errorOf(promise: Promise<unknown>): Promise<ApiError> {
  try {
    await promise;
  } catch (error) {
    return error as ApiError;
  }
  throw new Error('expected the call to fail');
}

describe('Gmail through the engine', () => {
  it('reflects the whole mailbox with roles, suggests on new mail within the poll interval, and approves, undoes and records', async () => {
    const { h, api, user, peer, seeded, account } = await signedInWithInbox({ quietHoursOff: true });

    // The account as stored: the address Google reported, the client, the scopes; no secret.
    expect(account).toMatchObject({ kind: 'gmail', email: user.email, displayName: workspace.userName });
    expect(account.kind === 'gmail' && account.settings.scopes).toContain(GMAIL_MODIFY_SCOPE);
    expect(JSON.stringify(account.settings)).not.toMatch(/refresh|secret|access/i);
    expect((await api.listLedger({ limit: 5 })).map((e) => e.summary)).toContainEqual(expect.stringMatching(/^Added .* by signing in to Gmail$/));

    // The whole inbox, with roles and flags from the labels.
    const mail = storedMail(h.dataDir, account.id);
    expect(mail).toHaveLength(seeded.received + seeded.sent);
    expect(new Set(mail.map((m) => m.gmailId)).size).toBe(mail.length);
    expect(mail.filter((m) => m.roles.includes('inbox'))).toHaveLength(seeded.received);
    expect(mail.filter((m) => m.roles.includes('sent'))).toHaveLength(seeded.sent);
    expect(mail.filter((m) => m.roles.includes('inbox') && !m.flags.includes('\\Seen'))).toHaveLength(seeded.unread);
    expect(mail.find((m) => m.roles.includes('inbox'))?.folders).toContain('Inbox');
    expect(mail.find((m) => m.roles.includes('sent'))?.folders).toContain('Sent');

    const before = new Set((await api.listSuggestions()).map((s) => s.id));
    const arrivedAt = Date.now();
    const newsletterId = await arrive(peer, user, gmailNewsletter(1));
    const questionId = await arrive(peer, user, gmailQuestion());

    // Within the poll interval (with room for a loaded machine): no push, no nudge.
    const within = ACTIVE_POLL_MS + 30_000;
    const reply = await suggestionWhere(api, 'the reply suggestion', (s) => s.kind === 'reply' && s.title === 'Reply to Bob Chen about Q3 contract', within);
    const archive = await suggestionWhere(api, 'the newsletter in an archive suggestion', (s) => s.kind === 'newsletters' && s.sources.some((c) => c.subject === 'This week in tools, issue 1'), within);
    expect(Date.now() - arrivedAt).toBeLessThan(within);
    expect(before.has(reply.id)).toBe(false);
    expect(reply.why).toContain('Can you send me the signed contract by Friday?');
    expect(archive.actions[0]).toMatchObject({ capability: 'email.archive', app: 'gmail', status: 'proposed', decision: 'ask', risk: 'reversible' });
    expect(archive.actions[0]?.preview).toMatchObject({ kind: 'move', fromMailbox: 'Inbox', toMailbox: 'All Mail' });

    // Nothing changed in Gmail before the approval.
    expect(await labelsOf(peer, newsletterId)).toContain('INBOX');

    const done = await api.approveSuggestion({ id: archive.id, revision: archive.revision });
    expect(done.status).toBe('done');
    expect(done.actions[0]?.result).toMatch(/^Archived \d+ messages? \(out of the Inbox, kept in All Mail/);
    expect(await labelsOf(peer, newsletterId)).not.toContain('INBOX');
    expect(await labelsOf(peer, questionId)).toContain('INBOX');

    const [undone] = await api.undo({ id: done.actions[0]!.id });
    expect(undone?.status).toBe('undone');
    expect(await labelsOf(peer, newsletterId)).toContain('INBOX');
    // Back in the inbox, the same message is not proposed again.
    await pollNow(api);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect((await api.listSuggestions()).filter((s) => s.kind === 'newsletters' && s.sources.some((c) => c.subject === 'This week in tools, issue 1'))).toEqual([]);

    // The reply plan saves a Gmail draft in the question's thread; undo moves it to Trash.
    const drafted = await api.approveSuggestion({ id: reply.id });
    expect(drafted.status).toBe('done');
    expect(drafted.actions[0]?.result).toBe('Saved a draft to Bob Chen in Drafts: "Re: Q3 contract"');
    const drafts = (await peer.users.drafts.list({ userId: 'me' })).data.drafts ?? [];
    expect(drafts).toHaveLength(1);
    const draftMessage = (await peer.users.drafts.get({ userId: 'me', id: drafts[0]!.id! })).data.message;
    const question = (await peer.users.messages.get({ userId: 'me', id: questionId, format: 'minimal' })).data;
    expect(draftMessage?.threadId).toBe(question.threadId);
    await api.undo({ id: reply.id });
    expect(await labelsOf(peer, draftMessage!.id!)).toContain('TRASH');

    const kinds = (await api.listLedger({ limit: 100 })).map((e) => e.kind).reverse();
    expect(kinds.slice(kinds.indexOf('account.added'))).toEqual(
      expect.arrayContaining(['account.added', 'gate.asked', 'suggestion.approved', 'gate.allowed', 'action.executed', 'action.undone']),
    );
    expect(kinds.filter((k) => k === 'action.executed')).toHaveLength(2);
    expect(kinds.filter((k) => k === 'action.undone')).toHaveLength(2);
    expect(await api.verifyLedger()).toMatchObject({ ok: true, checked: kinds.length });
  }, 120_000);

  it('gathers newsletters into one suggestion that grows, and refuses a stale approval', async () => {
    const { api, user, peer } = await signedInWithInbox();
    const mine = (s: Suggestion) => s.kind === 'newsletters' && s.sources.some((c) => c.subject.startsWith('This week in tools'));
    const first = await arrive(peer, user, gmailNewsletter(1));
    await pollNow(api);
    const seen = await suggestionWhere(api, 'the first newsletter suggested', mine);
    const more = [await arrive(peer, user, gmailNewsletter(2)), await arrive(peer, user, gmailNewsletter(3))];
    await pollNow(api);
    const grown = await suggestionWhere(api, 'the suggestion to grow', (s) => mine(s) && s.sources.filter((c) => c.subject.startsWith('This week in tools')).length === 3);
    expect(grown.id).toBe(seen.id);
    expect(grown.revision).toBeGreaterThan(seen.revision);

    const stale = await errorOf(api.approveSuggestion({ id: seen.id, revision: seen.revision }));
    expect(stale.code).toBe('conflict');
    expect(stale.message).toMatch(/changed since you saw it/);
    expect(await labelsOf(peer, first)).toContain('INBOX');

    expect((await api.approveSuggestion({ id: grown.id, revision: grown.revision })).status).toBe('done');
    for (const id of [first, ...more]) expect(await labelsOf(peer, id)).not.toContain('INBOX');
  }, 120_000);

  it('refreshes an expired access token during a sync and keeps the new one in the keychain only', async () => {
    const { h, api, user, peer, account } = await signedInWithInbox();
    const before = await storedTokens(account.id);
    // The access token ran out while nobody looked.
    await new AsyncEntry('Steward', `account:${account.id}:oauth`).setPassword(JSON.stringify({ ...before, expiresAt: Date.now() - 60_000 }));
    const id = await arrive(peer, user, gmailQuestion());
    await pollNow(api);
    await waitUntil('the new message after the refresh', () => storedMail(h.dataDir, account.id).some((m) => m.gmailId === id), 30_000);

    const after = await storedTokens(account.id);
    expect(after.accessToken).not.toBe(before.accessToken);
    expect(after.refreshToken).toBe(before.refreshToken);
    expect(after.expiresAt).toBeGreaterThan(Date.now() + 50 * 60_000);
    expect(await connection(api)).toMatchObject({ state: 'connected', lastError: null });

    // Secrets never reach the data folder.
    const { readFileSync, readdirSync } = await import('node:fs');
    for (const file of readdirSync(h.dataDir)) {
      const bytes = readFileSync(`${h.dataDir}/${file}`);
      for (const secret of [after.refreshToken, after.accessToken ?? '-', before.accessToken ?? '-']) expect(bytes.includes(secret)).toBe(false);
    }
  }, 120_000);

  it('says in words when Google no longer accepts the grant, and signing in again brings the same account back', async () => {
    const { api, user, peer, account } = await signedInWithInbox();
    const tokens = await storedTokens(account.id);
    // The user withdrew Steward's access in their Google account.
    for (const token of [tokens.refreshToken, tokens.accessToken ?? '']) {
      await fetch(googleEndpoints().revoke, { method: 'POST', body: new URLSearchParams({ token }) });
    }
    const question = await arrive(peer, user, gmailQuestion());
    await pollNow(api);
    const failed = await waitUntil('the refused sign-in', async () => {
      const c = await connection(api);
      return c?.state === 'auth_failed' ? c : undefined;
    });
    expect(failed.lastError).toMatch(/Google no longer accepts Steward's sign-in .*Sign in to Google again/);
    expect(failed.nextRetryAt).toBeNull();
    expect((await api.listSuggestions()).filter((s) => s.kind === 'reply')).toEqual([]);

    const again = await signInGmail(api, user);
    expect(again.account.id).toBe(account.id);
    expect((await api.listAccounts()).map((a) => a.id)).toEqual([account.id]);
    expect((await api.listLedger({ limit: 5 })).map((e) => [e.kind, e.summary])).toContainEqual(['account.updated', expect.stringMatching(/^Signed in to .* again/) as string]);
    await suggestionWhere(api, 'the question, once signed in again', (s) => s.kind === 'reply' && s.sources.some((c) => c.subject === 'Q3 contract'));
    expect(await connection(api)).toMatchObject({ state: 'connected', lastError: null });
    expect(question).toBeTruthy();
  }, 120_000);

  it('goes through the whole mailbox again when the history expired, without duplicating anything', async () => {
    const { h, api, user, peer, account, seeded } = await signedInWithInbox();
    const itemsBefore = storedMail(h.dataDir, account.id);
    const suggestionsBefore = await api.listSuggestions();
    const question = await arrive(peer, user, gmailQuestion());
    await expireGmailHistory(user);
    await pollNow(api);
    await suggestionWhere(api, 'the question after the resync', (s) => s.kind === 'reply' && s.sources.some((c) => c.subject === 'Q3 contract'));
    await waitUntil('connected after the resync', async () => (await connection(api))?.state === 'connected');

    const itemsAfter = storedMail(h.dataDir, account.id);
    expect(itemsAfter).toHaveLength(seeded.received + seeded.sent + 1);
    expect(new Set(itemsAfter.map((m) => m.gmailId)).size).toBe(itemsAfter.length);
    // The messages Steward held kept their items (and with them any suggestion about them).
    expect(itemsAfter.slice(0, itemsBefore.length).map((m) => m.itemId)).toEqual(itemsBefore.map((m) => m.itemId));
    expect(itemsAfter.at(-1)?.gmailId).toBe(question);
    const suggestionsAfter = await api.listSuggestions();
    expect(suggestionsAfter).toHaveLength(suggestionsBefore.length + 1);
  }, 120_000);

  it('backs off when Google throttles, says so in words, and catches up afterwards', async () => {
    const { h, api, user, peer, account } = await signedInWithInbox();
    await injectGoogleFault(user.origin, {
      path: '^/gmail/v1/users/[^/]+/history$',
      email: user.email,
      status: 429,
      body: { error: { code: 429, message: 'Too many concurrent requests for user.', errors: [{ message: 'Too many concurrent requests for user.', domain: 'usageLimits', reason: 'rateLimitExceeded' }], status: 'RESOURCE_EXHAUSTED' } },
      headers: { 'retry-after': '4' },
      times: 8,
    });
    const id = await arrive(peer, user, gmailQuestion());
    await pollNow(api);
    const throttled = await waitUntil('the throttled status, with when it tries again', async () => {
      const c = await connection(api);
      return c?.state === 'reconnecting' && c.nextRetryAt !== null ? c : undefined;
    }, 30_000);
    expect(throttled.lastError).toMatch(/Google is limiting how fast Steward may ask \(rateLimitExceeded\)\. Steward waits and tries again by itself\./);
    // Google asked for 4 s: the next try waits at least that, not the first backoff step (1 s).
    expect(Date.parse(throttled.nextRetryAt ?? '') - Date.now()).toBeGreaterThan(2_500);
    await waitUntil('caught up after the throttling', () => storedMail(h.dataDir, account.id).some((m) => m.gmailId === id), 60_000);
    await waitUntil('healthy again', async () => (await connection(api))?.lastError === null);
    expect(await connection(api)).toMatchObject({ state: 'connected', nextRetryAt: null });
  }, 120_000);

  it('runs a plan the user allowed in advance without asking, and records who allowed it', async () => {
    const user = await createGmailUser();
    const peer = peerGmail(user);
    harness = startTestEngine();
    const api = harness.engine.apiFor('ui');
    await api.setGrant({ app: 'gmail', capability: 'email.archive', mode: 'allow' });
    await signInGmail(api, user);
    await firstSync(api);
    const id = await arrive(peer, user, gmailNewsletter(7));
    await pollNow(api);
    await waitUntil('the newsletter archived by itself', async () => !(await labelsOf(peer, id)).includes('INBOX'), 30_000);
    const [s] = await api.listSuggestions({ include: 'all' });
    expect(s).toMatchObject({ status: 'done', title: 'Archive 1 newsletter' });
    const ledger = await api.listLedger({ limit: 10 });
    expect(ledger.find((e) => e.kind === 'action.executed')?.actor).toBe('engine (allowed by your permissions)');
  }, 120_000);

  it('stops reading when Read mail is not allowed for Gmail, and picks up again when it is', async () => {
    const { api, user, peer } = await signedInWithInbox();
    await api.setGrant({ app: 'gmail', capability: 'email.read', mode: 'deny' });
    expect(await connection(api)).toMatchObject({ state: 'stopped', lastError: expect.stringMatching(/not allowed to read/) as string });
    await arrive(peer, user, gmailQuestion());
    await pollNow(api);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect((await api.listSuggestions()).filter((s) => s.kind === 'reply')).toEqual([]);
    await api.setGrant({ app: 'gmail', capability: 'email.read', mode: 'allow' });
    await suggestionWhere(api, 'the question once reading is allowed', (s) => s.kind === 'reply');
  }, 120_000);

  it('after a crash right after Gmail did the work, finds it done and keeps it undoable', async () => {
    const { h, api, user, peer } = await signedInWithInbox();
    const id = await arrive(peer, user, gmailNewsletter(4));
    await pollNow(api);
    const archive = await suggestionWhere(api, 'the newsletter suggested', (s) => s.kind === 'newsletters' && s.sources.some((c) => c.subject === 'This week in tools, issue 4'));
    await api.approveSuggestion({ id: archive.id });
    expect(await labelsOf(peer, id)).not.toContain('INBOX');
    await h.engine.stop();

    // Gmail archived, but the process died before recording it.
    leaveRunAsCrashed(h.dataDir, archive.id, `status = 'running', result = NULL, undo_json = NULL, executed_at = NULL`);

    const api2 = h.restart().apiFor('ui');
    const confirmed = await waitUntil('the interrupted step to be confirmed in Gmail', async () => {
      const s = await api2.getSuggestion({ id: archive.id });
      return s.status === 'done' ? s : undefined;
    }, 30_000);
    expect(confirmed.actions[0]).toMatchObject({ status: 'done', canUndo: true, result: expect.stringMatching(/confirmed after an interruption/) as string });
    await api2.undo({ id: archive.id });
    expect(await labelsOf(peer, id)).toContain('INBOX');
  }, 120_000);

  it('after a crash in the middle of an undo, asks Gmail at start-up: one undone there is recorded undone, one not is still undoable', async () => {
    const { h, api, user, peer } = await signedInWithInbox();
    const three = await suggestionWhere(api, 'the inbox’s newsletters', (s) => s.title === 'Archive 3 newsletters');
    const [notUndone] = (await api.approveSuggestion({ id: three.id })).actions;
    const id = await arrive(peer, user, gmailNewsletter(5));
    await pollNow(api);
    const single = await suggestionWhere(api, 'the newsletter suggested', (s) => s.kind === 'newsletters' && s.sources.some((c) => c.subject === 'This week in tools, issue 5'));
    const [undoneThere] = (await api.approveSuggestion({ id: single.id })).actions;
    expect(await labelsOf(peer, id)).not.toContain('INBOX');
    await h.engine.stop();

    // Both undos were under way when the process died; only the first reached Gmail.
    await peer.users.messages.modify({ userId: 'me', id, requestBody: { addLabelIds: ['INBOX'] } });
    leaveUndoAsCutShort(h.dataDir, undoneThere!.id);
    leaveUndoAsCutShort(h.dataDir, notUndone!.id);

    const api2 = h.restart().apiFor('ui');
    const confirmed = await waitUntil('the undo found done in Gmail', async () => {
      const s = await api2.getSuggestion({ id: single.id });
      return s.actions[0]?.status === 'undone' ? s : undefined;
    }, 30_000);
    expect(confirmed.actions[0]).toMatchObject({ status: 'undone', canUndo: false });
    const ledger = await api2.listLedger({ limit: 20 });
    expect(ledger.find((e) => e.kind === 'action.undone')).toMatchObject({ summary: 'Moved 1 message back to the Inbox (confirmed after an interruption)', detail: { confirmedAfter: 'restart' } });
    await waitUntil('the other undo checked', () => !undoStillUnchecked(h.dataDir, notUndone!.id), 30_000);
    expect((await api2.getSuggestion({ id: three.id })).actions[0]).toMatchObject({ status: 'done', canUndo: true });
    // Undo can be tried again, and works.
    await api2.undo({ id: three.id });
    expect((await api2.getSuggestion({ id: three.id })).actions[0]?.status).toBe('undone');
  }, 120_000);

  it('withdraws the grant at Google when the account is removed, and forgets the tokens', async () => {
    const { api, account, clientId } = await signedInWithInbox();
    const tokens = await storedTokens(account.id);
    const removed = await api.removeAccount({ id: account.id });
    expect(removed).toEqual({ id: account.id, removed: true });
    expect(await new AsyncEntry('Steward', `account:${account.id}:oauth`).getPassword()).toBeFalsy();
    expect(await api.listAccounts()).toEqual([]);

    const endpoints = googleEndpoints();
    const oauth = new OAuth2Client({ clientId, endpoints: { oauth2TokenUrl: endpoints.token } });
    oauth.setCredentials({ refresh_token: tokens.refreshToken });
    await expect(oauth.getAccessToken()).rejects.toThrow();
  }, 120_000);

  it('keeps going past malformed mail', async () => {
    const { api, user, peer } = await signedInWithInbox();
    await insertRawMessage(peer, 'Subject: \u0000broken\r\nContent-Type: multipart/mixed; boundary="never-closed"\r\n\r\n--never-closed\r\nContent-Transfer-Encoding: base64\r\n\r\n@@@not base64@@@', ['INBOX']);
    await insertRawMessage(peer, 'no headers at all, just text with a question? can you see it?', ['INBOX', 'UNREAD']);
    await arrive(peer, user, gmailQuestion());
    await pollNow(api);
    await suggestionWhere(api, 'the question past the broken mail', (s) => s.kind === 'reply' && s.title === 'Reply to Bob Chen about Q3 contract');
    expect(await connection(api)).toMatchObject({ state: 'connected', lastError: null });
  }, 120_000);

  it('withdraws the grant at Google when the sign-in cannot be kept (no keychain), and adds nothing', async () => {
    const user = await createGmailUser();
    const noKeychain: SecretStore = {
      get: () => Promise.resolve(null),
      set: () => Promise.reject(new EngineApiError('keychain_unavailable', 'There is no OS keychain here.')),
      delete: () => Promise.resolve(),
    };
    const google = googleOAuthRefresher();
    const revoked: string[] = [];
    const parts = composeEngine({
      db: openDatabase(':memory:', engineSchema()),
      clock: new ManualClock(),
      secrets: noKeychain,
      mode: 'host',
      watch: false,
      oauth: { google: { refresh: (t, a) => google.refresh(t, a), revoke: async (t, a) => (revoked.push(t.refreshToken), google.revoke?.(t, a)) } },
    });
    const clientId = testClientId();
    const start = await parts.signIns.begin({ kind: 'gmail', email: user.email, clientId }, 'user:ui');
    const [failure] = await Promise.all([parts.signIns.complete(start.signInId).catch((error: unknown) => error), consentAs(start.url, user.email)]);
    expect(failure).toMatchObject({ code: 'keychain_unavailable' });
    expect(parts.accountService.list()).toEqual([]);
    expect(revoked).toHaveLength(1);
    const oauth = new OAuth2Client({ clientId, endpoints: { oauth2TokenUrl: googleEndpoints().token } });
    oauth.setCredentials({ refresh_token: revoked[0] });
    await expect(oauth.getAccessToken()).rejects.toThrow();
    parts.db.close();
  }, 60_000);

  it('refuses what it cannot do with words, and adds nothing', async () => {
    harness = startTestEngine();
    const api = harness.engine.apiFor('web');
    const byPassword = await errorOf(api.addAccount({ kind: 'gmail', email: 'someone@example.test' }));
    expect(byPassword.code).toBe('invalid_input');
    expect(byPassword.message).toMatch(/added by signing in to Google.*steward accounts add gmail.*Sign in with Google/);

    const previous = process.env.STEWARD_GOOGLE_CLIENT_ID;
    delete process.env.STEWARD_GOOGLE_CLIENT_ID;
    try {
      const noClient = await errorOf(api.beginSignIn({ kind: 'gmail' }));
      expect(noClient.code).toBe('invalid_input');
      expect(noClient.message).toMatch(/needs a Google OAuth client ID.*Desktop app.*--client-id/);
    } finally {
      if (previous !== undefined) process.env.STEWARD_GOOGLE_CLIENT_ID = previous;
    }
    const spaces = await errorOf(api.beginSignIn({ kind: 'gmail', clientId: 'has spaces in it' }));
    expect(spaces).toMatchObject({ code: 'invalid_input', message: expect.stringMatching(/^clientId: the client ID has spaces/) as string });
    const imapSignIn = await errorOf(api.beginSignIn({ kind: 'imap' } as never));
    expect(imapSignIn.code).toBe('invalid_input');
    const unknown = await errorOf(api.completeSignIn({ signInId: 'no-such-sign-in' }));
    expect(unknown).toMatchObject({ code: 'not_found', message: expect.stringMatching(/Start the sign-in again/) as string });

    // Cancelled: the waiting call ends in words, the listener is gone.
    const start = await api.beginSignIn({ kind: 'gmail', clientId: 'steward-test.apps.googleusercontent.com' });
    const waiting = errorOf(api.completeSignIn({ signInId: start.signInId }));
    expect(await api.cancelSignIn({ signInId: start.signInId })).toEqual({ signInId: start.signInId, cancelled: true });
    expect((await waiting).message).toMatch(/cancelled/);
    const redirect = new URL(new URL(start.url).searchParams.get('redirect_uri') ?? '');
    await expect(fetch(redirect)).rejects.toThrow();

    // The user pressed Cancel on Google's page.
    const denied = await api.beginSignIn({ kind: 'gmail', clientId: 'steward-test.apps.googleusercontent.com' });
    const { denyConsent } = await import('../servers/google-consent.js');
    const [outcome] = await Promise.all([errorOf(api.completeSignIn({ signInId: denied.signInId })), denyConsent(denied.url)]);
    expect(outcome.message).toMatch(/did not allow Steward access.*choose Allow/);
    expect(await api.listAccounts()).toEqual([]);
    expect((await api.listLedger()).filter((e) => e.kind.startsWith('account.'))).toEqual([]);
  }, 60_000);
});
