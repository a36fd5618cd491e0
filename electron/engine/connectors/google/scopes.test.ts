import { describe, expect, it } from 'vitest';
import { CALENDAR_EVENTS_SCOPE, GMAIL_MODIFY_SCOPE, missingScopes, STEWARD_GOOGLE_SCOPES } from './scopes.js';

describe('missingScopes', () => {
  it.each([
    { name: 'nothing missing from the full grant', granted: STEWARD_GOOGLE_SCOPES.join(' '), required: [GMAIL_MODIFY_SCOPE], missing: [] },
    { name: 'Gmail unticked on the consent screen', granted: `openid email ${CALENDAR_EVENTS_SCOPE}`, required: [GMAIL_MODIFY_SCOPE], missing: [GMAIL_MODIFY_SCOPE] },
    { name: 'email reported by its long name', granted: ['openid', 'https://www.googleapis.com/auth/userinfo.email'], required: ['email'], missing: [] },
    { name: 'an empty grant', granted: '', required: [GMAIL_MODIFY_SCOPE, 'email'], missing: [GMAIL_MODIFY_SCOPE, 'email'] },
  ])('$name', ({ granted, required, missing }) => {
    expect(missingScopes(granted, required)).toEqual(missing);
  });

  it('never asks for permanent deletion (https://mail.google.com/) or whole-calendar control', () => {
    expect(STEWARD_GOOGLE_SCOPES).not.toContain('https://mail.google.com/');
    expect(STEWARD_GOOGLE_SCOPES).not.toContain('https://www.googleapis.com/auth/calendar');
  });
});
