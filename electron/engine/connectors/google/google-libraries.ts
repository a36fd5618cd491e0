/**
 * google-auth-library, @googleapis/gmail and @googleapis/calendar (with gaxios and
 * googleapis-common under them), loaded the first time a Google account signs in, syncs or acts,
 * not when the engine starts. The connector registry imports every connector at start-up, so
 * static imports made an idle host, or one that only syncs IMAP, carry them: about 2 MB of live
 * heap and 5 MB of RSS, and twice the heap at the peak of a sync. Elsewhere, only `import type`
 * of these packages.
 */
import type * as CalendarLibrary from '@googleapis/calendar';
import type * as GmailLibrary from '@googleapis/gmail';
import type * as AuthLibrary from 'google-auth-library';

export type GaxiosError = AuthLibrary.gaxios.GaxiosError;

let authLibrary: typeof AuthLibrary | null = null;

export async function loadGoogleAuth(): Promise<typeof AuthLibrary> {
  authLibrary ??= await import('google-auth-library');
  return authLibrary;
}

/*
 * The API packages load the auth library as well (googleapis-common requires it), so loading it
 * through loadGoogleAuth first costs nothing and keeps isGaxiosError true for their errors even
 * when the client was given an OAuth2Client made elsewhere.
 */
export async function loadGmail(): Promise<typeof GmailLibrary> {
  await loadGoogleAuth();
  return import('@googleapis/gmail');
}

export async function loadCalendar(): Promise<typeof CalendarLibrary> {
  await loadGoogleAuth();
  return import('@googleapis/calendar');
}

/**
 * Whether Google's HTTP layer threw this (an HTTP error status or a failed request). Synchronous,
 * for the code that classifies errors: a GaxiosError can only exist once the library is loaded,
 * so until then nothing is one and the library need not be loaded to say so.
 */
export function isGaxiosError(error: unknown): error is GaxiosError {
  return authLibrary !== null && error instanceof authLibrary.gaxios.GaxiosError;
}
