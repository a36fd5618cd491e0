/** `steward accounts add imap …`: a mail account over IMAP, with SMTP for sending. */
import { Option, type Command } from 'commander';
import { ApiError } from '@shared/api/errors.js';
import { securityFor, SMTP_DEFAULT_PORT, type FolderChoices, type SmtpSecurity } from '@shared/connectors/index.js';
import type { CliContext } from '../../context.js';
import { parseHistoryDays, parsePort } from '../../parse.js';
import { readSecrets } from '../../prompt.js';
import * as render from '../../render.js';

interface AddImapOptions {
  email: string;
  host: string;
  port?: number;
  tls?: boolean;
  user?: string;
  name?: string;
  archiveFolder?: string;
  sentFolder?: string;
  draftsFolder?: string;
  trashFolder?: string;
  junkFolder?: string;
  historyDays?: number;
  smtpHost?: string;
  smtpPort?: number;
  smtpTls?: boolean;
  /** `--smtp-no-tls` (commander reads only `--no-…` as a negation, so it is a flag of its own). */
  smtpNoTls?: boolean;
  smtpSecurity?: SmtpSecurity;
  smtpUser?: string;
  smtpPasswordStdin?: boolean;
}

export function registerAddImap(add: Command, ctx: CliContext): void {
  add
    .command('imap')
    .description('a mail account over IMAP, and SMTP to send from it (passwords go to the OS keychain)')
    .requiredOption('--email <address>', 'the address mail arrives at')
    .requiredOption('--host <host>', 'IMAP server')
    .option('--port <n>', 'IMAP port (default 993 with TLS, 143 without)', parsePort)
    .option('--tls', 'connect with TLS (default)')
    .option('--no-tls', 'connect without TLS (only for servers on your own machine or network)')
    .option('--user <name>', 'login name (default: the email address)')
    .option('--name <display name>', 'your name, used in drafts and sent mail')
    .option('--archive-folder <folder>', 'where archived mail goes (default: the server’s Archive folder)')
    .option('--sent-folder <folder>', 'the Sent folder, when the server marks none')
    .option('--drafts-folder <folder>', 'the Drafts folder, when the server marks none')
    .option('--trash-folder <folder>', 'the Trash folder, when the server marks none')
    .option('--junk-folder <folder>', 'the Junk (spam) folder, when the server marks none')
    .option('--history-days <n>', 'how many days of past mail the first sync reads (default 0: everything; Trash and Junk never)', parseHistoryDays)
    .option('--password-stdin', 'read the password from standard input')
    .option('--smtp-host <host>', 'outgoing (SMTP) server; without it Steward can save drafts but not send')
    .option('--smtp-port <n>', 'SMTP port (default 587 with TLS, 25 without)', parsePort)
    .option('--smtp-tls', 'encrypt SMTP: TLS from the start on port 465, STARTTLS on any other port (default)')
    .option('--smtp-no-tls', 'SMTP without encryption (only for servers on your own machine or network)')
    .addOption(new Option('--smtp-security <mode>', 'say exactly how: tls (from the start), starttls, or none').choices(['tls', 'starttls', 'none']))
    .option('--smtp-user <name>', 'SMTP login name (default: the IMAP login name)')
    .option('--smtp-password-stdin', 'the SMTP password differs from the IMAP one: read it from standard input too (second line)')
    .action(
      ctx.withApi(async (api, _c, options: AddImapOptions) => {
        const tls = options.tls !== false;
        const smtp = smtpChoice(options);
        const prompts = [`Password for ${options.email}: `, ...(smtp?.ownPassword ? [`SMTP password for ${options.smtpUser ?? options.user ?? options.email}: `] : [])];
        const [password = '', smtpPassword] = await readSecrets(prompts);
        const username = options.user ?? options.email;
        const account = await api.addAccount({
          kind: 'imap',
          email: options.email,
          host: options.host,
          port: options.port ?? (tls ? 993 : 143),
          tls,
          username,
          password,
          ...(options.name ? { displayName: options.name } : {}),
          ...(options.archiveFolder ? { archiveMailbox: options.archiveFolder } : {}),
          ...(folderChoices(options) ? { folders: folderChoices(options) } : {}),
          ...(options.historyDays !== undefined ? { historyDays: options.historyDays } : {}),
          ...(smtp
            ? {
                smtp: {
                  host: smtp.host,
                  port: smtp.port,
                  security: smtp.security,
                  ...(options.smtpUser ? { username: options.smtpUser } : {}),
                  ...(smtpPassword !== undefined ? { password: smtpPassword } : {}),
                },
              }
            : {}),
        });
        ctx.print(
          account,
          () => `Added ${account.email} (${render.shortId(account.id)}). Steward is watching its inbox.${smtp ? ` It sends through ${smtp.host}:${smtp.port}.` : ''}`,
        );
      }),
    );
}

/** The folders named for roles, or undefined when none was. */
export function folderChoices(options: Pick<AddImapOptions, 'sentFolder' | 'draftsFolder' | 'trashFolder' | 'junkFolder'>): FolderChoices | undefined {
  const chosen: FolderChoices = {
    ...(options.sentFolder !== undefined ? { sent: options.sentFolder } : {}),
    ...(options.draftsFolder !== undefined ? { drafts: options.draftsFolder } : {}),
    ...(options.trashFolder !== undefined ? { trash: options.trashFolder } : {}),
    ...(options.junkFolder !== undefined ? { junk: options.junkFolder } : {}),
  };
  return Object.keys(chosen).length > 0 ? chosen : undefined;
}

/** The SMTP side as the flags describe it; null when no SMTP host was given. */
function smtpChoice(options: AddImapOptions): { host: string; port: number; security: SmtpSecurity; ownPassword: boolean } | null {
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
