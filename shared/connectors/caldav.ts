/**
 * A CalDAV account as the user enters it (Settings form, `steward accounts add caldav`) and as
 * the engine keeps its settings. Shared so the renderer validates with the same rules.
 */
import { z } from 'zod';
import { describeSmtpSettings, smtpInput, smtpSettings } from './smtp.js';

const serverUrl = z
  .string()
  .trim()
  .min(1, 'the server address is required')
  .max(2000)
  // shared/ has no URL class (no DOM, no Node); the engine parses it properly before use.
  .regex(/^https?:\/\/[^\s/?#@]+(?:[/?#]\S*)?$/i, 'enter the server address as a URL, like https://caldav.fastmail.com');

export const caldavAccountInput = z.object({
  kind: z.literal('caldav'),
  url: serverUrl,
  username: z.string().min(1, 'the user name is required').max(320),
  password: z.string().min(1, 'the password is required').max(4096),
  /** The address invitations are sent to; defaults to the user name when that is an address. */
  email: z.email('enter an email address like alice@example.com').optional(),
  displayName: z.string().trim().max(200).optional(),
  /**
   * Where answers to invitations are mailed from (iMIP), for servers that do not deliver them
   * themselves (Radicale). Without it, answers reach the calendar but not the organiser.
   */
  smtp: smtpInput.optional(),
});
export type CaldavAccountInput = z.infer<typeof caldavAccountInput>;

/** What the engine stores in the account's settings (the password lives in the secret store). */
export const caldavSettings = z.object({
  url: serverUrl,
  username: z.string().min(1).max(320),
  /** Found by discovery and kept so a sync need not discover again. */
  homeUrl: z.string().max(2000).nullable().default(null),
  /** The server delivers invitations and replies itself (RFC 6638); otherwise Steward mails them (iMIP). */
  serverSchedules: z.boolean().default(false),
  /** The user's own calendar addresses, for telling "my" attendee entry and events I organise. */
  addresses: z.array(z.string().max(320)).max(50).default([]),
  /** The outgoing server for iMIP mail; null when none was given. */
  smtp: smtpSettings.nullable().default(null),
});
export type CaldavSettings = z.infer<typeof caldavSettings>;

/** "caldav.example.com as alice" (plus where answers are mailed from). */
export function describeCaldavSettings(settings: CaldavSettings): string {
  let host = settings.url;
  const match = /^https?:\/\/([^/?#]+)/i.exec(settings.url);
  if (match?.[1]) host = match[1];
  const base = `${host} as ${settings.username}`;
  return settings.smtp ? `${base}; answers mailed through ${describeSmtpSettings(settings.smtp)}` : base;
}
