/**
 * The Gmail API client for one signed-in account: googleapis' generated client (from
 * @googleapis/gmail, the Gmail-only package: the googleapis bundle costs ~0.5 s and ~90 MB to
 * load), pointed at the account's endpoints (the emulator's origin in tests) and authorised by
 * the account's OAuth2Client, which refreshes its token by itself.
 */
import type { gmail_v1 } from '@googleapis/gmail';
import type { OAuth2Client } from 'google-auth-library';
import type { GoogleEndpoints } from '../google/endpoints.js';
import { loadGmail } from '../google/google-libraries.js';

/** A request that has not answered in this long is abandoned (and retried where that is safe). */
export const GMAIL_REQUEST_TIMEOUT_MS = 60_000;

export type GmailApi = gmail_v1.Gmail;

/** What Gmail write functions act on: the client and the account it is signed in as. */
export interface GmailTarget {
  readonly api: GmailApi;
  /** Steward's id of the account; tickets are checked against it. */
  readonly accountId: string;
  /** The account's address, for messages. */
  readonly email: string;
}

/** Loads @googleapis/gmail the first time (google-libraries.ts says why). */
export async function createGmailApi(auth: OAuth2Client, endpoints: GoogleEndpoints): Promise<GmailApi> {
  const { gmail } = await loadGmail();
  return gmail({ version: 'v1', auth, rootUrl: endpoints.gmailRoot, timeout: GMAIL_REQUEST_TIMEOUT_MS });
}
