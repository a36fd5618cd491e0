/**
 * The outgoing side of a mail account (SMTP): what the user enters and what is stored. Shared by
 * every connector that sends over SMTP (IMAP accounts today). The password is never stored here:
 * it is the account's own (the IMAP one) unless the user gives a separate one, which then goes to
 * the keychain as a secret of its own.
 */
import { z } from 'zod';
import { hostname, password, port } from './fields.js';

/**
 * How the connection is secured:
 * - `tls`: TLS from the first byte (implicit TLS, usually port 465);
 * - `starttls`: plain connect, then STARTTLS, which must succeed (usually port 587);
 * - `none`: no encryption at all (a server on your own machine or network only).
 */
export const smtpSecurity = z.enum(['tls', 'starttls', 'none']);
export type SmtpSecurity = z.infer<typeof smtpSecurity>;

export const smtpInput = z.object({
  host: hostname,
  port,
  security: smtpSecurity,
  /** Login name; the IMAP user name when absent. */
  username: z.string().trim().min(1, 'the SMTP user name cannot be empty').max(320).optional(),
  /** Only when it differs from the IMAP password. */
  password: password.optional(),
});
export type SmtpInput = z.infer<typeof smtpInput>;

export interface SmtpSettings {
  readonly host: string;
  readonly port: number;
  readonly security: SmtpSecurity;
  readonly username: string;
  /** True when the SMTP password is a secret of its own; false when it is the IMAP password. */
  readonly ownPassword: boolean;
}

export const smtpSettings = z.object({
  host: z.string(),
  port: z.number().int(),
  security: smtpSecurity,
  username: z.string(),
  ownPassword: z.boolean(),
}) satisfies z.ZodType<SmtpSettings>;

/** The usual port for each kind of security. */
export const SMTP_DEFAULT_PORT: Readonly<Record<SmtpSecurity, number>> = { tls: 465, starttls: 587, none: 25 };

/**
 * The security a port implies when the user only said "TLS" or "no TLS": 465 speaks TLS from the
 * start, every other port (587, 25, 2525) upgrades with STARTTLS.
 */
export function securityFor(tls: boolean, port: number): SmtpSecurity {
  if (!tls) return 'none';
  return port === 465 ? 'tls' : 'starttls';
}

/** "smtp.example.com:587, STARTTLS". */
export function describeSmtpSettings(settings: Pick<SmtpSettings, 'host' | 'port' | 'security'>): string {
  const security = settings.security === 'tls' ? 'TLS' : settings.security === 'starttls' ? 'STARTTLS' : 'no TLS';
  return `${settings.host}:${settings.port}, ${security}`;
}
