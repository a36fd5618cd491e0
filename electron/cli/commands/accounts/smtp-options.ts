/**
 * The SMTP flags of `steward accounts add` for kinds that send mail: IMAP accounts send replies,
 * CalDAV accounts mail answers to invitations (iMIP) when their server does not deliver them.
 */
import { Option, type Command } from 'commander';
import { ApiError } from '@shared/api/errors.js';
import { securityFor, SMTP_DEFAULT_PORT, type SmtpSecurity } from '@shared/connectors/index.js';
import { parsePort } from '../../parse.js';

export interface SmtpOptions {
  smtpHost?: string;
  smtpPort?: number;
  smtpTls?: boolean;
  /** `--smtp-no-tls` (commander reads only `--no-…` as a negation, so it is a flag of its own). */
  smtpNoTls?: boolean;
  smtpSecurity?: SmtpSecurity;
  smtpUser?: string;
  smtpPasswordStdin?: boolean;
}

/** Adds the SMTP flags; `without` says what the account cannot do without an SMTP server. */
export function withSmtpOptions(command: Command, without: string): Command {
  return command
    .option('--smtp-host <host>', `outgoing (SMTP) server; without it ${without}`)
    .option('--smtp-port <n>', 'SMTP port (default 587 with TLS, 25 without)', parsePort)
    .option('--smtp-tls', 'encrypt SMTP: TLS from the start on port 465, STARTTLS on any other port (default)')
    .option('--smtp-no-tls', 'SMTP without encryption (only for servers on your own machine or network)')
    .addOption(new Option('--smtp-security <mode>', 'say exactly how: tls (from the start), starttls, or none').choices(['tls', 'starttls', 'none']))
    .option('--smtp-user <name>', 'SMTP login name (default: the account’s login name)')
    .option('--smtp-password-stdin', 'the SMTP password differs from the account’s: read it from standard input too (second line)');
}

/** The SMTP side as the flags describe it; null when no SMTP host was given. */
export function smtpChoice(options: SmtpOptions): { host: string; port: number; security: SmtpSecurity; ownPassword: boolean } | null {
  const smtpFlags = [options.smtpPort, options.smtpTls, options.smtpNoTls, options.smtpSecurity, options.smtpUser, options.smtpPasswordStdin].some((v) => v !== undefined);
  if (!options.smtpHost) {
    if (smtpFlags) throw new ApiError('invalid_input', 'The SMTP options need --smtp-host (the outgoing server).');
    return null;
  }
  if (options.smtpTls && options.smtpNoTls) throw new ApiError('invalid_input', 'Give --smtp-tls or --smtp-no-tls, not both.');
  if ((options.smtpTls || options.smtpNoTls) && options.smtpSecurity !== undefined) {
    throw new ApiError('invalid_input', 'Give either --smtp-tls/--smtp-no-tls or --smtp-security, not both.');
  }
  const encrypted = !options.smtpNoTls;
  const port = options.smtpPort ?? (options.smtpSecurity ? SMTP_DEFAULT_PORT[options.smtpSecurity] : encrypted ? SMTP_DEFAULT_PORT.starttls : SMTP_DEFAULT_PORT.none);
  const security = options.smtpSecurity ?? securityFor(encrypted, port);
  return { host: options.smtpHost, port, security, ownPassword: options.smtpPasswordStdin === true };
}
