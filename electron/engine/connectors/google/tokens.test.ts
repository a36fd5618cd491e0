import { describe, expect, it } from 'vitest';
import { mergeTokens, type GoogleTokens } from './tokens.js';

const NOW = 1_800_000_000_000;
const stored: GoogleTokens = { accessToken: 'old-access', refreshToken: 'refresh-1', expiresAt: NOW - 1, scopes: ['openid', 'g'] };

describe('mergeTokens', () => {
  it.each([
    {
      name: 'a first exchange needs both tokens',
      previous: null,
      received: { access_token: 'a', refresh_token: 'r', expiry_date: NOW + 3_599_000, scope: 'openid g' },
      expected: { accessToken: 'a', refreshToken: 'r', expiresAt: NOW + 3_599_000, scopes: ['openid', 'g'] },
    },
    { name: 'a first exchange without a refresh token is no grant', previous: null, received: { access_token: 'a', expiry_date: NOW }, expected: null },
    {
      name: 'a refresh keeps the refresh token and the scopes it did not repeat',
      previous: stored,
      received: { access_token: 'new-access', expiry_date: NOW + 3_600_000 },
      expected: { ...stored, accessToken: 'new-access', expiresAt: NOW + 3_600_000 },
    },
    {
      name: 'a rotated refresh token replaces the old one',
      previous: stored,
      received: { access_token: 'new-access', refresh_token: 'refresh-2', expiry_date: NOW + 10 },
      expected: { ...stored, accessToken: 'new-access', refreshToken: 'refresh-2', expiresAt: NOW + 10 },
    },
    {
      name: 'no expiry given: an hour, Google’s usual',
      previous: stored,
      received: { access_token: 'new-access' },
      expected: { ...stored, accessToken: 'new-access', expiresAt: NOW + 3_600_000 },
    },
  ])('$name', ({ previous, received, expected }) => {
    expect(mergeTokens(previous, received, NOW)).toEqual(expected);
  });
});
