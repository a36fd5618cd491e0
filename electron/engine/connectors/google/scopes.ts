/**
 * What one Google sign-in asks for, and why each one:
 *
 * - gmail.modify: read, label, archive, trash and untrash, drafts and sending. It is the narrowest
 *   Gmail scope that covers every email capability, and it cannot delete permanently (that needs
 *   https://mail.google.com/), so Steward's "no permanent delete" holds in the token itself.
 *   gmail.compose and gmail.send are subsets of it: asking for them too would add lines to the
 *   consent screen and no power.
 * - calendar.events: see and change events on the user's calendars, and answer invitations, so the
 *   same sign-in serves Google Calendar later without a second consent. It cannot delete or share
 *   calendars (that is the full `calendar` scope).
 * - calendar.calendarlist.readonly: which calendars there are; calendar.events alone cannot list them.
 * - openid and email: the address of the account that signed in, to name the account and to check
 *   it is the one the user meant. Neither reaches any data.
 */
export const GMAIL_MODIFY_SCOPE = 'https://www.googleapis.com/auth/gmail.modify';
export const CALENDAR_EVENTS_SCOPE = 'https://www.googleapis.com/auth/calendar.events';
export const CALENDAR_LIST_SCOPE = 'https://www.googleapis.com/auth/calendar.calendarlist.readonly';
export const IDENTITY_SCOPES = ['openid', 'email'] as const;

export const STEWARD_GOOGLE_SCOPES: readonly string[] = [...IDENTITY_SCOPES, GMAIL_MODIFY_SCOPE, CALENDAR_EVENTS_SCOPE, CALENDAR_LIST_SCOPE];

/** Google reports the short identity scopes by their long names in a token's `scope`. */
const ALIASES: Readonly<Record<string, string>> = {
  email: 'https://www.googleapis.com/auth/userinfo.email',
  profile: 'https://www.googleapis.com/auth/userinfo.profile',
};

function canonical(scope: string): string {
  return ALIASES[scope] ?? scope;
}

/**
 * Which of `required` a grant lacks. Google's consent screen lets the user untick scopes, so a
 * successful sign-in can still come back without Gmail.
 */
export function missingScopes(granted: string | readonly string[], required: readonly string[]): string[] {
  const have = new Set((typeof granted === 'string' ? granted.split(/\s+/) : granted).filter(Boolean).map(canonical));
  return required.filter((scope) => !have.has(canonical(scope)));
}

/** A scope in the words of Google's consent screen, for messages. */
export function describeScope(scope: string): string {
  switch (scope) {
    case GMAIL_MODIFY_SCOPE:
      return 'read, compose, send and organise your Gmail';
    case CALENDAR_EVENTS_SCOPE:
      return 'view and edit events on your calendars';
    case CALENDAR_LIST_SCOPE:
      return 'see the list of your calendars';
    case 'openid':
    case 'email':
      return 'see your email address';
    default:
      return scope;
  }
}
