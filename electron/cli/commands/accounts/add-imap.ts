/** `steward accounts add imap …`: a mail account over IMAP, with SMTP for sending. */
import type { Command } from 'commander';
import type { FolderChoices } from '@shared/connectors/index.js';
import type { CliContext } from '../../context.js';
import { parseHistoryDays, parsePort } from '../../parse.js';
import { readSecrets } from '../../prompt.js';
import * as render from '../../render.js';
import { smtpChoice, withSmtpOptions, type SmtpOptions } from './smtp-options.js';

interface AddImapOptions extends SmtpOptions {
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
}

export function registerAddImap(add: Command, ctx: CliContext): void {
  withSmtpOptions(
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
    .option('--password-stdin', 'read the password from standard input'),
    'Steward can save drafts but not send',
  )
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
