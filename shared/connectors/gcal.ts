/**
 * A Google Calendar account: added, like Gmail, by signing in to Google in a browser (OAuth). The
 * same sign-in (and the same OAuth client) serves both; what is stored differs only in having no
 * labels. The grant goes to the secret store, never here.
 */
import { z } from 'zod';
import { gmailAccountInput } from './gmail.js';

export const gcalAccountInput = gmailAccountInput.omit({ kind: true, labels: true }).extend({ kind: z.literal('gcal') });
export type GcalAccountInput = z.infer<typeof gcalAccountInput>;

export interface GcalSettings {
  /** The OAuth client the grant belongs to (not secret; its secret is kept with the tokens). */
  readonly clientId: string;
  /** What the user allowed on Google's consent screen. */
  readonly scopes: readonly string[];
}

export const gcalSettings = z.object({ clientId: z.string(), scopes: z.array(z.string()) }) satisfies z.ZodType<GcalSettings>;

/** "every calendar in the list" (what the watcher follows). */
export function describeGcalSettings(_settings: GcalSettings): string {
  return 'every calendar in your calendar list';
}
