/** `steward accounts add imap …`: a mail account over IMAP. */
import type { Command } from 'commander';
import type { CliContext } from '../../context.js';
import { parsePort } from '../../parse.js';
import { readSecret } from '../../prompt.js';
import * as render from '../../render.js';

interface AddImapOptions {
  email: string;
  host: string;
  port?: number;
  tls?: boolean;
  user?: string;
  name?: string;
  archiveFolder?: string;
}

export function registerAddImap(add: Command, ctx: CliContext): void {
  add
    .command('imap')
    .description('a mail account over IMAP (the password goes to the OS keychain)')
    .requiredOption('--email <address>', 'the address mail arrives at')
    .requiredOption('--host <host>', 'IMAP server')
    .option('--port <n>', 'IMAP port (default 993 with TLS, 143 without)', parsePort)
    .option('--tls', 'connect with TLS (default)')
    .option('--no-tls', 'connect without TLS (only for servers on your own machine or network)')
    .option('--user <name>', 'login name (default: the email address)')
    .option('--name <display name>', 'your name, used in drafts')
    .option('--archive-folder <folder>', 'where archived mail goes (default: the server’s Archive folder)')
    .option('--password-stdin', 'read the password from standard input')
    .action(
      ctx.withApi(async (api, _c, options: AddImapOptions) => {
        const tls = options.tls !== false;
        const password = await readSecret(`Password for ${options.email}: `);
        const account = await api.addAccount({
          kind: 'imap',
          email: options.email,
          host: options.host,
          port: options.port ?? (tls ? 993 : 143),
          tls,
          username: options.user ?? options.email,
          password,
          ...(options.name ? { displayName: options.name } : {}),
          ...(options.archiveFolder ? { archiveMailbox: options.archiveFolder } : {}),
        });
        ctx.print(account, () => `Added ${account.email} (${render.shortId(account.id)}). Steward is watching its inbox.`);
      }),
    );
}
