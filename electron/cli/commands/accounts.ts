/** `steward accounts …`: the accounts Steward watches. */
import type { Command } from 'commander';
import type { EngineApi } from '@shared/api/contract.js';
import { ApiError } from '@shared/api/errors.js';
import type { Account } from '@shared/domain/types.js';
import type { CliContext } from '../context.js';
import { readSecret } from '../prompt.js';
import { registerAddAccountCommands } from './accounts/add.js';
import { folderChoices } from './accounts/add-imap.js';
import { parseHistoryDays } from '../parse.js';
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
  registerAddAccountCommands(accounts.command('add').description('add an account (the connection is tested first; secrets go to the OS keychain)'), ctx);

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
    .command('folders')
    .description('the account’s folders on its server, and what Steward takes each for (Sent, Junk…)')
    .argument('<id>', 'account id (or its first characters) or email address')
    .action(
      ctx.withApi(async (api, _c, id: string) => {
        const account = await findAccount(api, id);
        const folders = await api.listAccountFolders({ id: account.id });
        ctx.print(folders, () => render.renderFolders(folders));
      }),
    );
  accounts
    .command('set')
    .description('change an IMAP account’s folders for roles the server does not mark, and its history')
    .argument('<id>', 'account id (or its first characters) or email address')
    .option('--archive-folder <folder>', 'where archived mail goes ("" for the server’s Archive folder)')
    .option('--sent-folder <folder>', 'the Sent folder ("" to let the server decide)')
    .option('--drafts-folder <folder>', 'the Drafts folder ("" to let the server decide)')
    .option('--trash-folder <folder>', 'the Trash folder ("" to let the server decide)')
    .option('--junk-folder <folder>', 'the Junk folder ("" to let the server decide)')
    .option('--history-days <n>', 'days of past mail to read (0: everything); a longer window fetches what folders already read skipped', parseHistoryDays)
    .action(
      ctx.withApi(async (api, _c, id: string, options: FolderOptions) => {
        const account = await findAccount(api, id);
        const folders = folderChoices(options);
        const settings = {
          ...(options.archiveFolder !== undefined ? { archiveMailbox: options.archiveFolder || null } : {}),
          ...(folders ? { folders: clearedWhenEmpty(folders) } : {}),
          ...(options.historyDays !== undefined ? { historyDays: options.historyDays } : {}),
        };
        if (Object.keys(settings).length === 0) throw new ApiError('invalid_input', 'Nothing to change: give --sent-folder, --junk-folder, --history-days or another option (see --help).');
        const updated = await api.updateAccountSettings({ id: account.id, settings });
        ctx.print(updated, () => `Updated ${updated.email}. Steward is reading its folders again.`);
      }),
    );
  accounts
    .command('remove')
    .description('stop watching an account and forget its password or sign-in (a Google sign-in is withdrawn at Google too)')
    .argument('<id>')
    .action(
      ctx.withApi(async (api, _c, id: string) => {
        const account = await findAccount(api, id);
        const result = await api.removeAccount({ id: account.id });
        ctx.print(result, () => result.warning ?? `Removed ${account.email}.`);
      }),
    );
}

interface FolderOptions {
  archiveFolder?: string;
  sentFolder?: string;
  draftsFolder?: string;
  trashFolder?: string;
  junkFolder?: string;
  historyDays?: number;
}

/** "" clears a choice; the API takes that as null-like (the server decides again). */
function clearedWhenEmpty(folders: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(folders).map(([role, path]) => [role, path.trim()]));
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
