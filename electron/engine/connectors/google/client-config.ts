/**
 * Which OAuth client Steward signs in as. Steward ships none: each user creates a Desktop app
 * client in their own Google Cloud project (see MISSING_CLIENT_ID) and gives its id with
 * --client-id or STEWARD_GOOGLE_CLIENT_ID. Google issues such clients a "secret" too, which for an
 * installed app is not secret (it ships inside every copy); Google's token endpoint still wants it
 * for Desktop clients, so it is taken the same way (--client-secret, STEWARD_GOOGLE_CLIENT_SECRET).
 */
import { ApiError } from '@shared/api/errors.js';

export interface GoogleClientConfig {
  readonly clientId: string;
  /** Null for clients Google lets sign in without one. */
  readonly clientSecret: string | null;
}

export const CLIENT_ID_ENV = 'STEWARD_GOOGLE_CLIENT_ID';
export const CLIENT_SECRET_ENV = 'STEWARD_GOOGLE_CLIENT_SECRET';

export const MISSING_CLIENT_ID =
  'Steward needs a Google OAuth client ID to sign in to Google, and none was given. ' +
  'Create one (free, about two minutes): open https://console.cloud.google.com/, create a project (or pick one), ' +
  'then in "APIs & Services" enable the Gmail API (and the Google Calendar API), set up the OAuth consent screen ' +
  '(External, add your own address as a test user), and under Credentials choose "Create credentials" → ' +
  '"OAuth client ID" → application type "Desktop app". Copy the client ID and client secret it shows, and pass them ' +
  'with --client-id and --client-secret (in Settings: the fields under Sign in with Google), ' +
  `or set ${CLIENT_ID_ENV} and ${CLIENT_SECRET_ENV} where Steward runs.`;

export function resolveGoogleClient(
  options: { readonly clientId?: string | null; readonly clientSecret?: string | null } = {},
  env: Readonly<Record<string, string | undefined>> = process.env,
): GoogleClientConfig {
  const clientId = (options.clientId ?? env[CLIENT_ID_ENV])?.trim();
  if (!clientId) throw new ApiError('invalid_input', MISSING_CLIENT_ID);
  if (/\s/.test(clientId)) throw new ApiError('invalid_input', `The Google client ID "${clientId}" contains spaces. Copy it again from the Google Cloud console (Credentials → OAuth 2.0 Client IDs).`);
  const clientSecret = (options.clientSecret ?? env[CLIENT_SECRET_ENV])?.trim() || null;
  return { clientId, clientSecret };
}
