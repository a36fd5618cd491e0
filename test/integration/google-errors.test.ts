// What Google's failures look like to the user: real error answers (injected into the emulator's
// replies) and a real refused connection, each turned into words and a code by explainGoogleError.
import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { createGoogleAuth, endpointsAt, explainGoogleError, googleEndpoints } from '../../electron/engine/connectors/google/index.js';
import { createGmailApi } from '../../electron/engine/connectors/gmail/gmail-client.js';
import { createGmailUser } from '../fixtures.js';
import { injectGoogleFault, type GmailTestUser } from '../servers/gmail-peer.js';

async function gmailFor(user: GmailTestUser, origin?: string) {
  const endpoints = origin ? endpointsAt(origin) : googleEndpoints();
  const auth = await createGoogleAuth({
    client: { clientId: 'steward-test', clientSecret: null },
    endpoints,
    tokens: { accessToken: user.accessToken, refreshToken: 'not-used', expiresAt: Date.now() + 3_600_000, scopes: [] },
    onTokens: () => undefined,
  });
  return createGmailApi(auth, endpoints);
}

async function failureOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to fail');
}

const context = (user: GmailTestUser) => ({ doing: 'read your mailbox', account: user.email });
const googleError = (code: number, reason: string, message: string) => ({ error: { code, message, errors: [{ message, domain: 'global', reason }] } });

describe('explainGoogleError on real answers', () => {
  it.each([
    { status: 429, body: googleError(429, 'rateLimitExceeded', 'Too many requests'), code: 'unavailable', words: /limiting how fast.*tries again by itself/ },
    { status: 403, body: googleError(403, 'userRateLimitExceeded', 'User-rate limit exceeded'), code: 'unavailable', words: /limiting how fast Steward may ask \(userRateLimitExceeded\)/ },
    { status: 403, body: googleError(403, 'insufficientPermissions', 'Insufficient Permission'), code: 'denied', words: /refused \(insufficientPermissions\).*sign in again and allow it/ },
    { status: 404, body: googleError(404, 'notFound', 'Requested entity was not found.'), code: 'not_found', words: /does not exist/ },
    { status: 503, body: googleError(503, 'backendError', 'Backend Error'), code: 'unavailable', words: /had a problem \(HTTP 503\)/ },
    { status: 401, body: googleError(401, 'authError', 'Invalid Credentials'), code: 'auth_failed', words: /Sign in to Google again: Settings → Accounts → Sign in again/ },
  ])('$status $body.error.errors.0.reason → $code', async ({ status, body, code, words }) => {
    const user = await createGmailUser();
    // 401 makes the client try a refresh first; let that fail the way Google does for a dead grant.
    if (status === 401) await injectGoogleFault(user.origin, { path: '^/oauth2/token$', clientId: 'steward-test', status: 400, body: { error: 'invalid_grant' }, times: 5 });
    await injectGoogleFault(user.origin, { path: '/gmail/v1/users/[^/]+/labels$', email: user.email, status, body, times: 5 });
    const error = await failureOf((await gmailFor(user)).users.labels.list({ userId: 'me' }, { retry: false }));
    const explained = explainGoogleError(error, context(user));
    expect(explained.code).toBe(code);
    expect(explained.message.startsWith(`Steward could not read your mailbox for ${user.email}: `)).toBe(true);
    expect(explained.message).toMatch(words);
  });

  it('a connection refused is "could not be reached", not a refusal by Google', async () => {
    const user = await createGmailUser();
    const closed = await new Promise<number>((resolve) => {
      const server = createServer().listen(0, '127.0.0.1', () => {
        const { port } = server.address() as { port: number };
        server.close(() => resolve(port));
      });
    });
    const error = await failureOf((await gmailFor(user, `http://127.0.0.1:${closed}`)).users.labels.list({ userId: 'me' }, { retry: false }));
    const explained = explainGoogleError(error, context(user));
    expect(explained.code).toBe('connection_failed');
    expect(explained.message).toMatch(/Google could not be reached \(ECONNREFUSED\)\. Check the internet connection/);
  });
});
