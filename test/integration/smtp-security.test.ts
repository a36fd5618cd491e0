/**
 * The SMTP side of an account against real SMTP servers of the test's own: STARTTLS required and
 * never downgraded, TLS from the start refused in words by a server that does not speak it, a
 * login with its own password (kept as a keychain secret of its own, forgotten with the
 * account), and a wrong SMTP password refused before anything is stored.
 */
import { AsyncEntry } from '@napi-rs/keyring';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getCACertificates, setDefaultCACertificates } from 'node:tls';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { verifySmtp } from '../../electron/engine/connectors/smtp/smtp-verify.js';
import type { ApiError } from '../../shared/api/errors.js';
import type { Suggestion } from '../../shared/domain/types.js';
import { accountInput, createImapUser, deliver, question, startTestEngine, type EngineHarness } from '../engine-fixture.js';
import { smtpServer } from '../fixtures.js';
import { startSmtpSink, type SmtpSink } from '../servers/smtp-sink.js';
import { waitUntil } from '../wait-until.js';

const LOGIN = { user: 'smtp-user', password: 'smtp-secret' } as const;

let certDir = '';
let tlsSink: SmtpSink;
let harness: EngineHarness | null = null;

beforeAll(async () => {
  // A certificate of the test's own for 127.0.0.1, trusted by this process the way a user's
  // system trusts a real one: the product's code verifies certificates as always.
  certDir = mkdtempSync(join(tmpdir(), 'steward-smtp-tls-'));
  execFileSync('openssl', [
    'req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=127.0.0.1',
    '-addext', 'subjectAltName=IP:127.0.0.1', '-keyout', join(certDir, 'key.pem'), '-out', join(certDir, 'cert.pem'),
  ], { stdio: 'ignore' });
  const cert = readFileSync(join(certDir, 'cert.pem'), 'utf8');
  setDefaultCACertificates([...getCACertificates('default'), cert]);
  tlsSink = await startSmtpSink({ tls: { key: readFileSync(join(certDir, 'key.pem'), 'utf8'), cert }, login: LOGIN });
});

afterAll(async () => {
  await tlsSink.stop();
  rmSync(certDir, { recursive: true, force: true });
});

afterEach(async () => {
  await harness?.dispose();
  harness = null;
});

async function failure(promise: Promise<unknown>): Promise<ApiError> {
  try {
    await promise;
  } catch (error) {
    return error as ApiError;
  }
  throw new Error('expected it to fail');
}

describe('SMTP security and login', () => {
  it('logs in over STARTTLS, and refuses a wrong password in words', async () => {
    const ok = await verifySmtp({ host: tlsSink.host, port: tlsSink.port, security: 'starttls', username: LOGIN.user, password: LOGIN.password });
    expect(ok).toBe(`outgoing mail: logged in to 127.0.0.1:${tlsSink.port}, STARTTLS as smtp-user`);
    const wrong = await failure(verifySmtp({ host: tlsSink.host, port: tlsSink.port, security: 'starttls', username: LOGIN.user, password: 'nope' }));
    expect(wrong.code).toBe('auth_failed');
    expect(wrong.message).toMatch(/^SMTP login failed for smtp-user at 127\.0\.0\.1:\d+: the server said .*535.*Check the SMTP user name and password/);
  });

  it('never falls back to plain text: STARTTLS that the server does not offer, or TLS it does not speak, is an error in words', async () => {
    const plain = smtpServer();
    const noStarttls = await failure(verifySmtp({ host: plain.host, port: plain.port, security: 'starttls', username: 'x', password: 'y' }));
    expect(noStarttls.code).toBe('connection_failed');
    expect(noStarttls.message).toMatch(/^Could not set up a secure connection to 127\.0\.0\.1:\d+: .*The server did not offer a working STARTTLS/);
    const noTls = await failure(verifySmtp({ host: tlsSink.host, port: tlsSink.port, security: 'tls', username: 'x', password: 'y' }));
    expect(noTls.code).toBe('connection_failed');
    expect(noTls.message).toMatch(/^Could not set up a secure connection to 127\.0\.0\.1:\d+: the server does not speak TLS from the start on this port\. Use STARTTLS/);
  });

  it('keeps a separate SMTP password as its own keychain secret, sends with it, and forgets it with the account', async () => {
    const user = await createImapUser();
    harness = startTestEngine();
    const api = harness.engine.apiFor('ui');
    const smtp = { host: tlsSink.host, port: tlsSink.port, security: 'starttls' as const, username: LOGIN.user };

    const refused = await failure(api.addAccount(accountInput(user, { smtp: { ...smtp, password: 'wrong' } })));
    expect(refused.message).toMatch(/^SMTP login failed for smtp-user/);
    expect(await api.listAccounts()).toEqual([]);

    const account = await api.addAccount(accountInput(user, { smtp: { ...smtp, password: LOGIN.password } }));
    if (account.kind !== 'imap') throw new Error('expected an IMAP account');
    expect(account.settings.smtp).toEqual({ host: tlsSink.host, port: tlsSink.port, security: 'starttls', username: 'smtp-user', ownPassword: true });
    const secret = new AsyncEntry('Steward', `account:${account.id}:smtp-password`, { linux: { store: 'secret-service' } });
    expect(await secret.getPassword()).toBe(LOGIN.password);
    expect(JSON.stringify(await api.listAccounts())).not.toContain(LOGIN.password);

    await api.setConfig({ key: 'mail.undoSendSeconds', value: 0 });
    await deliver(user, question());
    const reply = await waitUntil('the reply suggestion', async () => (await api.listSuggestions()).find((s) => s.kind === 'reply'));
    const queued: Suggestion = await api.approveSuggestion({ id: reply.id, send: true });
    const stepId = queued.actions[0]?.id ?? '';
    const received = await tlsSink.waitFor((mail) => mail.raw.includes(`X-Steward-Action: ${stepId}`), 20_000);
    expect(received.authUser).toBe('smtp-user');

    await api.removeAccount({ id: account.id });
    expect(await secret.getPassword()).toBeNull();
  });
});
