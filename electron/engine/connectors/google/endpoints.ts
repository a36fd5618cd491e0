/**
 * Where Google lives. Normally the real endpoints; with STEWARD_GOOGLE_ORIGIN set (the tests set it
 * to their emulator), every one of them, OAuth and the APIs alike, comes from that origin instead,
 * so nothing can half-talk to the emulator and half to the real Google.
 */
import { ApiError } from '@shared/api/errors.js';

export interface GoogleEndpoints {
  /** Where the browser goes to sign in and consent. */
  readonly authorize: string;
  /** Code exchange and refresh. */
  readonly token: string;
  readonly revoke: string;
  /** Who signed in (needs the `email` scope). */
  readonly userinfo: string;
  /** rootUrl for the googleapis Gmail client (with the trailing slash it expects). */
  readonly gmailRoot: string;
  /** rootUrl for the googleapis Calendar client. */
  readonly calendarRoot: string;
}

export const GOOGLE_ORIGIN_ENV = 'STEWARD_GOOGLE_ORIGIN';

export const REAL_GOOGLE_ENDPOINTS: GoogleEndpoints = {
  authorize: 'https://accounts.google.com/o/oauth2/v2/auth',
  token: 'https://oauth2.googleapis.com/token',
  revoke: 'https://oauth2.googleapis.com/revoke',
  userinfo: 'https://www.googleapis.com/oauth2/v2/userinfo',
  gmailRoot: 'https://gmail.googleapis.com/',
  calendarRoot: 'https://www.googleapis.com/',
};

/** The same endpoints under one origin, at the paths an emulator of Google (@emulators/google) serves. */
export function endpointsAt(origin: string): GoogleEndpoints {
  const base = parseOrigin(origin);
  return {
    authorize: `${base}/o/oauth2/v2/auth`,
    token: `${base}/oauth2/token`,
    revoke: `${base}/oauth2/revoke`,
    userinfo: `${base}/oauth2/v2/userinfo`,
    gmailRoot: `${base}/`,
    calendarRoot: `${base}/`,
  };
}

/** The real endpoints, or all of them under STEWARD_GOOGLE_ORIGIN when it is set. */
export function googleEndpoints(env: Readonly<Record<string, string | undefined>> = process.env): GoogleEndpoints {
  const origin = env[GOOGLE_ORIGIN_ENV]?.trim();
  return origin ? endpointsAt(origin) : REAL_GOOGLE_ENDPOINTS;
}

function parseOrigin(origin: string): string {
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    throw new ApiError('invalid_input', `${GOOGLE_ORIGIN_ENV} is "${origin}", which is not an address. Set it to an origin such as http://127.0.0.1:4000, or unset it to use Google itself.`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new ApiError('invalid_input', `${GOOGLE_ORIGIN_ENV} must be an http:// or https:// origin, not "${origin}".`);
  }
  return url.origin;
}
