/** `steward accounts …`: the accounts Steward watches. */
import type { Command } from 'commander';
import type { EngineApi } from '@shared/api/contract.js';
import { ApiError } from '@shared/api/errors.js';
import type { Account } from '@shared/domain/types.js';
import type { CliContext } from '../context.js';
import { readSecret } from '../prompt.js';
import { registerAddAccountCommands } from './accounts/add.js';
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

/** An account by id, id prefix or email address. */
export async function findAccount(api: EngineApi, id: string): Promise<Account> {
  const match = (await api.listAccounts()).filter((a) => a.id.startsWith(id) || a.email === id.toLowerCase());
  const [only] = match;
  if (match.length !== 1 || !only) {
    throw new ApiError(match.length === 0 ? 'not_found' : 'conflict', `No single account matches "${id}". See \`steward accounts list\`.`);
  }
  return only;
}
