/**
 * A Gmail account: what starting its sign-in takes, and what is stored. Gmail accounts are added
 * by signing in to Google in a browser (OAuth), never with a password; the grant (the tokens and
 * the OAuth client's secret, which Google wants at every refresh) goes to the secret store, never
 * here.
 */
import { z } from 'zod';
import { displayName, email } from './fields.js';

const clientField = (what: string) =>
  z
    .string()
    .trim()
    .min(1, `the ${what} is empty`)
    .max(300, `the ${what} is too long`)
    .regex(/^\S+$/, `the ${what} has spaces in it: copy it again from the Google Cloud console (Credentials)`);

export const gmailAccountInput = z.object({
  kind: z.literal('gmail'),
  /** The address the user means to sign in with: Google preselects it, and any other is refused. */
  email: email.optional(),
  displayName,
  /** The Desktop app OAuth client to sign in as; without it, the engine's STEWARD_GOOGLE_CLIENT_ID. */
  clientId: clientField('client ID').optional(),
  clientSecret: clientField('client secret').optional(),
  /** Only mail under these labels (names as Gmail shows them: INBOX, Work); all mail but Spam and Trash when absent. */
  labels: z.array(z.string().trim().min(1, 'a label name is empty').max(225)).min(1).max(100).optional(),
});
export type GmailAccountInput = z.infer<typeof gmailAccountInput>;

export interface GmailSettings {
  /** The OAuth client the grant belongs to (not secret; its secret is kept with the tokens). */
  readonly clientId: string;
  /** What the user allowed on Google's consent screen. */
  readonly scopes: readonly string[];
  /** Labels whose mail Steward takes in, by name; null: all mail but Spam and Trash. */
  readonly includedLabels: readonly string[] | null;
}

export const gmailSettings = z.object({
  clientId: z.string(),
  scopes: z.array(z.string()),
  includedLabels: z.array(z.string()).nullable(),
}) satisfies z.ZodType<GmailSettings>;

/** "all mail but Spam and Trash" or "labels INBOX, Work". */
export function describeGmailSettings(settings: GmailSettings): string {
  return settings.includedLabels ? `labels ${settings.includedLabels.join(', ')}` : 'all mail but Spam and Trash';
}
