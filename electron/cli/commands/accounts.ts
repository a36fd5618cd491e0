/** `steward accounts …`: the accounts Steward watches. */
import type { Command } from 'commander';
import type { EngineApi } from '@shared/api/contract.js';
import { ApiError } from '@shared/api/errors.js';
import type { Account } from '@shared/domain/types.js';
import type { CliContext } from '../context.js';
import { parsePort } from '../parse.js';
import { readSecret } from '../prompt.js';
import * as render from '../render.js';

export function registerAccountCommands(program: Command, ctx: CliContext): void {
  const accounts = program.command('accounts').description('mail accounts Steward watches');
  accounts
    .command('list')
    .description('list accounts and their connection state')
    .action(
      ctx.withApi(async (api) => {
        const list = await api.listAccounts();
        ctx.print(list, () => render.renderAccounts(list));
      }),
    );
  accounts
    .command('add')
    .description('add an account (the connection is tested first; the password goes to the OS keychain)')
    .argument('<kind>', 'account kind: imap')
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
      ctx.withApi(async (api, _c, kind: string, options: AddOptions) => {
        if (kind !== 'imap') throw new ApiError('invalid_input', `Unknown account kind "${kind}". Steward supports: imap.`);
        const tls = options.tls !== false;
        const password = await readSecret(`Password for ${options.email}: `);
        const account = await api.addImapAccount({
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
  accounts
    .command('password')
    .description('enter an account’s password again (tested first, then kept in the OS keychain)')
    .argument('<id>', 'account id (or its first characters) or email address')
    .option('--password-stdin', 'read the password from standard input')
    .action(
      ctx.withApi(async (api, _c, id: string) => {
        const account = await findAccount(api, id);
        const password = await readSecret(`New password for ${account.email}: `);
        const updated = await api.updateAccountPassword({ id: account.id, password });
        ctx.print(updated, () => `Password updated for ${updated.email}. Steward is reconnecting.`);
      }),
    );
  accounts
    .command('remove')
    .description('stop watching an account and forget its password')
    .argument('<id>')
    .action(
      ctx.withApi(async (api, _c, id: string) => {
        const account = await findAccount(api, id);
        const result = await api.removeAccount({ id: account.id });
        ctx.print(result, () => `Removed ${account.email}.`);
      }),
    );
}

/** An account by id, id prefix or email address. */
export async function findAccount(api: EngineApi, id: string): Promise<Account> {
  const match = (await api.listAccounts()).filter((a) => a.id.startsWith(id) || a.email === id.toLowerCase());
  const [only] = match;
  if (match.length !== 1 || !only) {
    throw new ApiError(match.length === 0 ? 'not_found' : 'conflict', `No single account matches "${id}". See \`steward accounts list\`.`);
  }
  return only;
}

interface AddOptions {
  email: string;
  host: string;
  port?: number;
  tls?: boolean;
  user?: string;
  name?: string;
  archiveFolder?: string;
}
