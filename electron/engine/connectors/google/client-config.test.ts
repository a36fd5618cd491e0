import { describe, expect, it } from 'vitest';
import { MISSING_CLIENT_ID, resolveGoogleClient } from './client-config.js';

describe('resolveGoogleClient', () => {
  it.each([
    { name: 'the option wins over the environment', options: { clientId: 'opt.apps.googleusercontent.com' }, env: { STEWARD_GOOGLE_CLIENT_ID: 'env' }, expected: { clientId: 'opt.apps.googleusercontent.com', clientSecret: null } },
    { name: 'the environment when no option', options: {}, env: { STEWARD_GOOGLE_CLIENT_ID: ' env-id ', STEWARD_GOOGLE_CLIENT_SECRET: 'GOCSPX-x' }, expected: { clientId: 'env-id', clientSecret: 'GOCSPX-x' } },
    { name: 'a blank secret counts as none', options: { clientId: 'id', clientSecret: '  ' }, env: {}, expected: { clientId: 'id', clientSecret: null } },
  ])('$name', ({ options, env, expected }) => {
    expect(resolveGoogleClient(options, env)).toEqual(expected);
  });

  it('explains how to create a client id when there is none', () => {
    expect(() => resolveGoogleClient({}, {})).toThrow(MISSING_CLIENT_ID);
    expect(MISSING_CLIENT_ID).toMatch(/Desktop app/);
    expect(MISSING_CLIENT_ID).toMatch(/--client-id/);
    expect(MISSING_CLIENT_ID).toMatch(/STEWARD_GOOGLE_CLIENT_ID/);
  });

  it('refuses an id with spaces (a bad copy and paste)', () => {
    expect(() => resolveGoogleClient({ clientId: 'abc def' }, {})).toThrow(/contains spaces/);
  });
});
