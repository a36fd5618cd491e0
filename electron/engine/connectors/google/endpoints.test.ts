import { describe, expect, it } from 'vitest';
import { endpointsAt, googleEndpoints, REAL_GOOGLE_ENDPOINTS } from './endpoints.js';

describe('googleEndpoints', () => {
  it('uses the real Google when STEWARD_GOOGLE_ORIGIN is unset or blank', () => {
    expect(googleEndpoints({})).toEqual(REAL_GOOGLE_ENDPOINTS);
    expect(googleEndpoints({ STEWARD_GOOGLE_ORIGIN: '  ' })).toEqual(REAL_GOOGLE_ENDPOINTS);
  });

  it('takes every endpoint, OAuth and APIs alike, from STEWARD_GOOGLE_ORIGIN', () => {
    const endpoints = googleEndpoints({ STEWARD_GOOGLE_ORIGIN: 'http://127.0.0.1:4010/ignored/path?x=1' });
    expect(endpoints).toEqual({
      authorize: 'http://127.0.0.1:4010/o/oauth2/v2/auth',
      token: 'http://127.0.0.1:4010/oauth2/token',
      revoke: 'http://127.0.0.1:4010/oauth2/revoke',
      userinfo: 'http://127.0.0.1:4010/oauth2/v2/userinfo',
      gmailRoot: 'http://127.0.0.1:4010/',
      calendarRoot: 'http://127.0.0.1:4010/',
    });
    for (const url of [endpoints.authorize, endpoints.token, endpoints.revoke, endpoints.userinfo, endpoints.gmailRoot, endpoints.calendarRoot]) expect(new URL(url).origin).toBe('http://127.0.0.1:4010');
  });

  it.each([
    { origin: 'not a url', message: /not an address/ },
    { origin: 'ftp://127.0.0.1:21', message: /http:\/\/ or https:\/\// },
  ])('refuses $origin with a message saying what to set', ({ origin, message }) => {
    expect(() => endpointsAt(origin)).toThrow(message);
  });
});
