import { describe, expect, it } from 'vitest';
import { ApiError } from '@shared/api/errors.js';
import { MemorySecretStore } from '../secrets/memory-secret-store.js';
import { CredentialProvider, oauthKey, type OAuthRefresher, type OAuthTokens } from './credential-provider.js';

const account = { id: 'acc-1', email: 'emma@example.test' };
const NOW = 1_800_000_000_000;

function tokens(more: Partial<OAuthTokens> = {}): OAuthTokens {
  return { provider: 'test', clientId: 'client', clientSecret: 'secret', refreshToken: 'r1', accessToken: 'a1', expiresAt: NOW + 3_600_000, scopes: ['s'], ...more };
}

/** A refresher that hands out a2, a3, … and counts its calls. */
function countingRefresher(): OAuthRefresher & { calls: number; revoked: OAuthTokens[] } {
  const refresher = {
    calls: 0,
    revoked: [] as OAuthTokens[],
    async refresh(current: OAuthTokens) {
      refresher.calls += 1;
      await new Promise((resolve) => setTimeout(resolve, 5));
      return { ...current, accessToken: `a${refresher.calls + 1}`, expiresAt: NOW + 3_600_000 };
    },
    async revoke(current: OAuthTokens) {
      refresher.revoked.push(current);
      return Promise.resolve();
    },
  };
  return refresher;
}

async function provider(stored: OAuthTokens | null, refresher: OAuthRefresher = countingRefresher()) {
  const secrets = new MemorySecretStore();
  const credentials = new CredentialProvider(secrets, { test: refresher }, () => NOW);
  if (stored) await credentials.saveOAuth(account.id, stored);
  return { secrets, credentials };
}

describe('CredentialProvider and OAuth', () => {
  it('hands out a live access token without refreshing it', async () => {
    const refresher = countingRefresher();
    const { credentials } = await provider(tokens(), refresher);
    expect(await credentials.forAccount(account).accessToken()).toBe('a1');
    expect(refresher.calls).toBe(0);
  });

  it('refreshes a token about to expire once for parallel callers, and keeps the refresh', async () => {
    const refresher = countingRefresher();
    const { credentials, secrets } = await provider(tokens({ expiresAt: NOW + 60_000 }), refresher);
    const all = await Promise.all([1, 2, 3].map(() => credentials.forAccount(account).accessToken()));
    expect(all).toEqual(['a2', 'a2', 'a2']);
    expect(refresher.calls).toBe(1);
    expect(JSON.parse((await secrets.get(oauthKey(account.id))) ?? '{}')).toMatchObject({ accessToken: 'a2', refreshToken: 'r1', clientSecret: 'secret' });
  });

  it('renews a live token when asked (the provider refused it)', async () => {
    const refresher = countingRefresher();
    const { credentials } = await provider(tokens(), refresher);
    expect(await credentials.forAccount(account).accessToken({ renew: true })).toBe('a2');
    expect(refresher.calls).toBe(1);
  });

  it('says in words when there is no sign-in, or the provider refuses to renew it', async () => {
    const none = await provider(null);
    await expect(none.credentials.forAccount(account).accessToken()).rejects.toThrow(/not signed in to emma@example.test\. Sign in again/);
    const refusing: OAuthRefresher = { refresh: () => Promise.reject(new ApiError('auth_failed', 'Sign in to Google again.')) };
    const { credentials } = await provider(tokens({ expiresAt: NOW - 1 }), refusing);
    await expect(credentials.forAccount(account).accessToken()).rejects.toMatchObject({ code: 'auth_failed' });
  });

  it('withdraws the grant at the provider, and reports rather than throws when it cannot', async () => {
    const refresher = countingRefresher();
    const { credentials } = await provider(tokens(), refresher);
    expect(await credentials.revokeOAuth(account)).toBeNull();
    expect(refresher.revoked.map((t) => t.refreshToken)).toEqual(['r1']);

    const failing: OAuthRefresher = { refresh: (t) => Promise.resolve(t), revoke: () => Promise.reject(new Error('Google could not be reached')) };
    const other = await provider(tokens(), failing);
    expect(await other.credentials.revokeOAuth(account)).toBe('Google could not be reached');
    expect(await (await provider(null)).credentials.revokeOAuth(account)).toBeNull();
  });
});
